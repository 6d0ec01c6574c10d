import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { nextBin } from "./build";

// The servers `npm run bench:http` starts (next start, nginx), and the bookkeeping that stops
// every one of them, and undoes everything else, on success, on failure and on Ctrl-C.

type Undo = { label: string; run: () => Promise<void> | void };

/** Undo steps run last-registered first, each once, each failure reported and skipped past. */
export class Cleanup {
  private readonly steps: Undo[] = [];
  private running: Promise<void> | undefined;

  defer(label: string, run: Undo["run"]) {
    this.steps.push({ label, run });
  }

  runAll(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`cleanup: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  }
}

/** The trivial Next app measured as the framework's floor; built with the repo's own node_modules. */
export const TRIVIAL_NEXT_DIR = path.join("bench", "trivial-next");

/** `next build bench/trivial-next` when its files or the installed Next changed since the last build. */
export function buildTrivialNextIfNeeded() {
  const hash = createHash("sha256").update(readFileSync(path.join("node_modules", "next", "package.json")));
  const visit = (entry: string) => {
    if (statSync(entry).isDirectory()) {
      for (const child of readdirSync(entry).sort()) if (child !== ".next" && child !== "next-env.d.ts") visit(path.join(entry, child));
    } else {
      hash.update(entry).update(readFileSync(entry));
    }
  };
  visit(TRIVIAL_NEXT_DIR);
  const fingerprint = hash.digest("hex");
  const marker = path.join(TRIVIAL_NEXT_DIR, ".next", "source-fingerprint");
  if (existsSync(path.join(TRIVIAL_NEXT_DIR, ".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) return;
  console.log(`building ${TRIVIAL_NEXT_DIR} (the trivial Next page)…`);
  const result = spawnSync(process.execPath, [nextBin(), "build", TRIVIAL_NEXT_DIR], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build ${TRIVIAL_NEXT_DIR} failed (exit ${result.status})`);
  writeFileSync(marker, fingerprint);
}

const children = new Set<ChildProcess>();
// Last resort when the script dies without its cleanup (an uncaught throw inside a callback).
process.once("exit", () => children.forEach((child) => child.kill("SIGKILL")));

/** spawn(), with the child killed if this process exits, and the last 8 KB of its output kept for errors. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let tail = "";
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString("utf8")).slice(-8_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      children.delete(child);
      resolve(code);
    });
    child.once("error", (error) => {
      children.delete(child);
      keep(Buffer.from(`${command}: ${error.message}\n`));
      resolve(null);
    });
  });
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, exited, output: () => tail, stop };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** Resolves once `url` answers HTTP at all (any status); rejects when the process exits first or time runs out. */
export async function waitUntilAnswering(url: string, exited: Promise<unknown>, what: string, timeoutMs = 60_000) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${what} exited before answering`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
}

export type RunningServer = { url: string; pid: number; stop: () => Promise<void> };

/**
 * `node node_modules/next/dist/bin/next start` itself, not an npm wrapper, so the pid is the
 * server's and its RSS can be read. `projectDir` is the fixture's folder; the portal's is the cwd.
 */
export async function startNextServer(options: { port: number; env: NodeJS.ProcessEnv; projectDir?: string; readyPath?: string }) {
  const args = [nextBin(), "start", ...(options.projectDir ? [options.projectDir] : []), "-p", String(options.port), "-H", "127.0.0.1"];
  const server = spawnTracked(process.execPath, args, { env: options.env });
  const url = `http://127.0.0.1:${options.port}`;
  const what = `next start ${options.projectDir ?? "(portal)"}`;
  try {
    await waitUntilAnswering(`${url}${options.readyPath ?? "/"}`, server.exited, what);
  } catch (error) {
    await server.stop("SIGKILL");
    throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${server.output().trim()}`);
  }
  return { url, pid: listeningPid(options.port, server.child.pid!), output: server.output, stop: () => server.stop() };
}

/** nginx serving one directory on 127.0.0.1:port, configured and logging inside `dir` only. */
export async function startNginx(options: { port: number; dir: string; root: string }): Promise<RunningServer> {
  const config = [
    // Workers run as the invoking user; as root they would otherwise drop to nobody, who cannot read a 0700 temp dir.
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "daemon off;",
    "worker_processes auto;",
    `pid ${path.join(options.dir, "nginx.pid")};`,
    `error_log ${path.join(options.dir, "error.log")} warn;`,
    "events { worker_connections 4096; }",
    "http {",
    "  access_log off;",
    "  sendfile on;",
    "  tcp_nopush on;",
    // wrk keeps its connections: no reconnect every 1000 requests, as Node and Varnish never do either.
    "  keepalive_requests 1000000;",
    "  types { text/html html; }",
    "  charset utf-8;",
    // The same bytes a browser gets from the edge: the pre-compressed copy when it asks for gzip.
    "  gzip_static on;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${path.join(options.dir, `${kind}-temp`)};`),
    `  server { listen 127.0.0.1:${options.port}; root ${options.root}; }`,
    "}",
  ].join("\n");
  const configPath = path.join(options.dir, "nginx.conf");
  writeFileSync(configPath, `${config}\n`);
  const nginx = spawnTracked("nginx", ["-p", options.dir, "-c", configPath, "-e", path.join(options.dir, "error.log")]);
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilAnswering(url, nginx.exited, "nginx", 15_000);
  } catch (error) {
    await nginx.stop("SIGKILL");
    const log = readIfPresent(path.join(options.dir, "error.log"));
    throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${nginx.output().trim()}\n${log.trim()}`);
  }
  return { url, pid: nginx.child.pid!, stop: () => nginx.stop() };
}

/** Resident memory of a process, in kB, from /proc/<pid>/status. */
export function readRssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/**
 * The process holding the listening socket on `port`: `rootPid` itself, or one of its descendants
 * should a wrapper ever fork the real server. Falls back to `rootPid` when /proc cannot tell.
 */
export function listeningPid(port: number, rootPid: number): number {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const localPort = Number.parseInt(fields[1]?.split(":").pop() ?? "", 16);
      // State 0A is LISTEN.
      if (localPort === port && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    try {
      const sockets = readdirSync(`/proc/${pid}/fd`).map((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`));
      if (sockets.some((target) => inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? ""))) return pid;
    } catch {
      // gone, or not ours to read
    }
  }
  return rootPid;
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    const children = readIfPresent(`/proc/${pid}/task/${task}/children`).trim();
    for (const child of children ? children.split(/\s+/).map(Number) : []) found.push(child, ...descendants(child));
  }
  return found;
}

function readIfPresent(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function safeReadlink(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return "";
  }
}
