import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { deleteRedisKeys } from "@/tests/support/redis";
import { formatMs, section } from "./bench-report";
import type { Cleanup } from "./bench-processes";
import { freePort } from "./bench-processes";
import { startCluster } from "./cluster";
import { runWrk, writeTrafficMixScript, type WrkResult } from "./wrk";

// `npm run bench:http -- --instances 2`: one instance behind Varnish against N behind Varnish, the
// same build, database and Redis (the shared cache both need), measured one after the other.
// Hits are Varnish's work alone; misses (a new search each request, which neither Varnish nor the
// page cache holds) are the instances' and Postgres's.

export type ScaleOptions = {
  instances: number;
  durationSeconds: number;
  connections: number;
  headers: Record<string, string>;
  workDir: string;
  cleanup: Cleanup;
  /** The bench database's environment (DATABASE_URL, AUTH_SECRET). */
  env: NodeJS.ProcessEnv;
  articlePath: string;
};

type Row = { setup: string; hits: WrkResult; misses: WrkResult };

export async function measureScaleOut(options: ScaleOptions): Promise<void> {
  section(`scale-out: 1 instance vs ${options.instances} behind Varnish (wrk -t1 -c${options.connections} -d${options.durationSeconds}s, one after the other)`);
  const prefix = `newsroom-bench-${randomBytes(4).toString("hex")}:`;
  const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  options.cleanup.defer("remove the bench's Redis keys", () => deleteRedisKeys(redisUrl, prefix));
  const missScript = path.join(options.workDir, "misses.lua");
  writeTrafficMixScript(missScript, { pages: [], unknownStories: 0, randomSearches: 1 });

  const rows: Row[] = [];
  for (const instances of [1, options.instances]) {
    // Ports in a row: Varnish, then each instance.
    let base = await freePort();
    while (!(await portsFree(base + 1, instances))) base = await freePort();
    const cluster = await startCluster({
      instances,
      listen: `127.0.0.1:${base}`,
      env: { ...options.env, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, NEXT_TELEMETRY_DISABLED: "1" },
    });
    options.cleanup.defer(`stop the ${instances}-instance cluster`, cluster.stop);
    try {
      const edge = cluster.edge.url;
      for (let i = 0; i < 3; i++) await (await fetch(`${edge}${options.articlePath}`, { headers: options.headers })).arrayBuffer();
      const run = async (script?: string) => {
        const url = script ? edge : `${edge}${options.articlePath}`;
        await runWrk({ url, durationSeconds: Math.max(1, Math.round(options.durationSeconds / 5)), connections: options.connections, headers: options.headers, script });
        return runWrk({ url, durationSeconds: options.durationSeconds, connections: options.connections, headers: options.headers, script });
      };
      const hits = await run();
      const misses = await run(missScript);
      rows.push({ setup: `${instances} instance${instances > 1 ? "s" : ""} + Varnish`, hits, misses });
      console.log(`  measured ${instances} instance(s)`);
    } finally {
      await cluster.stop();
    }
  }

  const [one, many] = rows as [Row, Row];
  const line = (what: string, cells: string[]) => console.log(`  ${what.padEnd(24)}${cells.map((cell) => cell.padStart(14)).join("")}`);
  console.log("");
  line("", ["hits req/s", "hits p99", "misses req/s", "misses p99", "miss errors"]);
  for (const row of rows) {
    line(row.setup, [
      row.hits.requestsPerSecond.toFixed(0),
      formatMs(row.hits.p99Ms),
      row.misses.requestsPerSecond.toFixed(0),
      formatMs(row.misses.p99Ms),
      String(row.misses.non2xx3xx + row.misses.socketErrors),
    ]);
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`\n  ${options.instances} instances vs 1: hits ${ratio(many.hits.requestsPerSecond, one.hits.requestsPerSecond)}, misses ${ratio(many.misses.requestsPerSecond, one.misses.requestsPerSecond)}`);
  console.log(
    `  This machine has ${os.cpus().length} cores, shared by wrk, Varnish, every instance, Postgres and Redis. Hits never reach an instance, so they` +
      ` cannot scale with instances. Misses can only grow while a core is idle: with ${os.cpus().length} cores a second instance mostly competes with the first` +
      ` (and with Postgres, which renders the search) for the same CPU. On separate machines each instance brings its own cores.`,
  );
}

async function portsFree(first: number, count: number): Promise<boolean> {
  const { createServer } = await import("node:net");
  for (let port = first; port < first + count; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}
