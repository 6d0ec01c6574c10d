import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { openThrowawayDatabase } from "@/db/throwaway";
import { sections } from "@/db/schema";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle, type Actor } from "@/lib/articles/commands";
import { searchStories } from "@/lib/articles/search";
import { createUser } from "@/lib/users/commands";
import { heldOutQueries } from "@/tests/search-eval/held-out";
import { evalQueries, type EvalQuery } from "@/tests/search-eval/queries";
import { scoresByGroup, type Run, type Scores } from "@/tests/search-eval/score";
import { evalSections, evalStories } from "@/tests/search-eval/stories";
import { parseFlags, runCommand } from "./lib/cli";

// Scores /search (lib/articles/search.ts) and Postgres's built-in `arabic` text search on the
// evaluation set in tests/search-eval, in one run on one throw-away database: a fresh
// newsroom_eval_<pid> next to DATABASE_URL (dropped at the end), or in-memory PGlite when unset.
// `--misses` lists each query where our search missed a story or returned a wrong one.

const MAX_PAGES = 3;
const allQueries = [...evalQueries, ...heldOutQueries];

/** Writes every story through createArticle (the editors' and the API's path) and returns eval id by article id. */
async function loadStories(db: Database, now: Date): Promise<Map<number, string>> {
  const inserted = await db
    .insert(sections)
    .values(evalSections.map((name, position) => ({ slug: name, name, position })))
    .returning();
  const sectionIds = new Map(inserted.map((section) => [section.name, section.id]));
  const author = await createUser(db, { email: "eval@example.com", displayName: "محرر التقييم", role: "editor", password: "eval-password-123456" });
  const editor: Actor = { userId: author.id, role: "editor" };
  const evalIdByArticle = new Map<number, string>();
  for (const [index, story] of evalStories.entries()) {
    const saved = await createArticle(
      db,
      {
        title: story.title,
        dek: story.dek,
        body: bodyFromPlainText(story.body),
        sectionId: sectionIds.get(story.section),
        authorIds: [author.id],
        tagNames: story.tags,
      },
      editor,
      { action: "publish" },
      // Distinct publication times, so ties in rank fall back to a fixed order.
      { now: new Date(now.getTime() - (index + 1) * 60_000) },
    );
    evalIdByArticle.set(saved.id, story.id);
  }
  return evalIdByArticle;
}

async function runOurs(db: Database, now: Date, evalIdByArticle: Map<number, string>): Promise<Run> {
  const run: Run = new Map();
  for (const query of allQueries) {
    const ids: string[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const result = await searchStories(db, query.query, { now, page });
      ids.push(...result.hits.map((hit) => evalIdByArticle.get(hit.id) ?? `#${hit.id}`));
      if (!result.hasMore) break;
    }
    run.set(query, ids);
  }
  return run;
}

/** Postgres's `arabic` configuration over the same four weighted fields, ranked the same way. */
async function runPostgresArabic(db: Database): Promise<Run> {
  await db.execute(sql`create temporary table eval_arabic (eval_id text primary key, doc tsvector not null)`);
  for (const story of evalStories) {
    await db.execute(sql`
      insert into eval_arabic values (${story.id},
        setweight(to_tsvector('arabic', ${story.title}), 'A') || setweight(to_tsvector('arabic', ${story.tags.join(" ")}), 'B') ||
        setweight(to_tsvector('arabic', ${story.dek}), 'C') || setweight(to_tsvector('arabic', ${story.body}), 'D'))`);
  }
  const run: Run = new Map();
  for (const query of allQueries) {
    const rows = await queryRows<{ eval_id: string }>(
      db,
      sql`select eval_id from eval_arabic, plainto_tsquery('arabic', ${query.query}) q
           where doc @@ q order by ts_rank_cd('{0.1, 0.25, 0.5, 1.0}', doc, q) desc, eval_id limit ${MAX_PAGES * 10}`,
    );
    run.set(query, rows.map((row) => row.eval_id));
  }
  return run;
}

const cell = (scores: Scores) =>
  [scores.recall, scores.precision, scores.mrr].map((value) => value.toFixed(2).padStart(5)).join(" ");

function printTable(queries: EvalQuery[], ours: Run, arabic: Run) {
  const oursByGroup = scoresByGroup(queries, ours).filter(({ scores }) => scores.queries > 0);
  const arabicByGroup = scoresByGroup(queries, arabic).filter(({ scores }) => scores.queries > 0);
  console.log(`${"category".padEnd(34)} ${"n".padStart(3)} | ${"ours: R     P   MRR".padEnd(17)} | postgres arabic: R P MRR`);
  for (const [index, { name, scores }] of oursByGroup.entries()) {
    const baseline = arabicByGroup[index]!.scores;
    console.log(`${name.padEnd(34)} ${String(scores.queries).padStart(3)} | ${cell(scores)} | ${cell(baseline)}`);
  }
}

function printMisses(ours: Run) {
  const describe = (query: EvalQuery, returned: string[]) => {
    const relevant = new Set(query.relevant);
    const missed = query.relevant.filter((id) => !returned.includes(id));
    const wrong = returned.filter((id) => !relevant.has(id));
    return missed.length || wrong.length ? `[${query.category}] ${query.query}: missed ${missed.join(",") || "-"}; wrong ${wrong.join(",") || "-"}` : "";
  };
  for (const query of allQueries) {
    const line = describe(query, ours.get(query) ?? []);
    if (line) console.log(line);
  }
}

runCommand(async () => {
  const flags = parseFlags({ misses: { type: "boolean" } });
  // No statement_timeout: loading and scoring the whole set is one long operator run, not a web request.
  const { handle, close } = await openThrowawayDatabase(`newsroom_eval_${process.pid}`, { statementTimeoutMs: 0 });
  try {
    const now = new Date();
    const evalIdByArticle = await loadStories(handle.db, now);
    const ours = await runOurs(handle.db, now, evalIdByArticle);
    const arabic = await runPostgresArabic(handle.db);
    if (flags.misses) printMisses(ours);
    printTable(evalQueries, ours, arabic);
    console.log(`\n${evalStories.length} stories, ${evalQueries.length} queries; R recall, P precision (over queries that returned something), MRR.`);
    console.log(`\nHeld out: ${heldOutQueries.length} queries written after lib/search/data's tables, never used to tune them.\n`);
    printTable(heldOutQueries, ours, arabic);
  } finally {
    await close();
  }
});
