import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// `next build` runs when the sources changed since the last build, and never otherwise:
// a restart of `npm start` takes seconds, not a minute.
const BUILD_INPUTS = ["app", "lib", "db", "public", "package-lock.json", "next.config.js", "tsconfig.json", "proxy.ts", "instrumentation.ts"];

function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry).sort()) visit(path.join(entry, child));
    } else {
      hash.update(entry).update(String(stat.size)).update(String(stat.mtimeMs));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

export function buildIfNeeded() {
  const marker = path.join(".next", "source-fingerprint");
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint) return;
  console.log("building the portal (first start, or the sources changed)…");
  // The build never opens the database (lib/cache/build-phase.ts) and reads no secret, but the
  // environment check asks for AUTH_SECRET whenever DATABASE_URL is set: a command that builds
  // before it has made its throw-away secret (bench, soak) must not fail on that.
  const env = { ...process.env, AUTH_SECRET: process.env.AUTH_SECRET || "build-only-placeholder-never-used-at-run-time" };
  const result = spawnSync(process.execPath, [nextBin(), "build"], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(marker, fingerprint);
}

export function nextBin(): string {
  return path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
}

