import { randomBytes, randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemoContent } from "@/db/seed";
import { demoSections } from "@/db/seed/demo-content";
import { createApiKey } from "@/lib/api-keys/commands";
import { createUser } from "@/lib/users/commands";
import { fetchPage, Portal, rawBody, visibleAfterMs, warmPage, type BenchPage } from "./lib/bench-portal";
import { buildTrivialNextIfNeeded, Cleanup, freePort, readRssKb, startNextServer, startNginx, TRIVIAL_NEXT_DIR } from "./lib/bench-processes";
import {
  formatMb,
  formatVisible,
  NGINX_ROW,
  printMachine,
  printThroughput,
  printVerdicts,
  rssVerdict,
  section,
  throughputVerdicts,
  TRIVIAL_ROW,
  type ThroughputRow,
  type Verdict,
} from "./lib/bench-report";
import { measureScaleOut } from "./lib/bench-scale";
import { buildIfNeeded } from "./lib/build";
import { startVarnish } from "./lib/varnish";
import { runWrk, runWrkForRequests, writeTrafficMixScript } from "./lib/wrk";

// `npm run bench:http`: what a reader request costs, against baselines measured in the same run
// (DESIGN.md "Caching and speed"): nginx serving the same HTML (the limit), a trivial Next page
// (the framework's floor), our pages at the origin (Next's full-page cache) and through Varnish;
// then publish → visible through the edge, and the origin's memory under a long mixed load.
// Measurements run one after another, never together. It prints ratios and marks targets; it
// asserts nothing and is not a test. Run it on a quiet machine.

const USAGE = `usage: npm run bench:http -- [--duration 10] [--connections 50] [--publishes 20] [--rss-requests 100000] [--identity] [--instances N]
  --duration S        seconds per wrk measurement (each follows an unrecorded warm-up run of S/5 s)
  --connections N     wrk connections (one wrk thread)
  --publishes N       stories published through the API and timed until visible through Varnish
  --rss-requests N    requests of the mixed load between the two RSS readings (0 skips it)
  --identity          ask for uncompressed pages (default: Accept-Encoding: gzip, as browsers do)
  --instances N       instead of the above, 1 instance behind Varnish against N (sharing Redis:
                      REDIS_URL, default redis://127.0.0.1:6379), on edge hits and on misses
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server where a
throw-away database newsroom_bench_<pid> is made, and dropped at the end.`;

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

type Flags = { duration: number; connections: number; publishes: number; rssRequests: number; identity: boolean; instances: number };
type Bench = {
  flags: Flags;
  cleanup: Cleanup;
  workDir: string;
  origin: { url: string; pid: number; stop: () => Promise<void> };
  edgeUrl: string;
  portal: Portal;
  /** Sent with every wrk request. */
  headers: Record<string, string>;
};

function readFlags(): Flags {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "50" },
      publishes: { type: "string", default: "20" },
      "rss-requests": { type: "string", default: "100000" },
      identity: { type: "boolean", default: false },
      instances: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name: string, value: string, min: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not "${value}"`);
    return parsed;
  };
  return {
    duration: integer("duration", values.duration, 1),
    connections: integer("connections", values.connections, 1),
    publishes: integer("publishes", values.publishes, 0),
    rssRequests: integer("rss-requests", values["rss-requests"], 0),
    identity: values.identity,
    instances: integer("instances", values.instances, 1),
  };
}

async function main() {
  let flags: Flags;
  try {
    flags = readFlags();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  printMachine();
  const cleanup = new Cleanup();
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: stopping the servers, dropping the bench database, removing temp files…`);
      void cleanup.runAll().finally(() => process.exit(130));
    });
  }
  try {
    const bench = await prepare(flags, cleanup);
    const pages = await pickAndWarmPages(bench);
    if (flags.instances > 1) {
      await bench.origin.stop(); // the comparison starts its own instances; this one would only take CPU
      await measureScaleOut({
        instances: flags.instances,
        durationSeconds: flags.duration,
        connections: flags.connections,
        headers: bench.headers,
        workDir: bench.workDir,
        cleanup,
        env: { ...process.env },
        articlePath: pages[0]!.path,
      });
      return;
    }
    const verdicts = await measureThroughput(bench, pages);
    await measurePublishing(bench, pages);
    verdicts.push(...(await measureMemory(bench, pages)));
    printVerdicts(verdicts);
  } finally {
    section("6. clean-up");
    await cleanup.runAll();
    console.log("servers stopped, bench database dropped, temp files removed");
  }
}

/** Builds, a fresh seeded database with an editor's API key, the portal's `next start`, and Varnish in front. */
async function prepare(flags: Flags, cleanup: Cleanup): Promise<Bench> {
  section("1. prepare");
  // Builds first: a failed build exits at once, and nothing exists yet that would need undoing.
  buildIfNeeded();
  buildTrivialNextIfNeeded();

  const workDir = mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-http-"));
  cleanup.defer("remove temp dir", () => rmSync(workDir, { recursive: true, force: true }));

  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const databaseName = `newsroom_bench_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  cleanup.defer(`drop database ${databaseName}`, async () => {
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
    await admin.end({ timeout: 5 });
  });
  await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
  await admin.unsafe(`create database "${databaseName}"`);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();

  // Seeding stores hero images under DATA_DIR/media; the server reads them from the same place.
  const authSecret = randomBytes(48).toString("base64url");
  Object.assign(process.env, { DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, DATA_DIR: path.join(workDir, "data") });
  const handle = openDatabase({ url: databaseUrl }, { statementTimeoutMs: 0 });
  let apiKey: string;
  let authorSlug: string;
  try {
    await runMigrations(handle, databaseUrl);
    const seeded = await seedDemoContent(handle.db);
    const editor = await createUser(handle.db, {
      email: "bench-editor@bench.example",
      displayName: "محرر القياس",
      slug: "bench-editor",
      role: "editor",
      password: randomBytes(18).toString("base64url"),
    });
    authorSlug = editor.slug;
    apiKey = (await createApiKey(handle.db, { name: "bench http", role: "editor" }, editor.id)).key;
    console.log(`database ${databaseName}: migrated, ${seeded.stories} demo stories, an editor and an editor API key`);
  } finally {
    await handle.close();
  }

  const originPort = await freePort();
  const edgePort = await freePort();
  const edgeUrl = `http://127.0.0.1:${edgePort}`;
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(originPort), SITE_URL: edgeUrl, EDGE_PURGE_URLS: edgeUrl, NEXT_TELEMETRY_DISABLED: "1" };
  // The bench database has no replicas.
  delete serverEnv.DATABASE_REPLICA_URLS;
  const origin = await startNextServer({ port: originPort, env: serverEnv, readyPath: "/robots.txt" });
  cleanup.defer("stop the portal's next start", origin.stop);
  const edge = await startVarnish({ listen: `127.0.0.1:${edgePort}`, origin: `127.0.0.1:${originPort}`, workDir: path.join(workDir, "varnish"), output: "capture" });
  cleanup.defer("stop varnishd", edge.stop);
  console.log(`portal: next start on ${origin.url} (pid ${origin.pid}); Varnish on ${edge.url}`);

  return {
    flags,
    cleanup,
    workDir,
    origin,
    edgeUrl: edge.url,
    portal: new Portal({ originUrl: origin.url, apiKey, authorSlug, sectionSlug: demoSections[0]!.slug }),
    headers: flags.identity ? {} : { "Accept-Encoding": "gzip" },
  };
}

async function pickAndWarmPages({ origin, edgeUrl, portal }: Bench): Promise<BenchPage[]> {
  section("2. pages and warm-up");
  const pages = await portal.pickPages();
  for (const page of pages) {
    const cache = await warmPage(origin.url, page.path);
    await warmPage(edgeUrl, page.path);
    const note = cache === "HIT" ? "" : "   ← NOT a cache hit at the origin";
    console.log(`${page.name.padEnd(8)} ${decodeURI(page.path)}   x-nextjs-cache: ${cache ?? "absent"}${note}`);
  }
  return pages;
}

async function measureThroughput(bench: Bench, pages: BenchPage[]): Promise<Verdict[]> {
  const { flags, cleanup, workDir, origin, edgeUrl, headers } = bench;
  const encoding = flags.identity ? "" : ', -H "Accept-Encoding: gzip"';
  section(`3. throughput (wrk -t1 -c${flags.connections} -d${flags.duration}s --latency${encoding})`);
  const rows: ThroughputRow[] = [];
  const measure = async (what: string, url: string) => {
    await runWrk({ url, durationSeconds: Math.max(1, Math.round(flags.duration / 5)), connections: flags.connections, headers });
    const result = await runWrk({ url, durationSeconds: flags.duration, connections: flags.connections, headers });
    const { bytes, encoding: served, status } = await rawBody(url, headers);
    rows.push({ what, result, body: `${(bytes / 1024).toFixed(1)} kB ${served}${status === 200 ? "" : ` (HTTP ${status}!)`}` });
    console.log(`  measured ${what}`);
  };

  // The limit: the article's very HTML as a static file, with a gzipped copy as the edge keeps one.
  const staticRoot = path.join(workDir, "www");
  const nginxDir = path.join(workDir, "nginx");
  mkdirSync(staticRoot, { recursive: true });
  mkdirSync(nginxDir, { recursive: true });
  const articleHtml = await (await fetchPage(`${origin.url}${pages[0]!.path}`)).text();
  writeFileSync(path.join(staticRoot, "article.html"), articleHtml);
  writeFileSync(path.join(staticRoot, "article.html.gz"), gzipSync(articleHtml));
  const nginx = await startNginx({ port: await freePort(), dir: nginxDir, root: staticRoot });
  cleanup.defer("stop nginx", nginx.stop);
  await measure(NGINX_ROW, `${nginx.url}/article.html`);
  await nginx.stop();

  const trivial = await startNextServer({ port: await freePort(), env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, projectDir: TRIVIAL_NEXT_DIR });
  cleanup.defer("stop the trivial next start", trivial.stop);
  const trivialCache = await warmPage(trivial.url, "/");
  if (trivialCache !== "HIT") console.log(`  the trivial Next page is NOT a cache hit (x-nextjs-cache: ${trivialCache ?? "absent"})`);
  await measure(TRIVIAL_ROW, `${trivial.url}/`);
  await trivial.stop();

  for (const page of pages) await measure(`${page.name} @origin`, `${origin.url}${page.path}`);
  for (const page of pages) await measure(`${page.name} @varnish`, `${edgeUrl}${page.path}`);
  printThroughput(rows);
  return throughputVerdicts(rows, pages.map((page) => page.name));
}

/** Each story is published in the measured tag, so its page and the home page must both show it. */
async function measurePublishing({ flags, edgeUrl, portal }: Bench, pages: BenchPage[]) {
  section(`4. publish → visible through Varnish (${flags.publishes}×, polling every 20 ms)`);
  const tag = pages.find((page) => page.name === "tag")!;
  // Digits only: the site wraps Latin words in <bdi>, which would split a title like "خبر 8d5c2a".
  const runTag = String(randomInt(100_000, 1_000_000));
  const times: number[] = [];
  let lastStory: { id: number; version: number; path: string } | undefined;
  for (let i = 1; i <= flags.publishes; i++) {
    const title = `خبر القياس ${runTag} رقم ${i}`;
    const story = await portal.publish(title, tag.tagName!);
    const visibleMs = await visibleAfterMs([`${edgeUrl}/`, `${edgeUrl}${tag.path}`], title, story.respondedAt);
    times.push(visibleMs ?? Number.POSITIVE_INFINITY);
    lastStory = story;
    console.log(`  #${String(i).padStart(2)} POST ${story.postMs.toFixed(0)} ms; visible on the home and tag pages ${formatVisible(visibleMs)} after its response`);
  }
  if (times.length) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  median ${formatVisible(sorted[Math.floor((sorted.length - 1) / 2)]!)}, worst ${formatVisible(sorted.at(-1)!)}`);
  }

  lastStory ??= await portal.publish(`خبر القياس ${runTag} للتعديل`, tag.tagName!);
  // Cached at the edge first, so the edit has a copy to replace.
  await warmPage(edgeUrl, lastStory.path);
  const newTitle = `عنوان معدل ${runTag}`;
  const edit = await portal.editTitle(lastStory, newTitle);
  const editMs = await visibleAfterMs([`${edgeUrl}${lastStory.path}`, `${edgeUrl}/`], newTitle, edit.respondedAt);
  console.log(`  edit (PATCH title) of story ${lastStory.id}: PATCH ${edit.patchMs.toFixed(0)} ms; visible on the story and home pages ${formatVisible(editMs)} after its response`);
}

/** RSS of the portal's next-server before and after a long mixed load of hits and misses. */
async function measureMemory({ flags, workDir, origin, headers }: Bench, pages: BenchPage[]): Promise<Verdict[]> {
  section(`5. memory of the portal's next-server (pid ${origin.pid})`);
  if (!flags.rssRequests) {
    console.log("  skipped (--rss-requests 0)");
    return [];
  }
  const pathOf = (name: BenchPage["name"]) => pages.find((page) => page.name === name)!.path;
  const script = path.join(workDir, "mix.lua");
  writeTrafficMixScript(script, {
    pages: [
      { path: pathOf("article"), share: 0.4 },
      { path: pathOf("home"), share: 0.25 },
      { path: pathOf("tag"), share: 0.2 },
    ],
    unknownStories: 0.1,
    randomSearches: 0.05,
  });
  const beforeKb = readRssKb(origin.pid);
  const load = await runWrkForRequests({ url: origin.url, requests: flags.rssRequests, connections: flags.connections, headers, script });
  const afterKb = readRssKb(origin.pid);
  console.log(`  ${load.requests} requests in ${load.seconds.toFixed(0)} s: 40% story, 25% home, 20% tag (cache hits), 10% unknown stories, 5% random searches`);
  console.log(`  ${load.non2xx3xx} answers outside 2xx/3xx (the unknown stories), ${load.socketErrors} socket errors`);
  console.log(`  RSS before ${formatMb(beforeKb)}, after ${formatMb(afterKb)}`);
  return [rssVerdict(load.requests, afterKb / beforeKb)];
}

main().then(
  // Idle keep-alive sockets would hold the process open a few seconds more.
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
