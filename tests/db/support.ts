import postgres from "postgres";
import { openDatabase, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";

/**
 * A fresh, migrated database for one test file: a new Postgres database next to DATABASE_URL's
 * (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset. It is also installed
 * as the process's database, so lib/ functions that call getDb() use it.
 */
export async function openTestDatabase(): Promise<{ handle: DatabaseHandle; close: () => Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const handle = openDatabase({ memory: true });
    await runMigrations(handle);
    setDatabaseHandle(handle);
    return { handle, close: () => handle.close() };
  }
  const name = `newsroom_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString() });
  await runMigrations(handle, url.toString());
  setDatabaseHandle(handle);
  return {
    handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
