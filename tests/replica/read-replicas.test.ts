import { execFileSync } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, queryRows, type Database } from "@/db/client";
import { checkReplicasNow, closeReplicas, getReadDb, replicaStatus, waitForReplicasToCatchUp } from "@/db/replicas";
import { sections } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { startTcpProxy, type TcpProxy } from "@/tests/support/tcp-proxy";
import { openTestDatabase } from "../db/support";

// Public reads on a real streaming replica (scripts/dev-replica.sh: a second cluster on port 5433
// replaying this machine's Postgres). Each test database is made on the primary and reaches the
// replica by replication, as everything does. The replica is reached through a TCP proxy, so a
// test can take it away without stopping it.
//
// Skipped without DATABASE_URL: replicas are a Postgres feature; embedded PGlite has none.
const primaryUrl = process.env.DATABASE_URL;
const REPLICA_PORT = Number(process.env.REPLICA_PORT || 5433);
const MAX_LAG_SECONDS = 2;

let close: () => Promise<void> = async () => {};
let proxy: TcpProxy;
let replicaAdmin: postgres.Sql;
let primary: Database;

const inRecovery = async (db: Database) => (await queryRows<{ r: boolean }>(db, sql`select pg_is_in_recovery() as r`))[0]!.r;
const sectionNames = async (db: Database) => (await db.select({ name: sections.name }).from(sections)).map((row) => row.name);
const until = async (check: () => Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

// Skipped only without a Postgres primary (DATABASE_URL): a streaming replica cannot follow an
// embedded PGlite. CI sets DATABASE_URL and builds the replica with scripts/dev-replica.sh.
describe.skipIf(!primaryUrl)("public reads on a streaming replica", () => {
  beforeAll(async () => {
    execFileSync("bash", [path.resolve(import.meta.dirname, "../../scripts/dev-replica.sh")], { stdio: "inherit", env: { ...process.env, REPLICA_PORT: String(REPLICA_PORT) } });
    const opened = await openTestDatabase();
    close = opened.close;
    primary = opened.handle.db;
    const [current] = await queryRows<{ name: string }>(primary, sql`select current_database() as name`);
    proxy = await startTcpProxy({ targetHost: "127.0.0.1", targetPort: REPLICA_PORT });
    replicaAdmin = postgres(`postgres://postgres@127.0.0.1:${REPLICA_PORT}/postgres`, { max: 1, onnotice: () => {} });
    // The new database exists on the replica once replication has carried its creation.
    await until(async () => (await replicaAdmin`select 1 from pg_database where datname = ${current!.name}`).length === 1);
    vi.stubEnv("DATABASE_REPLICA_URLS", `postgres://postgres@127.0.0.1:${proxy.port}/${current!.name}`);
    vi.stubEnv("DATABASE_REPLICA_MAX_LAG_SECONDS", String(MAX_LAG_SECONDS));
    resetEnvForTests();
    await checkReplicasNow();
  }, 120_000);

  afterAll(async () => {
    await replicaAdmin?.unsafe("select pg_wal_replay_resume()").catch(() => {});
    await replicaAdmin?.end();
    await closeReplicas();
    await proxy?.close();
    await close();
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("sends public reads to the replica and everything else to the primary", async () => {
    expect(replicaStatus()).toEqual([expect.objectContaining({ usable: true, failure: null })]);
    expect(await inRecovery(getReadDb())).toBe(true); // raw SQL too
    expect(await inRecovery(getDb())).toBe(false);
    await getDb().insert(sections).values({ slug: "replica-a", name: "قسم للنسخة" });
    expect(await waitForReplicasToCatchUp()).toBe(true);
    expect(await sectionNames(getReadDb())).toContain("قسم للنسخة");
  });

  it("with replay paused, readers still get pages, an editor reads their own save, and a replica past the lag limit is left out", async () => {
    await replicaAdmin.unsafe("select pg_wal_replay_pause()");
    try {
      await getDb().insert(sections).values({ slug: "replica-b", name: "قسم بعد الإيقاف" });
      // The editor's side (the primary) has the save at once.
      expect(await sectionNames(getDb())).toContain("قسم بعد الإيقاف");
      // Readers are still answered, from the replica, without the new row for now.
      expect(await sectionNames(getReadDb())).not.toContain("قسم بعد الإيقاف");
      // A write waits at most the lag limit for the replicas, then reports they did not catch up.
      expect(await waitForReplicasToCatchUp(500)).toBe(false);
      // Past the limit the replica is not used, and readers get the primary's data.
      await until(async () => {
        await checkReplicasNow();
        return replicaStatus()[0]!.usable === false;
      });
      expect(replicaStatus()[0]!.failure).toMatch(/^lagging/);
      expect(await inRecovery(getReadDb())).toBe(false);
      expect(await sectionNames(getReadDb())).toContain("قسم بعد الإيقاف");
    } finally {
      await replicaAdmin.unsafe("select pg_wal_replay_resume()");
    }
    // Caught up again: back in use.
    await until(async () => {
      await checkReplicasNow();
      return replicaStatus()[0]!.usable;
    });
    expect(await inRecovery(getReadDb())).toBe(true);
    expect(await sectionNames(getReadDb())).toContain("قسم بعد الإيقاف");
  });

  it("a replica that cannot be reached is left out at the next check, and used again when it is back", async () => {
    await proxy.cut({ mode: "refuse" });
    try {
      await checkReplicasNow();
      expect(replicaStatus()[0]).toMatchObject({ usable: false });
      expect(await inRecovery(getReadDb())).toBe(false);
      expect(await sectionNames(getReadDb())).toContain("قسم للنسخة");
    } finally {
      await proxy.restore();
    }
    await until(async () => {
      await checkReplicasNow();
      return replicaStatus()[0]!.usable;
    });
    expect(await inRecovery(getReadDb())).toBe(true);
  });
});
