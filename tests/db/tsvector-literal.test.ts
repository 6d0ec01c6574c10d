import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/client";
import { toSearchIndexText } from "@/lib/search/normalize";
import { lexemesOf, weightedTsvectorLiteral } from "@/scripts/lib/tsvector-literal";
import { openTestDatabase } from "./support";

// db:generate builds search vectors in Node (scripts/lib/tsvector-literal.ts); here Postgres itself
// says whether they equal what setweight(to_tsvector('simple', …)) || … makes, limits included.

let db: Database;
let close: () => Promise<void>;
beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
});
afterAll(() => close());

type Parts = [string, "A" | "B" | "C" | "D"][];

async function postgresVector(parts: Parts): Promise<string> {
  const vector = sql.join(
    parts.map(([text, weight]) => sql`setweight(to_tsvector('simple', ${text}), ${weight}::"char")`),
    sql` || `,
  );
  const [row] = await queryRows<{ text: string }>(db, sql`select (${vector})::text as text`);
  return row!.text;
}

async function nodeVector(parts: Parts): Promise<string> {
  const literal = weightedTsvectorLiteral(parts.map(([text, weight]) => [lexemesOf(text), weight]));
  const [row] = await queryRows<{ text: string }>(db, sql`select (${literal}::tsvector)::text as text`);
  return row!.text;
}

const cases: Record<string, Parts> = {
  "a story's four parts, sharing words": [
    [toSearchIndexText("بوتين يستقبل ترامب في الكرملين"), "A"],
    [toSearchIndexText("بوتين الكرملين"), "B"],
    [toSearchIndexText("قمة مرتقبة في موسكو عام 2026"), "C"],
    [toSearchIndexText("قال المتحدث باسم الكرملين إن بوتين وترامب سيلتقيان، وإن القمة في 2026 ستبحث ملف أوكرانيا."), "D"],
  ],
  "empty parts": [["", "A"], ["", "B"], [toSearchIndexText("نص"), "C"], ["", "D"]],
  "latin letters and digits": [[toSearchIndexText("OpenAI تطلق GPT 5 في 2026"), "A"], ["", "B"], ["", "C"], ["", "D"]],
  "a word more often than a lexeme keeps positions": [["كلمه ".repeat(300).trim(), "A"], ["كلمه ".repeat(10).trim(), "D"]],
  "positions past the last one Postgres numbers": [
    ["بداية", "A"],
    [Array.from({ length: 17_000 }, (_, index) => `ك${index % 50}`.replace(/\d+/, (n) => "ب".repeat(Number(n) + 1))).join(" "), "D"],
  ],
  "the same lexeme at the end of every part": [["سلام", "A"], ["سلام", "B"], ["سلام", "C"], ["سلام", "D"]],
};

for (const [name, parts] of Object.entries(cases)) {
  it(`equals Postgres: ${name}`, async () => {
    expect(await nodeVector(parts)).toBe(await postgresVector(parts));
  });
}
