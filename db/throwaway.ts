import postgres from "postgres";
import { openDatabase, setDatabaseHandle, type ConnectionLimits, type DatabaseHandle } from "./client";
import { runMigrations } from "./migrate";

/**
 * A fresh, migrated database that is gone after `close()`: a new Postgres database `name` next to
 * DATABASE_URL's (made afresh, dropped on close), or an in-memory PGlite when DATABASE_URL is
 * unset. It is also installed as the process's database, so lib/ functions that call getDb() use
 * it. For the database tests and for scripts that score or load something on their own data.
 */
export async function openThrowawayDatabase(name: string, limits: ConnectionLimits = {}): Promise<{ handle: DatabaseHandle; close: () => Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const handle = openDatabase({ memory: true }, limits);
    await runMigrations(handle);
    setDatabaseHandle(handle);
    return { handle, close: () => handle.close() };
  }
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString() }, limits);
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
