import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemoContent } from "@/db/seed";
import { E2E_PASSWORD, E2E_USERS } from "@/e2e/support/accounts";
import { createApiKey } from "@/lib/api-keys/commands";
import { createUser } from "@/lib/users/commands";
import type { Cleanup } from "./bench-processes";
import { buildIfNeeded } from "./build";

/**
 * What the soak and the crash test run against: the production build, and a fresh Postgres
 * database `<prefix>_<pid>` on DATABASE_URL's server (migrated, seeded, with the e2e accounts and an
 * editor's API key) that `cleanup` drops at the end. Returns what `next start` needs.
 */
export async function prepareThrowawayPortal(prefix: string, cleanup: Cleanup) {
  buildIfNeeded();
  const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  cleanup.defer("drop the database", async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  const authSecret = randomBytes(32).toString("base64url");
  // Seeding runs lib commands in this process, which read the environment (their edge purge asks
  // for it): a run started with only DATABASE_URL must not fail that check on every story.
  process.env.AUTH_SECRET ||= authSecret;
  const handle = openDatabase({ url: databaseUrl });
  try {
    await runMigrations(handle, databaseUrl);
    await seedDemoContent(handle.db);
    for (const user of E2E_USERS) await createUser(handle.db, { ...user, password: E2E_PASSWORD });
    const { key } = await createApiKey(handle.db, { name: prefix, role: "editor" }, null);
    return { databaseUrl, apiKey: key, authSecret };
  } finally {
    await handle.close();
  }
}
