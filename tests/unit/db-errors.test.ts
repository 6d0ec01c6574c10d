import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import {
  DATABASE_SILENT_CODE,
  DATABASE_UNAVAILABLE_DIGEST,
  DATABASE_UNAVAILABLE_MESSAGE,
  DatabaseUnavailableError,
  databaseOutageReason,
  rethrowAsDatabaseUnavailable,
  withDatabaseDeadline,
} from "@/lib/db-errors";

// Shaped like what each layer really throws: Node's socket errors, postgres.js's own connection
// errors (Error + code), Postgres's ErrorResponse (PostgresError + SQLSTATE), Drizzle's wrapper.
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -111, syscall: "connect" });
const postgresJsError = (code: string) => Object.assign(new Error(`write ${code} 127.0.0.1:5432`), { code, errno: code });
const serverError = (code: string, message: string) => Object.assign(new Error(message), { name: "PostgresError", code, severity: "ERROR" });
const drizzleWrapped = (cause: Error) => new DrizzleQueryError("select 1", [], cause);

describe("databaseOutageReason", () => {
  it.each([
    ["connection refused", nodeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"), "refused"],
    ["connection reset", nodeError("ECONNRESET", "read ECONNRESET"), "refused"],
    ["unknown host", nodeError("ENOTFOUND", "getaddrinfo ENOTFOUND db"), "refused"],
    ["connection closed under a query", postgresJsError("CONNECTION_CLOSED"), "refused"],
    ["server shutting down", serverError("57P01", "terminating connection due to administrator command"), "refused"],
    ["server starting up", serverError("57P03", "the database system is starting up"), "refused"],
    ["connection exception class", serverError("08006", "connection failure"), "refused"],
    ["connect timeout", postgresJsError("CONNECT_TIMEOUT"), "timeout"],
    ["statement_timeout", serverError("57014", "canceling statement due to statement timeout"), "timeout"],
    ["a silent connection dropped", Object.assign(new Error("silent"), { code: DATABASE_SILENT_CODE }), "timeout"],
    ["too many connections", serverError("53300", "sorry, too many clients already"), "error"],
  ])("%s → %s", (_label, error, expected) => {
    expect(databaseOutageReason(error)).toBe(expected);
    expect(databaseOutageReason(drizzleWrapped(error))).toBe(expected);
  });

  it("reads every address Node tried when connecting to a host name", () => {
    const tried = new AggregateError([nodeError("ECONNREFUSED", "::1"), nodeError("ECONNREFUSED", "127.0.0.1")], "connect failed");
    expect(databaseOutageReason(tried)).toBe("refused");
  });

  it.each([
    ["a unique violation", drizzleWrapped(serverError("23505", "duplicate key value violates unique constraint"))],
    ["a syntax error", serverError("42601", "syntax error at or near")],
    ["a bug", new TypeError("cannot read properties of undefined")],
    ["a string", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("%s is not an outage", (_label, error) => {
    expect(databaseOutageReason(error)).toBeNull();
  });

  it("survives a cause chain that loops", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(databaseOutageReason(a)).toBeNull();
  });
});

describe("DatabaseUnavailableError", () => {
  it("carries a fixed Arabic message and digest, keeping the driver's error only as its cause", () => {
    const driver = drizzleWrapped(nodeError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.7:5432"));
    let thrown: unknown;
    try {
      rethrowAsDatabaseUnavailable(driver);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseUnavailableError);
    const unavailable = thrown as DatabaseUnavailableError;
    expect(unavailable.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    expect(unavailable.message).not.toMatch(/ECONN|10\.0\.0\.7|select/);
    expect(unavailable.digest).toBe(DATABASE_UNAVAILABLE_DIGEST);
    expect(unavailable.reason).toBe("refused");
    expect(unavailable.cause).toBe(driver);
    expect(databaseOutageReason(unavailable)).toBe("refused");
  });

  it("leaves other errors as they are", () => {
    const bug = new TypeError("bug");
    expect(() => rethrowAsDatabaseUnavailable(bug)).toThrow(bug);
  });
});

describe("withDatabaseDeadline", () => {
  it("passes a timely answer through", async () => {
    await expect(withDatabaseDeadline(Promise.resolve("ok"), 50)).resolves.toBe("ok");
  });

  it("gives up after the deadline with a timeout outage", async () => {
    const never = new Promise<never>(() => {});
    const started = performance.now();
    const error = await withDatabaseDeadline(never, 30).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(databaseOutageReason(error)).toBe("timeout");
  });
});
