import { execFile, spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemoContent } from "@/db/seed";
import { buildIfNeeded, nextBin } from "./lib/build";

// `npm run audit:lighthouse`: Lighthouse 12 on Debian's Chromium against the built portal, served
// from a fresh, seeded PGlite directory (like scripts/e2e-server.ts), for the home, a story and a
// tag page, with Lighthouse's default (mobile) form factor. Prints the four category scores and
// fails when SEO is below 100 or Accessibility below 95 on any page. LIGHTHOUSE_VERBOSE=1 also
// lists every audit that did not pass.

const CATEGORIES = ["seo", "accessibility", "best-practices", "performance"] as const;
const MIN_SCORES: Partial<Record<(typeof CATEGORIES)[number], number>> = { seo: 100, accessibility: 95 };
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];
const DATA_DIR = path.resolve(".data-lighthouse");
const RUNNER = path.resolve("scripts/lib/lighthouse-runner.mjs");

type CategoryResult = { score: number; failing: { id: string; title: string; items: string[] }[] };

/** Lighthouse in plain Node (see lighthouse-runner.mjs for why not in this tsx process). */
async function runLighthouse(url: string, port: number): Promise<Record<string, CategoryResult>> {
  const { stdout } = await promisify(execFile)(process.execPath, [RUNNER, url, String(port), CATEGORIES.join(",")], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, CategoryResult>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the portal did not become healthy within 2 minutes");
}

/** The first link on `fromPath` whose path starts with `prefix`, as an absolute URL. */
async function firstLink(baseUrl: string, fromPath: string, prefix: string): Promise<string> {
  const html = await (await fetch(`${baseUrl}${fromPath}`)).text();
  const href = [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!).find((value) => value.startsWith(prefix));
  if (!href) throw new Error(`no ${prefix} link on ${fromPath}`);
  return new URL(href.replace(/&amp;/g, "&"), baseUrl).toString();
}

async function main() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Always the embedded database, even when DATABASE_URL is set for the rest of the suite.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR,
    PORT: String(port),
    SITE_URL: baseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET || "lighthouse-secret-lighthouse-secret-lighthouse",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  rmSync(DATA_DIR, { recursive: true, force: true });
  Object.assign(process.env, env);

  const handle = openDatabase({ dataDir: path.join(DATA_DIR, "pglite") });
  await runMigrations(handle);
  await seedDemoContent(handle.db);
  await handle.close();

  buildIfNeeded();
  const server = spawn(process.execPath, [nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    await waitForHealth(baseUrl, server);
    const story = await firstLink(baseUrl, "/", "/news/");
    const pages = [
      { name: "home", url: `${baseUrl}/` },
      { name: "story", url: story },
      { name: "tag", url: await firstLink(baseUrl, new URL(story).pathname, "/tag/") },
    ];
    chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
    const rows: { page: string; url: string; scores: Record<string, number> }[] = [];
    const failures: string[] = [];
    for (const page of pages) {
      const result = await runLighthouse(page.url, chrome.port);
      const scores: Record<string, number> = {};
      for (const category of CATEGORIES) scores[category] = result[category]?.score ?? 0;
      rows.push({ page: page.name, url: page.url, scores });
      if (process.env.LIGHTHOUSE_VERBOSE) {
        for (const category of CATEGORIES) {
          for (const audit of result[category]?.failing ?? []) console.log(`${page.name} ${category}: ${audit.id} (${audit.title}) ${audit.items.join(" | ")}`);
        }
      }
      for (const [category, minimum] of Object.entries(MIN_SCORES)) {
        if (scores[category]! < minimum) {
          const failing = (result[category]?.failing ?? []).map((audit) => `${audit.id} (${audit.title}) ${audit.items.join(" | ")}`);
          failures.push(`${page.name}: ${category} ${scores[category]} < ${minimum}; failing audits:\n  ${failing.join("\n  ") || "none listed"}`);
        }
      }
    }
    console.log(`\nLighthouse 12.2.3, ${CHROMIUM}, mobile form factor\n`);
    console.log(["page", "SEO", "Accessibility", "Best Practices", "Performance", "URL"].join("\t"));
    for (const row of rows) {
      console.log([row.page, ...CATEGORIES.map((category) => String(row.scores[category])), decodeURI(row.url)].join("\t"));
    }
    if (failures.length) {
      console.error(`\n${failures.join("\n")}`);
      process.exitCode = 1;
    }
  } finally {
    if (chrome) await chrome.kill();
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  rmSync(DATA_DIR, { recursive: true, force: true });
  process.exit(1);
});
