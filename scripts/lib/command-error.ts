import { ValidationError } from "@/lib/errors";

// What an operator command prints when it fails. Drizzle wraps every database failure in
// "Failed query: <sql> params: <every bound value>" and keeps the database's own words in `cause`;
// for a bulk insert that text is megabytes of parameters and says nothing about what went wrong.
// So the driver's error comes first (postgres.js and PGlite name the same fields differently),
// and the query follows, cut short.

const QUERY_PREVIEW_CHARS = 300;
const MAX_CAUSE_DEPTH = 5;

type DriverError = Error & Record<string, unknown>;

/** The first error in the `cause` chain that carries a SQLSTATE code: the database's own answer. */
function findDriverError(error: Error): DriverError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (typeof (current as DriverError).code === "string" && /^[0-9A-Z]{5}$/.test((current as DriverError).code as string)) {
      return current as DriverError;
    }
    current = current.cause;
  }
  return undefined;
}

function field(error: DriverError, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = error[name];
    if (typeof value === "string" && value) return value;
  }
  return undefined;
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}… (${flat.length} characters)`;
}

function describeDriverError(driver: DriverError): string[] {
  const where = [
    ["constraint", field(driver, "constraint_name", "constraint")],
    ["table", field(driver, "table_name", "table")],
    ["column", field(driver, "column_name", "column")],
  ].flatMap(([label, value]) => (value ? [`${label} ${value}`] : []));
  return [
    `database error ${driver.code as string}: ${driver.message}${where.length ? ` (${where.join(", ")})` : ""}`,
    ...[
      ["detail", field(driver, "detail")],
      ["hint", field(driver, "hint")],
      ["where", field(driver, "where")],
    ].flatMap(([label, value]) => (value ? [`  ${label}: ${value}`] : [])),
  ];
}

/** One readable report of a failed operator command, without environment or I/O. */
export function formatCommandError(error: unknown): string {
  // Bad input names each field, the way the admin forms and the API do.
  if (error instanceof ValidationError) {
    return Object.entries(error.fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join("، ")}`)
      .join("\n");
  }
  if (!(error instanceof Error)) return String(error);

  const driver = findDriverError(error);
  if (!driver) {
    const causes: string[] = [];
    for (let cause = error.cause, depth = 0; cause instanceof Error && depth < MAX_CAUSE_DEPTH; cause = cause.cause, depth++) {
      causes.push(`  caused by: ${cause.message}`);
    }
    return [error.message, ...causes].join("\n");
  }
  const lines = describeDriverError(driver);
  const query = (error as { query?: unknown }).query;
  if (driver !== error) {
    lines.push(`  while running: ${cut(typeof query === "string" ? query : error.message, QUERY_PREVIEW_CHARS)}`);
  }
  const params = (error as { params?: unknown }).params;
  if (Array.isArray(params)) lines.push(`  with ${params.length} parameter(s), not printed`);
  return lines.join("\n");
}
