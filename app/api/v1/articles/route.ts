import { getDb } from "@/db/client";
import { apiArticleInputSchema, ARTICLE_STATUSES, resolveApiArticleInput, withApiFieldNames } from "@/lib/articles/api-input";
import { getApiArticleById, listApiArticles } from "@/lib/articles/api-queries";
import { createArticle, keyActor } from "@/lib/articles/commands";
import { apiError, apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { z } from "zod";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  status: z.enum(ARTICLE_STATUSES, { error: "الحالة واحدة من draft أو scheduled أو published أو unpublished" }).optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number({ error: "limit رقم بين 1 و100" }).int().min(1, { error: "limit رقم بين 1 و100" }).max(100, { error: "limit رقم بين 1 و100" }).default(20),
  cursor: z.coerce.number({ error: "cursor غير صالح" }).int({ error: "cursor غير صالح" }).positive({ error: "cursor غير صالح" }).optional(),
});

/**
 * GET /api/v1/articles?status=&tag=&limit=&cursor= — newest first: every story for an editor's key,
 * public stories and its own for a writer's key.
 */
export const GET = withApiKey({ permission: "write", query: listQuerySchema }, async ({ key, query }) =>
  apiJson(await listApiArticles(getDb(), keyActor(key), query)),
);

/** POST /api/v1/articles — creates a story; a writer key may only create drafts. */
export const POST = withApiKey({ permission: "write", body: apiArticleInputSchema }, async ({ key, body }) => {
  const db = getDb();
  const resolved = await resolveApiArticleInput(db, body);
  if ("fieldErrors" in resolved) return apiError(400, "تحقق من الحقول", resolved.fieldErrors);
  const actor = keyActor(key);
  const saved = await withApiFieldNames(createArticle(db, resolved.draft, actor, resolved.intent, { note: `api key #${key.keyId}` }));
  const article = await getApiArticleById(db, saved.id, actor);
  return apiJson(article, 201, { Location: `/api/v1/articles/${saved.id}` });
});
