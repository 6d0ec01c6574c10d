import { parseArgs } from "node:util";
import postgres from "postgres";
import { prepareThrowawayPortal } from "./lib/throwaway-portal";
import { Cleanup, freePort, startNextServer } from "./lib/bench-processes";

// `npm run crash-test`: kill -9 the server in the middle of a burst of saves, start it again, and
// check the database. Every save is one transaction (DESIGN.md "Nothing is lost"), so:
// - every save the server acknowledged (200 with a version) is there, as the story's state or as
//   a revision with that version and that title;
// - no story is half-written: its current row equals its newest revision, and no revision is
//   newer than the row;
// - a save in flight when the server died is either wholly there (it committed, the answer was
//   lost with the process) or wholly absent; the script counts both.
// It is a script, not a test: it needs Postgres and a production build, and takes about a minute.

const USAGE = `usage: npm run crash-test -- [--stories 8] [--kill-after-ms 3000]
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server where a
throw-away database newsroom_crash_<pid> is made, and dropped at the end.`;

type Save = { storyId: number; title: string; acknowledgedVersion: number | null };

async function main() {
  const { values } = parseArgs({
    options: { stories: { type: "string", default: "8" }, "kill-after-ms": { type: "string", default: "3000" }, help: { type: "boolean", default: false } },
    strict: true,
  });
  if (values.help) return console.log(USAGE);
  const storyCount = Number(values.stories);
  const killAfterMs = Number(values["kill-after-ms"]);
  if (!Number.isInteger(storyCount) || storyCount < 1 || !Number.isInteger(killAfterMs) || killAfterMs < 100) {
    console.error(USAGE);
    process.exit(2);
  }

  const cleanup = new Cleanup();
  process.on("SIGINT", () => void cleanup.runAll().finally(() => process.exit(130)));
  try {
    const { databaseUrl, apiKey: key, authSecret } = await prepareThrowawayPortal("newsroom_crash", cleanup);

    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, PORT: String(port), EDGE_PURGE_URLS: "" };
    let server = await startNextServer({ port, env, readyPath: "/api/health" });
    cleanup.defer("stop the server", () => server.stop());
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    const listing = (await (await api("GET", `/api/v1/articles?status=published&limit=${storyCount}`)).json()) as {
      items: { id: number; version: number }[];
    };
    // Warm the save path first (route compilation, JIT, pool), so the burst is a burst.
    for (const story of listing.items) {
      const response = await api("PATCH", `/api/v1/articles/${story.id}`, { version: story.version, title: `تسخين ${story.id}` });
      story.version = ((await response.json()) as { version: number }).version;
    }
    const saves: Save[] = [];
    let killed = false;
    // One chain of back-to-back saves per story, all chains at once, until the server dies.
    const chains = listing.items.map(async (story) => {
      let version = story.version;
      for (let n = 1; !killed; n++) {
        const save: Save = { storyId: story.id, title: `حفظ ${story.id} رقم ${n} قبل الانهيار`, acknowledgedVersion: null };
        saves.push(save);
        try {
          const response = await api("PATCH", `/api/v1/articles/${story.id}`, { version, title: save.title });
          if (response.status !== 200) break;
          version = ((await response.json()) as { version: number }).version;
          save.acknowledgedVersion = version;
        } catch {
          break; // the connection died with the server
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    process.kill(server.pid, "SIGKILL");
    killed = true;
    await Promise.all(chains);
    console.log(`kill -9 after ${killAfterMs} ms: ${saves.filter((s) => s.acknowledgedVersion !== null).length} saves acknowledged, ${saves.filter((s) => s.acknowledgedVersion === null).length} in flight`);

    await server.stop().catch(() => {});
    server = await startNextServer({ port, env, readyPath: "/api/health" });
    console.log("server started again");

    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    cleanup.defer("close the check connection", () => db.end());
    let problems = 0;
    let halfWritten = 0;
    let inFlightPresent = 0;
    for (const story of listing.items) {
      const [row] = await db`select version, title from articles where id = ${story.id}`;
      const revisions = await db`select version, snapshot->>'title' as title from article_revisions where article_id = ${story.id} order by version`;
      const newest = revisions.at(-1);
      if (!row || !newest || newest.version !== row.version || newest.title !== row.title) {
        problems++;
        halfWritten++;
        console.log(`story ${story.id}: row (v${row?.version} «${row?.title}») differs from its newest revision (v${newest?.version} «${newest?.title}»)`);
      }
      for (const save of saves.filter((s) => s.storyId === story.id)) {
        const stored = revisions.find((revision) => revision.title === save.title);
        if (save.acknowledgedVersion !== null && stored?.version !== save.acknowledgedVersion) {
          problems++;
          console.log(`story ${story.id}: acknowledged save v${save.acknowledgedVersion} «${save.title}» is missing`);
        }
        if (save.acknowledgedVersion === null && stored) inFlightPresent++;
      }
    }
    const inFlight = saves.filter((s) => s.acknowledgedVersion === null).length;
    console.log(`in-flight saves: ${inFlightPresent} committed before the kill (answer lost), ${inFlight - inFlightPresent} absent; ${halfWritten} stories half-written`);
    console.log(problems === 0 ? "crash test: PASS — no acknowledged save lost, no story half-written" : `crash test: FAIL — ${problems} problems`);
    process.exitCode = problems === 0 ? 0 : 1;
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
