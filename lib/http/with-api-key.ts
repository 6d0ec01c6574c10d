import "server-only";
import type { z } from "zod";
import { authenticateApiKey, type ApiKey } from "@/lib/auth/api";
import { can, type Permission } from "@/lib/auth/permissions";
import { fieldErrorsFromIssues, ForbiddenError } from "@/lib/errors";
import { apiErrorResponse, withDatabaseOutage } from "@/lib/http/errors";
import { apiError, readJsonBody } from "@/lib/http/json";
import { settleReplicasAfterWrites, writeMark } from "@/lib/cache/revalidate";

// Every /api/v1 route handler is one call to withApiKey: it checks the key and its permission,
// parses the path, query and body with the route's zod schemas (in that order, each refusal
// answered before anything further is read), and answers domain errors and outages in one way.
// Today every route asks for `write`, which both key roles hold: what a key may see or change is
// decided per story inside lib (can(actor, "publish"), lib/articles/visibility).

export type ApiRequestSchema = {
  /** What the key's role must allow (lib/auth/permissions.ts); a key without it gets 403. */
  permission: Permission;
  /** The path's params. A path that names nothing is a 404, with the first issue's message. */
  params?: z.ZodType;
  /** The query string (400 with field errors when it is wrong). */
  query?: z.ZodType;
  /** The JSON body, at most MAX_JSON_BYTES (413 beyond; 400 with field errors when it is wrong). */
  body?: z.ZodType;
};

type Parsed<S, K extends "params" | "query" | "body"> = S extends { [P in K]: infer T extends z.ZodType } ? z.output<T> : undefined;

export type ApiCall<S extends ApiRequestSchema> = {
  request: Request;
  key: ApiKey;
  params: Parsed<S, "params">;
  query: Parsed<S, "query">;
  body: Parsed<S, "body">;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export const unauthorized = () => apiError(401, "مفتاح API مفقود أو غير صالح. أرسله في الترويسة Authorization: Bearer <key>");

export function withApiKey<S extends ApiRequestSchema>(schema: S, handler: (call: ApiCall<S>) => Promise<Response>) {
  return withDatabaseOutage(async (request: Request, context: RouteContext): Promise<Response> => {
    const key = await authenticateApiKey(request);
    if (!key) return unauthorized();
    try {
      if (!can(key, schema.permission)) throw new ForbiddenError();
      let params: unknown;
      if (schema.params) {
        const parsed = schema.params.safeParse(await context.params);
        if (!parsed.success) return apiError(404, parsed.error.issues[0]?.message ?? "غير موجود");
        params = parsed.data;
      }
      let query: unknown;
      if (schema.query) {
        const parsed = schema.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
        if (!parsed.success) return apiError(400, "معاملات الطلب غير صالحة", fieldErrorsFromIssues(parsed.error.issues));
        query = parsed.data;
      }
      let body: unknown;
      if (schema.body) {
        const parsed = schema.body.safeParse(await readJsonBody(request));
        if (!parsed.success) return apiError(400, "تحقق من الحقول", fieldErrorsFromIssues(parsed.error.issues));
        body = parsed.data;
      }
      // The casts restate what the schemas above just checked.
      const mark = writeMark();
      try {
        return await handler({ request, key, params, query, body } as ApiCall<S>);
      } finally {
        // Read-your-writes with replicas: the answer leaves once they have the write.
        await settleReplicasAfterWrites(mark);
      }
    } catch (error) {
      const answer = apiErrorResponse(error);
      if (answer) return answer;
      throw error;
    }
  });
}
