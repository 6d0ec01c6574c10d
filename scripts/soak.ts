import { parseArgs } from "node:util";
import postgres from "postgres";
import { E2E_USERS } from "@/e2e/support/accounts";
import { prepareThrowawayPortal } from "./lib/throwaway-portal";
import { Cleanup, freePort, readRssKb, startNextServer } from "./lib/bench-processes";

// `npm run soak -- --minutes 10`: everything at once against a production build on Postgres, for
// as long as asked, then the verdict. Readers (articles, tags, search, feeds), editors saving the
// same stories with the version they read (so saves conflict and some get 409), API ingest of new
// stories, and sign-in attempts with wrong passwords. It prints errors, requests and p99 per kind,
// lost updates (an acknowledged save missing from the revision history, or a story whose row is
// not its newest revision) and the server's RSS growth. A script, not a test.

const USAGE = `usage: npm run soak -- [--minutes 10] [--warmup 2] [--readers 8] [--editors 4]
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server where a
throw-away database newsroom_soak_<pid> is made, and dropped at the end.`;

type Kind = "read article" | "read tag" | "search" | "feed" | "save" | "ingest" | "wrong login";
type Stats = { count: number; errors: number; conflicts: number; latencies: number[]; errorCodes: Map<string, number> };
type Outcome = "ok" | "conflict" | { error: string };
type AckedSave = { storyId: number; version: number; title: string };

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      readers: { type: "string", default: "8" },
      editors: { type: "string", default: "4" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return console.log(USAGE);
  const minutes = Number(values.minutes);
  const warmupMinutes = Number(values.warmup);
  const readers = Number(values.readers);
  const editors = Number(values.editors);
  if (!(minutes > 0) || !(warmupMinutes >= 0) || !Number.isInteger(readers) || !Number.isInteger(editors) || readers < 1 || editors < 1) {
    console.error(USAGE);
    process.exit(2);
  }

  const cleanup = new Cleanup();
  process.on("SIGINT", () => void cleanup.runAll().finally(() => process.exit(130)));
  try {
    const { databaseUrl, apiKey: key, authSecret } = await prepareThrowawayPortal("newsroom_soak", cleanup);

    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, PORT: String(port), EDGE_PURGE_URLS: "" };
    const server = await startNextServer({ port, env, readyPath: "/api/health" });
    cleanup.defer("stop the server", () => server.stop());
    const base = server.url;
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });

    const listing = (await (await api("GET", "/api/v1/articles?status=published&limit=40")).json()) as {
      items: { id: number; url: string; tags: string[] }[];
    };
    const storyPaths = listing.items.map((story) => new URL(story.url).pathname);
    const tagList = (await (await api("GET", "/api/v1/tags?limit=100")).json()) as { items: { url: string }[] };
    const tagPaths = tagList.items.map((tag) => new URL(tag.url).pathname);
    const contested = listing.items.slice(0, 3).map((story) => story.id); // every editor saves these
    const words = ["بوتين", "الكرملين", "النفط", "الانتخابات", "ترمب", "غزة", "الذهب", "الطاقة"];

    const stats = new Map<Kind, Stats>();
    const acked: AckedSave[] = [];
    const record = async (kind: Kind, run: () => Promise<Outcome>) => {
      const entry = stats.get(kind) ?? { count: 0, errors: 0, conflicts: 0, latencies: [], errorCodes: new Map<string, number>() };
      stats.set(kind, entry);
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await run();
      } catch (error) {
        outcome = { error: error instanceof Error ? error.name : "exception" };
      }
      entry.count++;
      entry.latencies.push(performance.now() - started);
      if (outcome === "conflict") entry.conflicts++;
      else if (outcome !== "ok") {
        entry.errors++;
        entry.errorCodes.set(outcome.error, (entry.errorCodes.get(outcome.error) ?? 0) + 1);
      }
    };
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
    const okStatus = (status: number): Outcome => (status < 400 ? "ok" : { error: String(status) });

    // Memory is judged after a warm-up under the full load, not after one request per page: V8
    // grows its heap to the working set of a busy server (JIT code, new-space, the page cache
    // filling up) and that first climb is not a leak. The whole run (warm-up included) counts for
    // errors and lost updates; RSS growth is measured from the end of the warm-up, and RSS is
    // sampled every 30 s so a plateau (no leak) and a steady climb (a leak) look different.
    for (const path of [...storyPaths, ...tagPaths, "/", "/feed.xml"]) await fetch(`${base}${path}`).then((r) => r.arrayBuffer());
    const rssAtStart = readRssKb(server.pid);
    const warmupEnds = Date.now() + warmupMinutes * 60_000;
    const deadline = warmupEnds + minutes * 60_000;
    let rssBefore = rssAtStart;
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(readRssKb(server.pid)), 30_000);
    const warmupTimer = setTimeout(() => (rssBefore = readRssKb(server.pid)), warmupMinutes * 60_000);
    cleanup.defer("stop the RSS sampler", () => (clearInterval(sampler), clearTimeout(warmupTimer)));
    console.log(
      `soaking for ${warmupMinutes} min of warm-up + ${minutes} min: ${readers} readers, ${editors} editors, 1 ingest worker, 1 wrong-password worker; RSS at start ${(rssAtStart / 1024).toFixed(1)} MB`,
    );

    const reader = async () => {
      while (Date.now() < deadline) {
        const roll = Math.random();
        if (roll < 0.5) await record("read article", async () => okStatus((await fetch(`${base}${pick(storyPaths)}`).then(drain)).status));
        else if (roll < 0.75) await record("read tag", async () => okStatus((await fetch(`${base}${pick(tagPaths)}`).then(drain)).status));
        else if (roll < 0.9) await record("search", async () => okStatus((await fetch(`${base}/search?q=${encodeURIComponent(pick(words))}`).then(drain)).status));
        else await record("feed", async () => okStatus((await fetch(`${base}/feed.xml`).then(drain)).status));
      }
    };
    const editor = async (n: number) => {
      let i = 0;
      while (Date.now() < deadline) {
        const id = i++ % 2 === 0 ? pick(contested) : pick(listing.items).id;
        await record("save", async () => {
          const current = (await (await api("GET", `/api/v1/articles/${id}`)).json()) as { version: number };
          const title = `عنوان من المحرر ${n} للخبر ${id} رقم ${i}`;
          const response = await api("PATCH", `/api/v1/articles/${id}`, { version: current.version, title });
          if (response.status === 409) return "conflict";
          if (response.status !== 200) return { error: String(response.status) };
          acked.push({ storyId: id, version: ((await response.json()) as { version: number }).version, title });
          return "ok";
        });
      }
    };
    const ingest = async () => {
      let i = 0;
      while (Date.now() < deadline) {
        await record("ingest", async () => {
          const response = await api("POST", "/api/v1/articles", {
            title: `خبر وارد من الوكالة رقم ${++i}`,
            bodyText: "فقرة أولى من خبر وارد.\n\nفقرة ثانية.",
            section: "سياسة",
            authors: ["e2e-editor"],
            tags: ["وكالات"],
            status: i % 3 === 0 ? "published" : "draft",
          });
          return response.status === 201 ? "ok" : { error: String(response.status) };
        });
      }
    };
    const wrongLogins = async () => {
      let i = 0;
      while (Date.now() < deadline) {
        await record("wrong login", async () => {
          const csrfResponse = await fetch(`${base}/api/auth/csrf`);
          const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
          const cookie = csrfResponse.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
          const response = await fetch(`${base}/api/auth/callback/credentials`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", cookie },
            body: new URLSearchParams({ csrfToken, email: pick(E2E_USERS).email, password: `wrong-${i++}`, json: "true" }),
          });
          await response.arrayBuffer();
          // The expected answer is a refusal: no server error, and no session cookie.
          const gotSession = response.headers.getSetCookie().some((c) => c.includes("session-token="));
          return response.status < 500 && !gotSession ? "ok" : { error: gotSession ? "signed in" : String(response.status) };
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await Promise.all([
      ...Array.from({ length: readers }, reader),
      ...Array.from({ length: editors }, (_, n) => editor(n + 1)),
      ingest(),
      wrongLogins(),
    ]);
    const rssAfter = readRssKb(server.pid);
    clearInterval(sampler);

    // Lost updates: every acknowledged save is in the revision history with its version and
    // title, and every story's row is its newest revision.
    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    cleanup.defer("close the check connection", () => db.end());
    let lost = 0;
    for (const save of acked) {
      const [revision] = await db`select snapshot->>'title' as title from article_revisions where article_id = ${save.storyId} and version = ${save.version}`;
      if (revision?.title !== save.title) lost++;
    }
    const mismatched = await db`
      select a.id from articles a
      join lateral (select version, snapshot->>'title' as title from article_revisions r where r.article_id = a.id order by version desc limit 1) newest on true
      where newest.version <> a.version or newest.title <> a.title`;

    console.log("\nkind            requests   errors   409s      p50       p99");
    let errors = 0;
    for (const [kind, entry] of stats) {
      const sorted = entry.latencies.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      errors += entry.errors;
      console.log(
        `${kind.padEnd(14)} ${String(entry.count).padStart(9)} ${String(entry.errors).padStart(8)} ${String(entry.conflicts).padStart(6)} ${at(0.5).toFixed(1).padStart(7)} ms ${at(0.99).toFixed(1).padStart(7)} ms` +
          (entry.errorCodes.size ? `   errors: ${[...entry.errorCodes].map(([code, n]) => `${code}×${n}`).join(", ")}` : ""),
      );
    }
    // What the server itself logged as errors, once each: the first place to look when a count is not 0.
    const serverErrors = [...new Set(server.output().split("\n").filter((line) => /error|deadlock|⨯/i.test(line) && !/CredentialsSignin/.test(line)))];
    if (serverErrors.length) console.log(`\nserver log, ${serverErrors.length} distinct error lines (first 8):\n${serverErrors.slice(0, 8).join("\n")}`);
    const growth = rssAfter / rssBefore;
    console.log(`\nerrors: ${errors} (target 0)`);
    console.log(`lost updates: ${lost} of ${acked.length} acknowledged saves; stories whose row is not their newest revision: ${mismatched.length} (target 0)`);
    console.log(`RSS every 30 s (MB): ${rssSamples.map((kb) => (kb / 1024).toFixed(0)).join(" ")}`);
    console.log(
      `RSS: ${(rssAtStart / 1024).toFixed(1)} MB at start, ${(rssBefore / 1024).toFixed(1)} MB after the ${warmupMinutes}-min warm-up → ${(rssAfter / 1024).toFixed(1)} MB at the end, growth ${((growth - 1) * 100).toFixed(1)}% (target ≤ 20%)`,
    );
    process.exitCode = errors === 0 && lost === 0 && mismatched.length === 0 && growth <= 1.2 ? 0 : 1;
  } finally {
    await cleanup.runAll();
  }
}

async function drain(response: Response): Promise<Response> {
  await response.arrayBuffer();
  return response;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
