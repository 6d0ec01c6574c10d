import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { nextBin } from "./build";
import { parseHostPort, startVarnish, type RunningVarnish } from "./varnish";

// The production picture on one machine: N `next start` instances sharing one Postgres (and its
// replicas) and one Redis, behind Varnish with a round-robin director and health probes, every
// instance purging it. Used by `npm run cluster` and by the cluster tests (e2e/cluster.spec.ts).

export type ClusterInstance = {
  name: string;
  port: number;
  url: string;
  pid: number;
  /** Every line the instance printed so far. */
  lines: () => string[];
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export type Cluster = { edge: RunningVarnish; instances: ClusterInstance[]; stop: () => Promise<void> };

export type ClusterOptions = {
  instances: number;
  /** Where Varnish listens; the instances take the ports right after it. */
  listen: string;
  /** Instance environment: DATABASE_URL, AUTH_SECRET, REDIS_URL, DATABASE_REPLICA_URLS, … */
  env: NodeJS.ProcessEnv;
  /** Called with each line an instance prints (the CLI prefixes and shows them). */
  onLine?: (instance: string, line: string) => void;
  readyTimeoutMs?: number;
};

export class ClusterError extends Error {}

/** Refuses what would make N instances disagree: no shared database, no shared cache. */
export function checkClusterEnv(env: NodeJS.ProcessEnv): void {
  if (!env.DATABASE_URL) throw new ClusterError("DATABASE_URL is required: an embedded PGlite cannot be shared by several processes");
  if (!env.REDIS_URL) throw new ClusterError("REDIS_URL is required: without the shared cache each instance keeps its own, and a publish on one leaves the others stale");
  if (!env.AUTH_SECRET || env.AUTH_SECRET.length < 32) throw new ClusterError("AUTH_SECRET (at least 32 characters) is required, the same on every instance");
}

function startInstance(name: string, port: number, env: NodeJS.ProcessEnv, onLine?: ClusterOptions["onLine"]): ClusterInstance {
  const child: ChildProcess = spawn(process.execPath, [nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > 20_000) lines.splice(0, 10_000);
      onLine?.(name, line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { name, port, url: `http://127.0.0.1:${port}`, pid: child.pid!, lines: () => lines, exited, stop };
}

async function waitForHealth(instance: ClusterInstance, timeoutMs: number): Promise<void> {
  let gone = false;
  void instance.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new ClusterError(`${instance.name} exited while starting:\n${instance.lines().slice(-30).join("\n")}`);
    const status = await fetch(`${instance.url}/api/health`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new ClusterError(`${instance.name} did not become healthy within ${timeoutMs / 1000} s:\n${instance.lines().slice(-30).join("\n")}`);
}

/** Starts the instances, waits until each is healthy, then Varnish in front of them. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  checkClusterEnv(options.env);
  if (!Number.isInteger(options.instances) || options.instances < 1 || options.instances > 16) {
    throw new ClusterError("--instances must be a whole number from 1 to 16");
  }
  const listen = parseHostPort(options.listen, "listen address");
  if (!listen.port) throw new ClusterError("--listen needs a port (the instances take the ones after it)");
  const edgeUrl = `http://${listen.host.includes(":") ? `[${listen.host}]` : listen.host}:${listen.port}`;
  const siteUrl = options.env.SITE_URL || edgeUrl;
  const instanceEnv: NodeJS.ProcessEnv = {
    ...options.env,
    SITE_URL: siteUrl,
    NEXTAUTH_URL: siteUrl,
    NEXTAUTH_SECRET: options.env.AUTH_SECRET,
    EDGE_PURGE_URLS: edgeUrl,
    // Varnish on this host appends the address it saw; believe it, and only it.
    TRUSTED_PROXIES: options.env.TRUSTED_PROXIES || "127.0.0.1,::1",
  };
  const instances = Array.from({ length: options.instances }, (_, index) =>
    startInstance(`app-${index + 1}`, listen.port + 1 + index, instanceEnv, options.onLine),
  );
  const stopInstances = () => Promise.all(instances.map((instance) => instance.stop())).then(() => undefined);
  try {
    await Promise.all(instances.map((instance) => waitForHealth(instance, options.readyTimeoutMs ?? 90_000)));
  } catch (error) {
    await stopInstances();
    throw error;
  }
  let edge: RunningVarnish;
  try {
    edge = await startVarnish({
      origin: instances.map((instance) => `127.0.0.1:${instance.port}`),
      listen: `${listen.host}:${listen.port}`,
      storage: "malloc,256m",
      output: "capture",
    });
  } catch (error) {
    await stopInstances();
    throw error;
  }
  return {
    edge,
    instances,
    stop: async () => {
      await edge.stop();
      await stopInstances();
    },
  };
}
