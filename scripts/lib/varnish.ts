import { execFile, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, isIP } from "node:net";
import os from "node:os";
import path from "node:path";

// Starts and stops a varnishd in front of the origin with deploy/varnish/default.vcl, for
// `npm run edge`, the edge tests and the benchmarks. Production runs varnishd under systemd with
// the same VCL rendered once (README, "The edge (Varnish)").

// From the repository root, where npm scripts, vitest and Playwright all run. (Not import.meta:
// Playwright loads this file as CommonJS.)
export const VCL_TEMPLATE_PATH = path.resolve("deploy/varnish/default.vcl");
export const DEFAULT_PURGE_ACL = ["127.0.0.1", "::1"] as const;
const INSTALL_HINT = "install it with: apt-get install varnish varnish-modules";

export class VarnishError extends Error {}

export type VclOptions = {
  /** host:port of each origin instance; several are balanced round-robin. */
  origin: string | readonly string[];
  /** Addresses or CIDR ranges allowed to PURGE. */
  purgeAcl?: readonly string[];
  /** How far past its TTL a copy is served while the origin is healthy (a VCL duration). */
  healthyGrace?: string;
};

export type VarnishOptions = VclOptions & {
  /** host:port to listen on; port 0 picks a free one. */
  listen: string;
  /** varnishd's -n directory; a fresh one under the system temp dir by default, removed by stop(). */
  workDir?: string;
  /** varnishd -s; the cache is bounded by it. */
  storage?: string;
  /** Show varnishd's own output (the CLI does); tests keep it for error messages only. */
  output?: "inherit" | "capture";
  readyTimeoutMs?: number;
};

export type RunningVarnish = {
  /** Where readers and purges go, e.g. http://127.0.0.1:6081 */
  url: string;
  workDir: string;
  /** Resolves with varnishd's exit code when it stops, for whatever reason. */
  exited: Promise<number | null>;
  /** Runs a varnishadm command against this instance (e.g. "backend.list") and returns its output. */
  admin(...command: string[]): Promise<string>;
  /** Stops varnishd (SIGTERM, then SIGKILL after 10 s) and removes the work dir it created. */
  stop(): Promise<void>;
};

/** The varnishd binary, or undefined when Varnish is not installed (it lives in sbin, often off PATH). */
export function findVarnishd(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, "varnishd");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** deploy/varnish/default.vcl with its placeholders filled in. */
export function renderVcl({ origin, purgeAcl = DEFAULT_PURGE_ACL, healthyGrace = "10s" }: VclOptions): string {
  const origins = (typeof origin === "string" ? origin.split(",") : [...origin]).map((o) => o.trim()).filter(Boolean);
  if (!origins.length) throw new VarnishError("at least one origin (host:port) is required");
  if (!/^\d+(ms|s|m|h)$/.test(healthyGrace)) {
    throw new VarnishError(`healthy grace must be a VCL duration such as 10s, not "${healthyGrace}"`);
  }
  const backends = origins.map((value, index) => {
    const { host, port } = parseHostPort(value, "origin");
    if (!host || port === 0) throw new VarnishError(`origin must name a host and a port, not "${value}"`);
    return [
      `backend origin_${index + 1} {`,
      `    .host = "${host}";`,
      `    .port = "${port}";`,
      `    .probe = origin_health;`,
      `}`,
    ].join("\n");
  });
  const members = origins.map((_, index) => `    origin.add_backend(origin_${index + 1});`);
  // For each origin, the others in turn (then itself, should every other one be down).
  const retryDirectors = origins.flatMap((_, index) => [
    `    new after_origin_${index + 1} = directors.fallback();`,
    ...origins.map((__, step) => `    after_origin_${index + 1}.add_backend(origin_${((index + 1 + step) % origins.length) + 1});`),
  ]);
  const retryRouting = origins.map(
    (_, index) =>
      `        ${index === 0 ? "if" : "} elsif"} (bereq.http.x-edge-failed == "origin_${index + 1}") {\n            set bereq.backend = after_origin_${index + 1}.backend();`,
  );
  const acl = purgeAcl.map((entry) => `    ${aclEntry(entry)};`);
  if (!acl.length) throw new VarnishError("the purge ACL needs at least one address");

  const rendered = readFileSync(VCL_TEMPLATE_PATH, "utf8")
    .replaceAll("{{BACKENDS}}", backends.join("\n\n"))
    .replaceAll("{{DIRECTOR_MEMBERS}}", members.join("\n"))
    .replaceAll("{{PURGE_ACL}}", acl.join("\n"))
    .replaceAll("{{HEALTHY_GRACE}}", healthyGrace)
    .replaceAll("{{RETRIES}}", String(origins.length - 1))
    .replaceAll("{{RETRY_DIRECTORS}}", retryDirectors.join("\n"))
    .replaceAll("{{RETRY_ROUTING}}", `${retryRouting.join("\n")}\n        }`);
  const leftover = rendered.match(/\{\{[A-Z_]+\}\}/);
  if (leftover) throw new VarnishError(`${VCL_TEMPLATE_PATH} has a placeholder this launcher does not know: ${leftover[0]}`);
  return rendered;
}

/** Starts varnishd in the foreground and resolves once it answers HTTP. */
export async function startVarnish(options: VarnishOptions): Promise<RunningVarnish> {
  const varnishd = findVarnishd();
  if (!varnishd) throw new VarnishError(`varnishd was not found; ${INSTALL_HINT}`);
  const vcl = renderVcl(options);
  const listen = parseHostPort(options.listen, "listen address");
  const port = listen.port === 0 ? await freePort(listen.host) : listen.port;
  const listenArg = `${bracketed(listen.host)}:${port}`;
  const url = `http://${bracketed(reachableHost(listen.host))}:${port}`;

  const createdWorkDir = !options.workDir;
  const workDir = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), "newsroom-edge-"));
  mkdirSync(workDir, { recursive: true });
  const vclPath = path.join(workDir, "default.vcl");
  writeFileSync(vclPath, vcl);

  const instanceDir = path.join(workDir, "varnishd");
  const args = [
    "-F", // foreground: this process owns varnishd and stops it
    // No privilege separation: this launcher is for laptops, CI and benchmarks, where it often runs
    // as root in a container; the default unix jail then needs a varnish-owned work dir.
    // Production's systemd unit keeps the default jail.
    "-j", "none",
    "-n", instanceDir,
    "-a", listenArg,
    "-f", vclPath,
    "-s", options.storage ?? "malloc,256m",
    // The origin lists every cache tag of a page in one `xkey` header; the defaults (8 KB per
    // header, 32 KB in all) are too tight for a busy home page.
    "-p", "http_resp_hdr_len=32k",
    "-p", "http_resp_size=64k",
  ];
  const child = spawn(varnishd, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output = captureOutput(child, options.output === "inherit");
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? null : 0)));
    child.once("error", () => resolve(null));
  });
  const spawnFailed = new Promise<Error>((resolve) => child.once("error", resolve));

  let stopping: Promise<void> | undefined;
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (createdWorkDir) rmSync(workDir, { recursive: true, force: true });
    })());

  const problem = await Promise.race([
    waitUntilAnswering(url, options.readyTimeoutMs ?? 30_000),
    exited.then((code) => `varnishd exited with code ${code} before answering`),
    spawnFailed.then((error) => `varnishd could not be started: ${error.message}`),
  ]);
  if (problem) {
    await stop();
    const log = output().trim();
    const hint = /xkey/i.test(log) ? `\n(vmod xkey is missing? ${INSTALL_HINT})` : "";
    throw new VarnishError(`${problem}${log ? `:\n${log}` : ""}${hint}`);
  }
  const admin = (...command: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile("varnishadm", ["-n", instanceDir, ...command], { timeout: 10_000 }, (error, stdout, stderr) =>
        error ? reject(new VarnishError(`varnishadm ${command.join(" ")}: ${stderr || error.message}`)) : resolve(stdout),
      );
    });
  return { url, workDir, exited, admin, stop };
}

/** Resolves with nothing once GET /__edge/health (answered by the VCL itself) is 200, or with what went wrong. */
async function waitUntilAnswering(url: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/__edge/health`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return undefined;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `varnishd did not answer on ${url} within ${timeoutMs / 1000} s`;
}

/** Keeps the last few KB of varnishd's output for error messages, and shows it live when asked. */
function captureOutput(child: ChildProcess, inherit: boolean): () => string {
  let tail = "";
  const keep = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    if (inherit) stream.write(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-8_000);
  };
  child.stdout?.on("data", (chunk: Buffer) => keep(chunk, process.stdout));
  child.stderr?.on("data", (chunk: Buffer) => keep(chunk, process.stderr));
  return () => tail;
}

/** `127.0.0.1:6081`, `[::1]:6081`, `localhost:6081`, `:6081` (all interfaces). */
export function parseHostPort(value: string, what: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new VarnishError(`${what} must be host:port (e.g. 127.0.0.1:6081 or [::1]:6081), not "${value}"`);
  }
  return { host: match[1] ?? match[2] ?? "", port };
}

function aclEntry(entry: string): string {
  const [address = "", prefix, ...rest] = entry.trim().split("/");
  const family = isIP(address);
  const bits = prefix === undefined ? undefined : Number(prefix);
  if (!family || rest.length || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= (family === 4 ? 32 : 128)))) {
    throw new VarnishError(`purge ACL entries must be IP addresses or CIDR ranges (10.0.0.0/24), not "${entry}"`);
  }
  return bits === undefined ? `"${address}"` : `"${address}"/${bits}`;
}

function bracketed(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** Listening on all interfaces is reached through loopback. */
function reachableHost(host: string): string {
  if (host === "" || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, reachableHost(host), () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
