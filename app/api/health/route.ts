import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

export const dynamic = "force-dynamic";

// 200 while the database answers, 503 with the reason while it does not. The client reconnects by
// itself, so the next probe after the database is back answers 200 without a restart.
export async function GET() {
  try {
    await Promise.race([
      getDb().execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database did not answer within 3 s")), 3000)),
    ]);
    return Response.json({ db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    // Drizzle wraps the driver's error; its cause says what actually happened (refused, timed out).
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    return Response.json({ db: "unavailable", reason }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
