import { getDb } from "@/db/client";
import { articleStatus } from "@/db/schema";
import { apiArticleInputSchema, articleErrorResponse, resolveApiArticleInput } from "@/lib/articles/api-input";
import { getApiArticleById, listApiArticles } from "@/lib/articles/api-queries";
import { createArticle, keyActor } from "@/lib/articles/commands";
import { apiError, apiJson, authenticateApiKey, readValidJson, unauthorized, withDatabaseOutage } from "@/lib/auth/api";
import { fieldErrorsFromIssues } from "@/lib/errors";
import { z } from "zod";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  status: z.enum(articleStatus.enumValues, { error: "الحالة واحدة من draft أو scheduled أو published أو unpublished" }).optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number({ error: "limit رقم بين 1 و100" }).int().min(1, { error: "limit رقم بين 1 و100" }).max(100, { error: "limit رقم بين 1 و100" }).default(20),
  cursor: z.coerce.number({ error: "cursor غير صالح" }).int({ error: "cursor غير صالح" }).positive({ error: "cursor غير صالح" }).optional(),
});

/**
 * GET /api/v1/articles?status=&tag=&limit=&cursor= — newest first: every story for an editor's key,
 * public stories and its own for a writer's key.
 */
export const GET = withDatabaseOutage(async (request: Request) => {
  const key = await authenticateApiKey(request);
  if (!key) return unauthorized();
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = listQuerySchema.safeParse(params);
  if (!parsed.success) return apiError(400, "معاملات الطلب غير صالحة", fieldErrorsFromIssues(parsed.error.issues));
  return apiJson(await listApiArticles(getDb(), keyActor(key), parsed.data));
});

/** POST /api/v1/articles — creates a story; a writer key may only create drafts. */
export const POST = withDatabaseOutage(async (request: Request) => {
  const key = await authenticateApiKey(request);
  if (!key) return unauthorized();
  const input = await readValidJson(request, apiArticleInputSchema);
  if (input.response) return input.response;
  const db = getDb();
  const resolved = await resolveApiArticleInput(db, input.data);
  if ("fieldErrors" in resolved) return apiError(400, "تحقق من الحقول", resolved.fieldErrors);
  try {
    const actor = keyActor(key);
    const saved = await createArticle(db, resolved.draft, actor, resolved.intent, { note: `api key #${key.keyId}` });
    const article = await getApiArticleById(db, saved.id, actor);
    return apiJson(article, 201, { Location: `/api/v1/articles/${saved.id}` });
  } catch (error) {
    return articleErrorResponse(error, apiError);
  }
});
