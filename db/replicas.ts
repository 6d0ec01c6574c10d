import { sql } from "drizzle-orm";
import { withReplicas } from "drizzle-orm/pg-core";
import { getEnv } from "@/lib/env";
import { getDatabaseHandle, openDatabase, queryRows, type Database, type DatabaseHandle } from "./client";

// Postgres streaming replicas for public reads (DATABASE_REPLICA_URLS). Writes, the admin, the API,
// the scheduler and migrations use the primary (getDb); reader pages, feeds and sitemaps use
// getReadDb, which sends each query to a replica that is up and caught up, or to the primary when
// none is.
//
// Each replica is checked every REPLICA_CHECK_INTERVAL_MS: it must answer, be in recovery, and be
// at most DATABASE_REPLICA_MAX_LAG_SECONDS (default 10) behind. Lag is 0 when it has replayed all
// the WAL it received, else the age of the last transaction it replayed (pg_last_xact_replay_timestamp), so a paused or
// stuck replay is noticed even though the replica still answers. A replica that dies between two
// checks fails the requests that reach it in that second; the next check takes it out.

const REPLICA_CHECK_INTERVAL_MS = 1_000;

type Replica = {
  url: string;
  handle: DatabaseHandle;
  usable: boolean;
  /** The last WAL position it had replayed when checked. */
  replayedLsn: bigint;
  lagSeconds: number | null;
  failure: string | null;
};

type ReplicaSet = { replicas: Replica[]; readDb: Database; timer: NodeJS.Timeout };

const globalForReplicas = globalThis as unknown as { __newsroomReplicas?: ReplicaSet | null };

/** "16/B374D848" → a number that orders like the position. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

async function checkReplica(replica: Replica): Promise<void> {
  try {
    const [row] = await queryRows<{ in_recovery: boolean; replayed: string | null; lag: number | string | null }>(
      replica.handle.db,
      sql`select pg_is_in_recovery() as in_recovery,
                 pg_last_wal_replay_lsn()::text as replayed,
                 case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                      else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag`,
    );
    const lag = row?.lag === null || row?.lag === undefined ? null : Number(row.lag);
    replica.replayedLsn = row?.replayed ? parseLsn(row.replayed) : 0n;
    replica.lagSeconds = lag;
    const maxLag = getEnv().databaseReplicaMaxLagSeconds;
    replica.failure = !row?.in_recovery ? "not a replica" : lag === null || lag > maxLag ? `lagging ${lag?.toFixed(1) ?? "?"} s` : null;
  } catch (error) {
    replica.failure = (error as { code?: string }).code ?? "unreachable";
  }
  const usable = replica.failure === null;
  if (usable !== replica.usable) {
    console.warn(usable ? `replica ${label(replica)}: in use again` : `replica ${label(replica)}: not used (${replica.failure}); reads go elsewhere`);
  }
  replica.usable = usable;
}

const label = (replica: Replica) => {
  const url = new URL(replica.url);
  return `${url.hostname}:${url.port || 5432}`;
};

function startReplicas(urls: string[]): ReplicaSet | null {
  if (!urls.length) return null;
  const primary = getDatabaseHandle().db;
  const replicas: Replica[] = urls.map((url) => ({
    url,
    // Short statements only, and a short connect timeout: a dead replica must cost little.
    handle: openDatabase({ url }),
    usable: false,
    replayedLsn: 0n,
    lagSeconds: null,
    failure: "not checked yet",
  }));
  const pick = (): Database => {
    const usable = replicas.filter((replica) => replica.usable);
    return usable.length ? usable[Math.floor(Math.random() * usable.length)]!.handle.db : primary;
  };
  const replicaDbs = replicas.map((replica) => replica.handle.db) as [Database, ...Database[]];
  const routed = withReplicas(primary, replicaDbs, () => pick());
  // withReplicas sends raw `execute` to the primary; this handle only ever reads, so that goes to
  // the replica too (the keyset and search queries are raw SQL). `query` stays a getter, so each
  // relational query picks again.
  const readDb = Object.defineProperties(
    { ...routed, execute: ((...args: Parameters<Database["execute"]>) => pick().execute(...args)) as Database["execute"] },
    { query: { get: () => pick().query, enumerable: true, configurable: true } },
  ) as unknown as Database;
  const checkAll = () => Promise.all(replicas.map(checkReplica));
  void checkAll();
  const timer = setInterval(() => void checkAll(), REPLICA_CHECK_INTERVAL_MS);
  timer.unref();
  return { replicas, readDb, timer };
}

function replicaSet(): ReplicaSet | null {
  if (globalForReplicas.__newsroomReplicas === undefined) {
    globalForReplicas.__newsroomReplicas = startReplicas(getEnv().databaseReplicaUrls);
  }
  return globalForReplicas.__newsroomReplicas;
}

/** Whether DATABASE_REPLICA_URLS names any replica. */
export function replicasInUse(): boolean {
  return getEnv().databaseReplicaUrls.length > 0;
}

/** The database for public reads: a usable replica when there is one, else the primary. */
export function getReadDb(): Database {
  return replicaSet()?.readDb ?? getDatabaseHandle().db;
}

/** Each replica's state, for /api/health and tests. */
export function replicaStatus(): { host: string; usable: boolean; lagSeconds: number | null; failure: string | null }[] {
  return (replicaSet()?.replicas ?? []).map((replica) => ({
    host: label(replica),
    usable: replica.usable,
    lagSeconds: replica.lagSeconds,
    failure: replica.failure,
  }));
}

/** Checks every replica now (tests, and callers that cannot wait for the next round). */
export async function checkReplicasNow(): Promise<void> {
  const set = replicaSet();
  if (set) await Promise.all(set.replicas.map(checkReplica));
}

/**
 * Waits until every usable replica has replayed the primary's WAL as of now (or `timeoutMs`
 * passes). Cache expiry calls this after a write, then expires again, so a page rendered from a
 * replica that had not yet replayed the write cannot stay cached. Resolves to whether they all did.
 */
export async function waitForReplicasToCatchUp(timeoutMs = getEnv().databaseReplicaMaxLagSeconds * 1000): Promise<boolean> {
  const set = replicaSet();
  if (!set) return true;
  const [row] = await queryRows<{ lsn: string }>(getDatabaseHandle().db, sql`select pg_current_wal_lsn()::text as lsn`);
  const target = parseLsn(row!.lsn);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await Promise.all(set.replicas.map(checkReplica));
    if (set.replicas.every((replica) => !replica.usable || replica.replayedLsn >= target)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Closes the replicas' connections (tests, scripts). */
export async function closeReplicas(): Promise<void> {
  const set = globalForReplicas.__newsroomReplicas;
  globalForReplicas.__newsroomReplicas = undefined;
  if (!set) return;
  clearInterval(set.timer);
  await Promise.all(set.replicas.map((replica) => replica.handle.close()));
}
