import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seedDemoContent } from "@/db/seed";
import { createUser } from "@/lib/users/commands";
import { E2E_PASSWORD, E2E_USERS } from "@/e2e/support/accounts";
import { e2eAdminApiKeyFile, e2eAuthSecret, e2eDatabaseUrl, e2eEdgeUrl, e2eEditorApiKeyFile, e2eSmtpPort, e2eWriterApiKeyFile } from "@/e2e/support/e2e-env";
import { createApiKey } from "@/lib/api-keys/commands";
import { buildIfNeeded, nextBin } from "./lib/build";

// Playwright's webServer: a fresh database (a new Postgres database beside DATABASE_URL's, or a new
// PGlite directory), migrated and seeded, with the test accounts, then the built app on PORT.
async function main() {
  const port = process.env.PORT ?? "3100";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: e2eAuthSecret(),
    // Edge specs start a Varnish there; with none running, purges fail quietly, as in production.
    EDGE_PURGE_URLS: e2eEdgeUrl,
    // The browser (and the edge specs' Varnish) reach the server over loopback. The specs sign in
    // once per role (e2e/global-setup.ts); only the login-limit tests name another client address,
    // to play a password guesser on another machine, and the most-read spec, to play many readers.
    TRUSTED_PROXIES: "127.0.0.1,::1",
    // Stories and front-page slots coming due are noticed within a second, not the default 20 s.
    SCHEDULER_INTERVAL_MS: "1000",
    // The wire desk's round every second, and a fixture feed that never answers costs 3 s, not 15.
    WIRE_POLL_TICK_MS: "1000",
    WIRE_FETCH_TIMEOUT_MS: "3000",
    // Newsletters go to the spec's own SMTP server; the digest is due from midnight, sent fast.
    SMTP_URL: `smtp://127.0.0.1:${e2eSmtpPort}`,
    NEWSLETTER_TICK_MS: "500",
    NEWSLETTER_DIGEST_TIME: "00:00",
    NEWSLETTER_SEND_RATE: "50",
  };
  const url = e2eDatabaseUrl();
  const dataDir = path.resolve(".data-e2e");
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (url) {
    const name = new URL(url).pathname.slice(1);
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    env.DATABASE_URL = url;
  } else {
    env.DATA_DIR = dataDir;
  }
  Object.assign(process.env, env);

  const handle = openDatabase(url ? { url } : { dataDir: path.join(env.DATA_DIR!, "pglite") });
  await runMigrations(handle, url);
  await seedDemoContent(handle.db);
  for (const user of E2E_USERS) {
    await createUser(handle.db, { ...user, password: E2E_PASSWORD });
  }
  for (const [role, file] of [["admin", e2eAdminApiKeyFile], ["editor", e2eEditorApiKeyFile], ["writer", e2eWriterApiKeyFile]] as const) {
    const { key } = await createApiKey(handle.db, { name: `e2e ${role}`, role }, null);
    writeFileSync(file, key, { mode: 0o600 });
  }
  await handle.close();

  buildIfNeeded();
  const server = spawn(process.execPath, [nextBin(), "start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
