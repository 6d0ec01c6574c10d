import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";
import { queryRows, type Database, type Executor } from "@/db/client";
import { articles, articleTags, tags } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { searchVectorSql } from "@/lib/articles/search-document";
import { unnormalizedWords } from "@/lib/search/letters";
import { toSearchIndexText } from "@/lib/search/normalize";
import { lexemesOf, weightedTsvectorLiteral } from "./tsvector-literal";

// Bulk writing for scripts/db-generate.ts: rows go in thousands at a time, but the search vector
// stays exactly what the editor's save path (searchVectorSql) would have stored.

// toSearchIndexText maps word by word (searchTokens, then each token's stem candidates) and dominates
// the run when called on whole bodies, so its words are cached per token here. verifySearchVectors
// then recomputes sampled rows with the app's own searchVectorSql and refuses a run that differs.
const lexemesByWord = new Map<string, string[]>();

function cachedIndexWords(text: string): string[] {
  const lexemes: string[] = [];
  for (const word of unnormalizedWords(text)) {
    let indexed = lexemesByWord.get(word);
    if (indexed === undefined) lexemesByWord.set(word, (indexed = lexemesOf(toSearchIndexText(word))));
    for (const lexeme of indexed) lexemes.push(lexeme);
  }
  return lexemes;
}

/** searchVectorSql's vector (title A, tags B, dek C, body D) as a tsvector literal computed here. */
export function searchVectorLiteral(article: { title: string; dek: string; body: ArticleBody; tagNames: string[] }): string {
  return weightedTsvectorLiteral([
    [cachedIndexWords(article.title), "A"],
    [cachedIndexWords(article.tagNames.join(" ")), "B"],
    [cachedIndexWords(article.dek), "C"],
    [cachedIndexWords(bodyToPlainText(article.body)), "D"],
  ]);
}

export async function verifySearchVectors(db: Database, ids: number[]) {
  for (const id of ids) {
    const [article] = await db.select().from(articles).where(sql`${articles.id} = ${id}`);
    if (!article) continue;
    const tagNames = (
      await queryRows<{ name: string }>(
        db,
        sql`select t.name from ${articleTags} at join ${tags} t on t.id = at.tag_id where at.article_id = ${id} order by at.position`,
      )
    ).map((row) => row.name);
    const [check] = await queryRows<{ same: boolean }>(
      db,
      sql`select search_vector = (${searchVectorSql({ ...article, tagNames })}) as same from ${articles} where id = ${id}`,
    );
    if (!check?.same) throw new Error(`article ${id}: stored search_vector differs from searchVectorSql`);
  }
}

/**
 * INSERT … SELECT … FROM jsonb_to_recordset($1): a whole batch is one bind parameter, which avoids
 * both the 65535-parameter ceiling and building tens of thousands of query values in Node.
 * Column names and types are read from the Drizzle table, so they follow db/schema.ts.
 */
export function recordsetInsert(table: PgTable, rows: object[]): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] ?? {}).filter((key) => key in columns);
  const recordColumns = keys.map((key) => `"${key}" ${columns[key]!.getSQLType()}`);
  const targets = keys.map((key) => sql.identifier(toSnakeCase(columns[key]!.name)));
  const values = keys.map((key) => sql.raw(`r."${key}"`));
  // Rows that carry their own id (taken from the identity sequence beforehand) must say so.
  const overriding = "id" in columns && keys.includes("id") ? sql` overriding system value` : sql``;
  return sql`insert into ${table} (${sql.join(targets, sql`, `)})${overriding}
    select ${sql.join(values, sql`, `)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(recordColumns.join(", "))})`;
}

/**
 * Drops the plain (non-unique, non-constraint) indexes of the given tables and returns what builds
 * them again from their own definitions (pg_get_indexdef), so they stay exactly what the
 * migrations made. Building a GIN index once over a million rows is many times cheaper than
 * growing it row by row. Run inside the load's transaction: a failed load puts them back too.
 */
export async function dropPlainIndexes(tx: Executor, tables: PgTable[]): Promise<{ count: number; rebuild: () => Promise<void> }> {
  const tableList = sql.join(tables.map((table) => sql`${getTableName(table)}::regclass`), sql`, `);
  const indexes = await queryRows<{ name: string; definition: string }>(
    tx,
    sql`select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
        where i.indrelid in (${tableList}) and not i.indisunique and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
        order by c.relname`,
  );
  for (const index of indexes) await tx.execute(sql.raw(`drop index ${index.name}`));
  return {
    count: indexes.length,
    rebuild: async () => {
      for (const index of indexes) await tx.execute(sql.raw(index.definition));
    },
  };
}
