import { z } from "zod";
import { getDb } from "@/db/client";
import { apiArticleInputSchema, resolveApiArticleInput, withApiFieldNames } from "@/lib/articles/api-input";
import { getApiArticleById, getArticleDraftInput } from "@/lib/articles/api-queries";
import { keyActor, updateArticle } from "@/lib/articles/commands";
import { apiError, apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { parseArticleIdParam } from "@/lib/routing/params";

export const dynamic = "force-dynamic";

const NOT_FOUND = "الخبر غير موجود";

// An id that cannot name a story (not digits, past int4) is answered like a missing one.
const storyPath = z.object({ id: z.string().transform(parseArticleIdParam).pipe(z.number({ error: NOT_FOUND })) });

/** GET /api/v1/articles/:id — a story the key may not see is answered exactly like a missing one. */
export const GET = withApiKey({ permission: "write", params: storyPath }, async ({ key, params }) => {
  const article = await getApiArticleById(getDb(), params.id, keyActor(key));
  return article ? apiJson(article) : apiError(404, NOT_FOUND);
});

/**
 * PATCH /api/v1/articles/:id — changes only the fields sent. `version` (the one the client read)
 * is required; a stale one answers 409 with the current version, and nothing is overwritten.
 */
export const PATCH = withApiKey({ permission: "write", params: storyPath, body: apiArticleInputSchema }, async ({ key, params, body }) => {
  if (body.version === undefined) {
    return apiError(400, "تحقق من الحقول", { version: ["الإصدار مطلوب: أرسل version كما قرأته من الخبر"] });
  }
  const db = getDb();
  const actor = keyActor(key);
  const current = await getArticleDraftInput(db, params.id, actor);
  if (!current) return apiError(404, NOT_FOUND);
  const resolved = await resolveApiArticleInput(db, body, current.draft, current.status);
  if ("fieldErrors" in resolved) return apiError(400, "تحقق من الحقول", resolved.fieldErrors);
  await withApiFieldNames(updateArticle(db, params.id, body.version, resolved.draft, actor, resolved.intent, { note: `api key #${key.keyId}` }));
  return apiJson(await getApiArticleById(db, params.id, actor));
});
