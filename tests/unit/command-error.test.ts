import { DrizzleQueryError } from "drizzle-orm/errors";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { formatCommandError } from "@/scripts/lib/command-error";

// The errors are built the way each layer builds them: postgres.js's PostgresError copies the
// server's ErrorResponse fields onto itself; PGlite (pg-protocol) names some of them differently;
// Drizzle wraps either in "Failed query: … params: …" with the driver's error as `cause`.
const foreignKeyViolation = new postgres.PostgresError({
  message: 'insert or update on table "article_links" violates foreign key constraint "article_links_linked_article_id_articles_id_fk"',
  severity: "ERROR",
  code: "23503",
  detail: 'Key (linked_article_id)=(5278) is not present in table "articles".',
  schema_name: "public",
  table_name: "article_links",
  constraint_name: "article_links_linked_article_id_articles_id_fk",
} as never);

const bulkParams = [JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ articleId: 5500 + i, linkedArticleId: 5278, position: 0 })))];
const bulkQuery = `insert into "article_links" ("article_id", "linked_article_id", "position") select r."articleId" ${"x".repeat(2000)}`;

describe("formatCommandError", () => {
  it("leads with the database's own message, code, constraint and detail, not Drizzle's query text", () => {
    const text = formatCommandError(new DrizzleQueryError(bulkQuery, bulkParams, foreignKeyViolation));
    const [first, ...rest] = text.split("\n");
    expect(first).toBe(
      'database error 23503: insert or update on table "article_links" violates foreign key constraint ' +
        '"article_links_linked_article_id_articles_id_fk" (constraint article_links_linked_article_id_articles_id_fk, table article_links)',
    );
    expect(rest).toContain('  detail: Key (linked_article_id)=(5278) is not present in table "articles".');
    expect(text).toContain('while running: insert into "article_links"');
    expect(text).toContain("with 1 parameter(s), not printed");
    // Megabytes of bound rows would bury the cause: neither the params nor the whole query are printed.
    expect(text).not.toContain("5278,\"position\"");
    expect(text.length).toBeLessThan(1200);
  });

  it("reads PGlite's field names (constraint, table, column, hint)", () => {
    const pgliteError = Object.assign(new Error('null value in column "title" of relation "articles" violates not-null constraint'), {
      code: "23502",
      table: "articles",
      column: "title",
      hint: "give every story a title",
    });
    const text = formatCommandError(new DrizzleQueryError("insert into articles …", [], pgliteError));
    expect(text.split("\n")[0]).toBe(
      'database error 23502: null value in column "title" of relation "articles" violates not-null constraint (table articles, column title)',
    );
    expect(text).toContain("  hint: give every story a title");
  });

  it("names the driver error when it is the error itself", () => {
    const text = formatCommandError(foreignKeyViolation);
    expect(text.split("\n")[0]).toMatch(/^database error 23503: insert or update on table "article_links"/);
    expect(text).not.toContain("while running");
  });

  it("follows a cause chain that carries no SQLSTATE, such as a refused connection", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const text = formatCommandError(new Error("could not open the database", { cause: refused }));
    expect(text).toBe("could not open the database\n  caused by: connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("lists each field of a validation error, and prints anything else as text", () => {
    expect(formatCommandError(new ValidationError({ email: ["البريد مطلوب"], role: ["دور غير معروف", "اختر دورًا"] }))).toBe(
      "email: البريد مطلوب\nrole: دور غير معروف، اختر دورًا",
    );
    expect(formatCommandError("plain failure")).toBe("plain failure");
  });
});
