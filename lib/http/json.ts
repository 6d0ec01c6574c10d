import "server-only";
import { DomainError, type FieldErrors } from "@/lib/errors";
import { readBodyWithin } from "@/lib/http/body-limit";

// JSON in and out of route handlers: answers are never cached by anyone, and request bodies are
// read within a byte limit.

export const NO_STORE = { "Cache-Control": "private, no-store" } as const;

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** `{ "error": "...", "fieldErrors": {...} }` with the given status. */
export function apiError(status: number, error: string, fieldErrors?: FieldErrors, extra: Record<string, unknown> = {}): Response {
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer realm="api"' } : {};
  return apiJson({ error, ...(fieldErrors ? { fieldErrors } : {}), ...extra }, status, headers);
}

export const MAX_JSON_BYTES = 1024 * 1024;

/** A body that cannot be read as JSON: too large (413) or not JSON at all (400). */
export class RequestBodyError extends DomainError {
  constructor(
    public readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON body of at most `limit` bytes (readBodyWithin: Content-Length first, then the bytes
 * actually read, so a missing or lying Content-Length cannot get a bigger body through).
 */
export async function readJsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
  const bytes = await readBodyWithin(request, limit);
  if (bytes === null) throw new RequestBodyError(413, `حجم الطلب أكبر من ${Math.round(limit / 1024)} كيلوبايت`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RequestBodyError(400, "جسم الطلب ليس نصاً بترميز UTF-8");
  }
  // No body at all reads as zero bytes.
  if (text.trim() === "") throw new RequestBodyError(400, "جسم الطلب فارغ؛ أرسل JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, "جسم الطلب ليس JSON صالحاً");
  }
}
