import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";

// Both drivers expose the same Drizzle query API; the rest of the code only sees `Database`.
export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  driver: "postgres" | "pglite";
  close: () => Promise<void>;
};

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if ("url" in target) {
    const client = postgres(target.url, {
      max: 10,
      connect_timeout: 5,
      idle_timeout: 30,
      onnotice: () => {},
      // Page queries are short; JIT compilation costs more (100+ ms) than it ever saves them.
      connection: { jit: "off" },
    });
    return {
      db: drizzlePostgres({ client, schema, casing: "snake_case" }),
      driver: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }
  let client: PGlite;
  if ("dataDir" in target) {
    mkdirSync(target.dataDir, { recursive: true });
    client = new PGlite(target.dataDir, { extensions: { pg_trgm } });
  } else {
    client = new PGlite({ extensions: { pg_trgm } });
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  return { db, driver: "pglite", close: () => client.close() };
}

export function defaultDatabaseTarget(): DatabaseTarget {
  const env = getEnv();
  return env.databaseUrl ? { url: env.databaseUrl } : { dataDir: path.join(env.dataDir, "pglite") };
}

// One handle per process, kept on globalThis so dev-mode module reloads do not open a second
// PGlite on the same data directory (PGlite is single-process, single-handle).
const globalForDb = globalThis as unknown as { __newsroomDb?: DatabaseHandle };

export function getDatabaseHandle(): DatabaseHandle {
  globalForDb.__newsroomDb ??= openDatabase(defaultDatabaseTarget());
  return globalForDb.__newsroomDb;
}

/** Lets tests and scripts install the handle they opened (an in-memory PGlite, a fresh database). */
export function setDatabaseHandle(handle: DatabaseHandle | undefined) {
  globalForDb.__newsroomDb = handle;
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}

/**
 * Raw SQL rows from either driver: postgres.js returns an array, PGlite `{ rows }`.
 * Prefer the query builder; use this for the few statements it cannot express.
 */
export async function queryRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result: unknown = await executor.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
