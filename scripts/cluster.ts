import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { buildIfNeeded } from "./lib/build";
import { loadEnvOrExit, openMigratedDatabase } from "./lib/cli";
import { ClusterError, startCluster } from "./lib/cluster";

// `npm run cluster -- --instances 2 --listen 127.0.0.1:8080`: the production picture on one
// machine. N `next start` instances on the ports after the edge's (8081, 8082, …) sharing
// DATABASE_URL, DATABASE_REPLICA_URLS and REDIS_URL, Varnish in front with a round-robin director
// and health probes, every instance purging it. Migrations run once, on the primary, first.
// Ctrl-C stops everything.

const USAGE = `usage: npm run cluster -- [--instances 2] [--listen 127.0.0.1:8080] [--no-replica]
Needs DATABASE_URL (Postgres), REDIS_URL and AUTH_SECRET. Public reads go to DATABASE_REPLICA_URLS
when set; otherwise, when DATABASE_URL is this machine's Postgres (127.0.0.1:5432 or localhost),
scripts/dev-replica.sh makes (or reuses) a streaming replica on port 5433 and the instances read
from it. --no-replica: every read on the primary.`;

async function main() {
  const { values: flags } = parseArgs({
    options: {
      instances: { type: "string", default: "2" },
      listen: { type: "string", default: "127.0.0.1:8080" },
      "no-replica": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (flags.help) return console.log(USAGE);
  const instances = Number(flags.instances);

  const env = loadEnvOrExit();
  if (env.embedded || !process.env.REDIS_URL) {
    console.error(`${USAGE}\n\n${env.embedded ? "DATABASE_URL is not set" : "REDIS_URL is not set"}.`);
    process.exit(2);
  }
  buildIfNeeded();
  const handle = await openMigratedDatabase(); // the primary, once, before any instance starts
  await handle.close();
  const instanceEnv: NodeJS.ProcessEnv = { ...process.env };
  if (!flags["no-replica"] && !env.databaseReplicaUrls.length) {
    const replicaUrl = localReplicaFor(process.env.DATABASE_URL!);
    if (replicaUrl) instanceEnv.DATABASE_REPLICA_URLS = replicaUrl;
  }
  const replicas = (instanceEnv.DATABASE_REPLICA_URLS ?? "").split(",").filter(Boolean).length;

  const width = String(instances).length;
  const cluster = await startCluster({
    instances,
    listen: flags.listen,
    env: instanceEnv,
    onLine: (name, line) => console.log(`${name.padEnd(5 + width)} │ ${line}`),
  });
  console.log(`\n  edge (Varnish) on ${cluster.edge.url}  →  ${cluster.instances.map((instance) => instance.url).join(", ")}`);
  console.log(`  shared: Postgres ${redact(process.env.DATABASE_URL!)}${replicas ? ` + ${replicas} replica(s)` : ", no replica"}, Redis ${redact(process.env.REDIS_URL!)}`);
  console.log(`  Ctrl-C stops everything\n`);

  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(code));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(0));
  // One instance dying is what Varnish is for; all of them, or Varnish, ends the run.
  void cluster.edge.exited.then((code) => {
    if (!stopping) console.error(`varnishd exited (code ${code})`);
    stop(1);
  });
  void Promise.all(cluster.instances.map((instance) => instance.exited)).then(() => {
    if (!stopping) console.error("every instance has exited");
    stop(1);
  });
}

/**
 * This machine's Postgres gets a streaming replica of its own (scripts/dev-replica.sh, idempotent:
 * made once, reused after), read by the instances under the same database name. Another server's
 * replicas are the operator's to name in DATABASE_REPLICA_URLS.
 */
function localReplicaFor(primaryUrl: string): string | null {
  const primary = new URL(primaryUrl);
  if (!["127.0.0.1", "localhost"].includes(primary.hostname) || (primary.port || "5432") !== "5432") return null;
  execFileSync("bash", ["scripts/dev-replica.sh"], { stdio: "inherit" });
  const replica = new URL(primary);
  replica.port = "5433";
  return replica.toString();
}

/** A URL without its password, for the banner. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

main().catch((error) => {
  console.error(error instanceof ClusterError ? error.message : error);
  process.exit(1);
});
