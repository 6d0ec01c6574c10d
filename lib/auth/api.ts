import "server-only";
import { getDb } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { redeemApiKey } from "@/lib/api-keys/commands";
import type { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { fieldErrorsFromIssues, type FieldErrors } from "@/lib/errors";

// Token auth for the JSON API (app/api/v1). Each route handler authenticates for itself.

/** The key behind `Authorization: Bearer nr_live_…`; null when missing, unknown or revoked. */
export async function authenticateApiKey(request: Request): Promise<{ keyId: number; role: UserRole } | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) return null;
  return redeemApiKey(getDb(), match[1]);
}

const NO_STORE = { "Cache-Control": "private, no-store" };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** `{ "error": "...", "fieldErrors": {...} }` with the given status. */
export function apiError(status: number, error: string, fieldErrors?: FieldErrors, extra: Record<string, unknown> = {}): Response {
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="api"' } : {};
  return apiJson({ error, ...(fieldErrors ? { fieldErrors } : {}), ...extra }, status, headers);
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

export const unauthorized = () => apiError(401, "مفتاح API مفقود أو غير صالح. أرسله في الترويسة Authorization: Bearer <key>");

export const MAX_JSON_BYTES = 1024 * 1024;

export class RequestBodyError extends Error {
  constructor(
    public readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON body of at most `limit` bytes. Content-Length is checked first, and the stream is
 * counted as it is read, so a missing or lying Content-Length cannot get a bigger body through.
 */
export async function readJsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
  const tooLarge = () => new RequestBodyError(413, `حجم الطلب أكبر من ${Math.round(limit / 1024)} كيلوبايت`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) throw new RequestBodyError(400, "جسم الطلب فارغ؛ أرسل JSON");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RequestBodyError(400, "جسم الطلب ليس نصاً بترميز UTF-8");
  }
  if (text.trim() === "") throw new RequestBodyError(400, "جسم الطلب فارغ؛ أرسل JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, "جسم الطلب ليس JSON صالحاً");
  }
}

/** The request's JSON parsed by `schema`, or the 400/413 response that says what is wrong with it. */
export async function readValidJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ data: z.output<S>; response?: undefined } | { response: Response }> {
  let json: unknown;
  try {
    json = await readJsonBody(request);
  } catch (error) {
    if (error instanceof RequestBodyError) return { response: apiError(error.status, error.message) };
    throw error;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { response: apiError(400, "تحقق من الحقول", fieldErrorsFromIssues(parsed.error.issues)) };
  return { data: parsed.data };
}
