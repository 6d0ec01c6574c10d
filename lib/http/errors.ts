import "server-only";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { DomainError, ValidationError, VersionConflictError, type FieldErrors } from "@/lib/errors";
import { apiError, apiJson } from "@/lib/http/json";

// The one place a thrown error becomes an HTTP answer. Domain errors (lib/errors.ts) carry their
// status; a database outage is a 503 (lib/db-errors.ts decides what counts as one); anything else
// is a bug and propagates.

/** What a domain error tells the client: its status and message, and what to fix. */
export type ErrorAnswer = { status: number; message: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

/** The answer for a domain error; null for anything else, which the caller rethrows. */
export function errorAnswer(error: unknown): ErrorAnswer | null {
  if (!(error instanceof DomainError)) return null;
  if (error instanceof ValidationError) return { status: error.status, message: error.message, fieldErrors: error.fieldErrors };
  // The client reloads from the version it is told, so nothing it typed is overwritten blindly.
  if (error instanceof VersionConflictError) {
    return { status: error.status, message: error.message, details: { currentVersion: error.currentVersion } };
  }
  return { status: error.status, message: error.message };
}

/** A domain error as the JSON API answers it (`{ error, fieldErrors?, currentVersion? }`); null otherwise. */
export function apiErrorResponse(error: unknown): Response | null {
  const answer = errorAnswer(error);
  return answer && apiError(answer.status, answer.message, answer.fieldErrors, answer.details);
}

/**
 * Wraps a route handler: when the database cannot be reached it answers 503
 * `{ "error": "database_unavailable" }` with Retry-After, a fixed machine word rather than the
 * driver's text; every other error propagates as before.
 */
export function withDatabaseOutage<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.error("api: database unavailable", error);
      return apiJson({ error: "database_unavailable" }, 503, { "Retry-After": "5" });
    }
  };
}
