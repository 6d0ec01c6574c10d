import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { databaseOutageReason, withDatabaseDeadline, type DatabaseOutageReason } from "@/lib/db-errors";

/** "ok" when the database answers `select 1` within the deadline; otherwise why it did not. */
export async function probeDatabase(deadlineMs: number): Promise<"ok" | DatabaseOutageReason> {
  try {
    await withDatabaseDeadline(getDb().execute(sql`select 1`), deadlineMs);
    return "ok";
  } catch (error) {
    return databaseOutageReason(error) ?? "error";
  }
}
