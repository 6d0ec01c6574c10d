import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import {
  CONNECT_TIMEOUT_SECONDS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  openDatabase,
  setDatabaseHandle,
  SILENCE_CHECK_INTERVAL_MS,
  SILENCE_MARGIN_MS,
  type DatabaseHandle,
} from "@/db/client";
import { DATABASE_SILENT_CODE, databaseOutageReason, type DatabaseOutageReason } from "@/lib/db-errors";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

// The database is taken away through a TCP proxy between the app's pool and Postgres, then given
// back, and the same handle must fail fast, say why, and recover with no reopen. Only `select`s
// run, so no schema is needed: the handles use DATABASE_URL's own database through the proxy.

const SLACK_MS = 1500;
// A short statement_timeout for the handle whose connection goes silent, so the silence guard
// (statement_timeout + SILENCE_MARGIN_MS) fires in seconds; the default handle's limit is checked apart.
const SHORT_STATEMENT_TIMEOUT_MS = 1000;

/** The driver's error code under Drizzle's wrapper. */
function driverCode(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return (current as { code?: unknown } | undefined)?.code;
}

async function failure(work: PromiseLike<unknown>): Promise<{ ms: number; reason: DatabaseOutageReason | null; code: unknown }> {
  const started = performance.now();
  try {
    await work;
  } catch (error) {
    return { ms: performance.now() - started, reason: databaseOutageReason(error), code: driverCode(error) };
  }
  throw new Error("the query succeeded while the database was cut off");
}

async function timed<T>(work: PromiseLike<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work;
  return { ms: performance.now() - started, value };
}

async function healthBody(): Promise<{ status: number; text: string; ms: number }> {
  const { value: response, ms } = await timed(health());
  return { status: response.status, text: await response.text(), ms };
}

// With PGlite (no DATABASE_URL) the database runs inside this process: there is no connection to
// cut, and nothing here applies. CI runs this file against Postgres (.ci/run sets DATABASE_URL).
describe.skipIf(!process.env.DATABASE_URL)("a Postgres outage, through a cuttable proxy", () => {
  let proxy: TcpProxy;
  let app: DatabaseHandle; // the defaults the server runs with
  let shortLimit: DatabaseHandle;

  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ targetHost: base.hostname || "127.0.0.1", targetPort: Number(base.port || 5432) });
    const proxied = new URL(base);
    proxied.hostname = proxy.host;
    proxied.port = String(proxy.port);
    app = openDatabase({ url: proxied.toString() });
    shortLimit = openDatabase({ url: proxied.toString() }, { statementTimeoutMs: SHORT_STATEMENT_TIMEOUT_MS });
    setDatabaseHandle(app);
  });

  afterAll(async () => {
    setDatabaseHandle(undefined);
    await proxy?.restore();
    await Promise.all([app?.close(), shortLimit?.close()]);
    await proxy?.close();
  });

  it("answers through the proxy, with the server's statement_timeout set", async () => {
    const [row] = (await app.db.execute(sql`show statement_timeout`)) as unknown as Array<{ statement_timeout: string }>;
    expect(row?.statement_timeout).toBe("10s");
    const ok = await healthBody();
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ db: "ok" });
  });

  it("a slow statement is cancelled by the server and counts as a timeout", async () => {
    const slow = await failure(shortLimit.db.execute(sql`select pg_sleep(5)`));
    expect(slow.code).toBe("57014");
    expect(slow.reason).toBe("timeout");
    expect(slow.ms).toBeLessThan(SHORT_STATEMENT_TIMEOUT_MS + SLACK_MS);
  });

  it("refused: queries fail at once, health says so without the driver's words, and recovery needs no reopen", async () => {
    await app.db.execute(sql`select 1`); // a pooled connection that the cut will reset
    await proxy.cut({ mode: "refuse" });

    const first = await failure(app.db.execute(sql`select 1`));
    expect(first.reason).toBe("refused");
    expect(["ECONNREFUSED", "ECONNRESET"]).toContain(first.code);
    expect(first.ms).toBeLessThan(CONNECT_TIMEOUT_SECONDS * 1000 + SLACK_MS);

    const probe = await healthBody();
    expect(probe.status).toBe(503);
    expect(JSON.parse(probe.text)).toEqual({ db: "unavailable", reason: "refused" });
    for (const driverText of ["ECONNREFUSED", "ECONNRESET", "127.0.0.1", String(proxy.port), "select"]) {
      expect(probe.text).not.toContain(driverText);
    }

    // postgres.js backs off between attempts, by default up to 20 s once failures pile up;
    // db/client.ts caps it at 1 s, so a long outage never turns into slow pages.
    const slowest = { ms: 0 };
    for (let attempt = 0; attempt < 25; attempt++) {
      const next = await failure(app.db.execute(sql`select 1`));
      expect(next.reason).toBe("refused");
      slowest.ms = Math.max(slowest.ms, next.ms);
    }
    expect(slowest.ms).toBeLessThan(1000 + SLACK_MS);

    await proxy.restore();
    const back = await timed(app.db.execute(sql`select 1 as one`));
    expect(back.ms).toBeLessThan(1000 + SLACK_MS);
    expect((await healthBody()).status).toBe(200);
    console.info(
      `refused: first query failed in ${first.ms.toFixed(0)} ms, health in ${probe.ms.toFixed(0)} ms, ` +
        `slowest of 25 more ${slowest.ms.toFixed(0)} ms; first query after restore ${back.ms.toFixed(0)} ms`,
    );
  });

  it("blackhole: a silent connection and a new one both fail within their bounds, then recover", async () => {
    await Promise.all([app.db.execute(sql`select 1`), shortLimit.db.execute(sql`select 1`)]);
    await proxy.cut({ mode: "blackhole" });
    // The server's own pool, with its default limits, on its pooled connection; checked at the end.
    const appSilent = failure(app.db.execute(sql`select 1`));

    // Health answers within its own 3 s deadline while the pool is still waiting.
    const probe = await healthBody();
    expect(probe.status).toBe(503);
    expect(JSON.parse(probe.text)).toEqual({ db: "unavailable", reason: "timeout" });
    expect(probe.ms).toBeLessThan(3000 + SLACK_MS);

    // The pooled connection stays open but nothing comes back: no RST, no FIN. The silence
    // guard drops it once the server is overdue (statement_timeout + margin).
    const silent = await failure(shortLimit.db.execute(sql`select 1`));
    expect(silent.code).toBe(DATABASE_SILENT_CODE);
    expect(silent.reason).toBe("timeout");
    expect(silent.ms).toBeGreaterThan(SHORT_STATEMENT_TIMEOUT_MS + SILENCE_MARGIN_MS - SLACK_MS);
    expect(silent.ms).toBeLessThan(SHORT_STATEMENT_TIMEOUT_MS + SILENCE_MARGIN_MS + SILENCE_CHECK_INTERVAL_MS + SLACK_MS);

    // A new connection is accepted and then ignored: the connect timeout ends it.
    const fresh = await failure(shortLimit.db.execute(sql`select 1`));
    expect(fresh.code).toBe("CONNECT_TIMEOUT");
    expect(fresh.reason).toBe("timeout");
    expect(fresh.ms).toBeGreaterThan(CONNECT_TIMEOUT_SECONDS * 1000 - SLACK_MS);
    expect(fresh.ms).toBeLessThan(CONNECT_TIMEOUT_SECONDS * 1000 + SLACK_MS);

    const appBound = DEFAULT_STATEMENT_TIMEOUT_MS + SILENCE_MARGIN_MS;
    const appFailure = await appSilent;
    expect(appFailure.code).toBe(DATABASE_SILENT_CODE);
    expect(appFailure.ms).toBeGreaterThan(appBound - SLACK_MS);
    expect(appFailure.ms).toBeLessThan(appBound + SILENCE_CHECK_INTERVAL_MS + SLACK_MS);

    await proxy.restore();
    const back = await timed(shortLimit.db.execute(sql`select 1 as one`));
    expect(back.ms).toBeLessThan(1000 + SLACK_MS);
    expect((await healthBody()).status).toBe(200);
    console.info(
      `blackhole: health answered in ${probe.ms.toFixed(0)} ms, silent pooled connection failed in ${silent.ms.toFixed(0)} ms ` +
        `(statement_timeout ${SHORT_STATEMENT_TIMEOUT_MS} + ${SILENCE_MARGIN_MS} ms), with the default limits in ${appFailure.ms.toFixed(0)} ms, ` +
        `new connection in ${fresh.ms.toFixed(0)} ms; ` +
        `first query after restore ${back.ms.toFixed(0)} ms`,
    );
  });
});
