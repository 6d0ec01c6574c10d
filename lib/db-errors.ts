// One rule for "the database cannot be reached right now", used by /api/health, the admin's server
// actions and error boundary, and the JSON API. It only reads error codes, never messages, so it
// works the same for postgres.js, Node's net errors and Drizzle's wrappers; and what it hands on
// (a reason word, a fixed Arabic sentence) never carries driver text, hosts or SQL.
// No imports: the admin's client-side error boundary reads the message and digest from here too.

export const DATABASE_UNAVAILABLE_MESSAGE = "تعذّر الاتصال بقاعدة البيانات. حاول مرة أخرى بعد قليل.";

/**
 * Set as the error's digest, which Next.js keeps when it sends a server error to the browser (it
 * replaces only the message), so app/admin/error.tsx can tell an outage from a bug in production.
 */
export const DATABASE_UNAVAILABLE_DIGEST = "DATABASE_UNAVAILABLE";

/** Code of the error db/client.ts destroys a connection with when the server has gone silent. */
export const DATABASE_SILENT_CODE = "DATABASE_SILENT";

/**
 * refused: nothing accepts connections, or an open one was dropped (server down, restarting, network gone);
 * timeout: the server did not answer in time (connect timeout, statement_timeout, a silent connection);
 * error: it answered that it cannot serve now (too many connections, out of resources).
 */
export type DatabaseOutageReason = "refused" | "timeout" | "error";

const REFUSED_CODES = new Set([
  // Node's socket errors
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  // postgres.js: the connection closed under a query, or the client was ended
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down)
  "57P01",
  "57P02",
  "57P03",
]);

const TIMEOUT_CODES = new Set([
  "CONNECT_TIMEOUT", // postgres.js connect_timeout
  "ETIMEDOUT",
  "57014", // query_canceled: statement_timeout
  DATABASE_SILENT_CODE,
]);

// SQLSTATE class 53, insufficient resources: too_many_connections, out_of_memory, disk_full.
const UNAVAILABLE_SQLSTATE_CLASSES = ["53"];
// SQLSTATE class 08, connection exception.
const CONNECTION_SQLSTATE_CLASS = "08";

export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;

  constructor(
    readonly reason: DatabaseOutageReason,
    options?: { cause?: unknown },
  ) {
    super(DATABASE_UNAVAILABLE_MESSAGE, options);
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * Why the database could not serve this request, or null when the error is something else
 * (a constraint violation, a bug): those are not outages and keep their own handling.
 * Follows `cause` (Drizzle wraps driver errors) and AggregateError's `errors` (Node's
 * happy-eyeballs connect tries every address of a host name).
 */
export function databaseOutageReason(error: unknown): DatabaseOutageReason | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof DatabaseUnavailableError) return current.reason;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      if (REFUSED_CODES.has(code) || (code.length === 5 && code.startsWith(CONNECTION_SQLSTATE_CLASS))) return "refused";
      if (TIMEOUT_CODES.has(code)) return "timeout";
      if (code.length === 5 && UNAVAILABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return "error";
    }
    pending.push((current as { cause?: unknown }).cause);
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) pending.push(...inner);
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseOutageReason(error) !== null;
}

/**
 * In a catch: an outage is rethrown as DatabaseUnavailableError (fixed Arabic message, digest for
 * the error boundary, the driver's error kept as `cause` for the server log); anything else as is.
 */
export function rethrowAsDatabaseUnavailable(error: unknown): never {
  const reason = databaseOutageReason(error);
  if (reason === null || error instanceof DatabaseUnavailableError) throw error;
  throw new DatabaseUnavailableError(reason, { cause: error });
}

/**
 * `work`, or a DatabaseUnavailableError("timeout") after `ms`. For callers that must answer within
 * a bound shorter than the pool's own (a health probe); the query itself is left to finish or fail.
 */
export async function withDatabaseDeadline<T>(work: PromiseLike<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError("timeout")), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
