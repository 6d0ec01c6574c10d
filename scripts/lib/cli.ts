import { parseArgs } from "node:util";
import { defaultDatabaseTarget, openDatabase, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureSearchIndexCurrent } from "@/lib/search/reindex";
import { EnvError, getEnv } from "@/lib/env";
import { formatCommandError } from "./command-error";

/** Validates the environment first, so a bad variable stops the command with its name. */
export function loadEnvOrExit() {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Opens the configured database (Postgres or embedded PGlite) and brings its schema up to date. */
export async function openMigratedDatabase(): Promise<DatabaseHandle> {
  const env = loadEnvOrExit();
  // No statement_timeout: an operator's bulk work (db:generate, ANALYZE on a million stories) may
  // rightly run longer than the 10 s that bounds a web request.
  const handle = openDatabase(defaultDatabaseTarget(), { statementTimeoutMs: 0 });
  setDatabaseHandle(handle);
  await runMigrations(handle, env.databaseUrl);
  // After an upgrade that changed how Arabic is indexed, stories saved before are reindexed once.
  const reindexed = await ensureSearchIndexCurrent(handle.db, (done) => {
    if (done % 10_000 === 0) console.log(`search: ${done} stories reindexed`);
  });
  if (reindexed) console.log(`search reindexed for this version: ${reindexed.articles} stories, ${reindexed.lexiconTerms} lexicon terms`);
  for (const collision of reindexed?.tagCollisions ?? []) console.log(`tags that now share one normalised name (merge them in the admin): ${collision}`);
  return handle;
}

export function parseFlags<const T extends Record<string, { type: "string" | "boolean"; short?: string }>>(options: T) {
  return parseArgs({ options, allowPositionals: false, strict: true }).values;
}

export async function runCommand(main: () => Promise<void>) {
  try {
    await main();
  } catch (error) {
    console.error(formatCommandError(error));
    process.exitCode = 1;
  }
}
