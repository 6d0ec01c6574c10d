import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { DATABASE_SILENT_CODE } from "@/lib/db-errors";
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
  /**
   * Calls `onPayload` for every NOTIFY on `channel`, from any process on the same database; resolves
   * once listening, to a function that stops. postgres.js listens on one connection of its own that
   * it re-opens (and re-LISTENs) after a drop; PGlite hears its own process only, as it is one.
   */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
};

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export type ConnectionLimits = {
  /**
   * Server-side cap on one statement (Postgres `statement_timeout`), in ms; 0 turns it off, for
   * operator commands whose bulk statements may run longer (scripts/lib/cli.ts).
   */
  statementTimeoutMs?: number;
};

// How long a request may wait on Postgres. A web request should fail with a clear message rather
// than hang: these bound every way a query can wait (see "When the database is down" in README).
/** Refused connections fail at once; a connection that opens but never completes its handshake fails after this. */
export const CONNECT_TIMEOUT_SECONDS = 5;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
/**
 * A connection with no traffic for statement_timeout + this margin has lost its server (a network
 * partition, a frozen host) and is dropped. Nothing else stays that quiet: a live server answers
 * every statement within statement_timeout, if only to cancel it; pooled connections idle for
 * IDLE_TIMEOUT_SECONDS are closed politely first; and no transaction here waits on anything but
 * its own queries. Without the guard, such a query waits for the kernel's TCP retransmission
 * limit, about 15 minutes on Linux (measured: still waiting after 25 s with stock postgres.js).
 */
export const SILENCE_MARGIN_MS = 5_000;
/** How often a connection's traffic is looked at, so a silent one is dropped up to this much later. */
export const SILENCE_CHECK_INTERVAL_MS = 1_000;
const IDLE_TIMEOUT_SECONDS = 10;
/**
 * postgres.js waits before reconnecting after a failed attempt, 3^n/100 s growing to 20 s. Through an
 * outage n keeps growing, so without a cap a query would wait up to 20 s just to start trying, and the
 * first requests after the database is back would too. Connection attempts are cheap; cap at 1 s.
 */
const reconnectDelaySeconds = (failures: number) => Math.min(0.05 * 2 ** failures, 1);

export function openDatabase(target: DatabaseTarget, limits: ConnectionLimits = {}): DatabaseHandle {
  if ("url" in target) {
    const statementTimeoutMs = limits.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const client = postgres(target.url, {
      max: 10,
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      idle_timeout: IDLE_TIMEOUT_SECONDS,
      backoff: reconnectDelaySeconds,
      onnotice: () => {},
      ...(statementTimeoutMs > 0 ? { socket: silenceGuardedSocket(statementTimeoutMs + SILENCE_MARGIN_MS) } : {}),
      connection: {
        // Page queries are short; JIT compilation costs more (100+ ms) than it ever saves them.
        jit: "off",
        ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
      },
    });
    // LISTEN holds a connection that is silent between notifications, so it gets its own client,
    // without the silence guard (which would drop it) and outside the query pool's limit.
    let listener: postgres.Sql | undefined;
    return {
      db: drizzlePostgres({ client, schema, casing: "snake_case" }),
      driver: "postgres",
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), listener?.end({ timeout: 1 })]);
      },
      listen: async (channel, onPayload) => {
        listener ??= postgres(target.url, {
          max: 1,
          connect_timeout: CONNECT_TIMEOUT_SECONDS,
          idle_timeout: 0,
          backoff: reconnectDelaySeconds,
          onnotice: () => {},
        });
        const { unlisten } = await listener.listen(channel, onPayload);
        return unlisten;
      },
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
  return {
    db,
    driver: "pglite",
    close: () => client.close(),
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return async () => stop();
    },
  };
}

type SocketTarget = { host: string[]; port: number[]; path?: string | false };

/**
 * postgres.js's `socket` hook: the same TCP (or Unix) connection it would open itself, plus
 * dropWhenSilent. With the hook set postgres.js no longer connects by itself, so this also walks
 * a multi-host URL's hosts in turn; TLS, when configured, is still negotiated by postgres.js.
 */
function silenceGuardedSocket(silenceMs: number) {
  let attempt = 0;
  return (target: SocketTarget): net.Socket => {
    const index = attempt++ % Math.max(target.host.length, 1);
    const host = target.host[index] ?? "localhost";
    const port = target.port[index] ?? 5432;
    const socket = target.path ? net.connect(target.path) : net.connect(port, host);
    // postgres.js names these in its connection errors, and sends `host` as the TLS server name.
    Object.assign(socket, { host, port });
    dropWhenSilent(socket, silenceMs);
    return socket;
  };
}

/**
 * Destroys `socket` once no byte has crossed it either way for `silenceMs`. Watched with a timer of
 * its own rather than socket.setTimeout(): postgres.js removes every listener from the socket when
 * it upgrades it to TLS, and the byte counts of this socket keep moving under the TLS layer.
 */
function dropWhenSilent(socket: net.Socket, silenceMs: number) {
  let traffic = -1;
  let lastTrafficAt = performance.now();
  const check = () => {
    if (socket.destroyed) return;
    const now = performance.now();
    const seen = socket.bytesRead + socket.bytesWritten;
    if (seen !== traffic) {
      traffic = seen;
      lastTrafficAt = now;
    } else if (now - lastTrafficAt >= silenceMs) {
      const silent = Object.assign(new Error(`no traffic with Postgres for ${silenceMs} ms; connection dropped`), {
        code: DATABASE_SILENT_CODE,
      });
      // Under TLS nobody listens for this socket's errors any more: an unheard 'error' would crash
      // the process, so it just closes, and the query fails with postgres.js's CONNECTION_CLOSED.
      socket.destroy(socket.listenerCount("error") > 0 ? silent : undefined);
      return;
    }
    setTimeout(check, Math.min(SILENCE_CHECK_INTERVAL_MS, silenceMs / 4)).unref();
  };
  check();
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
