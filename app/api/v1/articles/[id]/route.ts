import { getDb } from "@/db/client";
import { apiArticleInputSchema, articleErrorResponse, resolveApiArticleInput } from "@/lib/articles/api-input";
import { getApiArticleById, getArticleDraftInput } from "@/lib/articles/api-queries";
import { keyActor, updateArticle } from "@/lib/articles/commands";
import { apiError, apiJson, authenticateApiKey, readValidJson, unauthorized, withDatabaseOutage } from "@/lib/auth/api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const NOT_FOUND = "الخبر غير موجود";

function parseId(raw: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= 2_147_483_647 ? id : null;
}

/** GET /api/v1/articles/:id — a story the key may not see is answered exactly like a missing one. */
export const GET = withDatabaseOutage(async (request: Request, { params }: Context) => {
  const key = await authenticateApiKey(request);
  if (!key) return unauthorized();
  const id = parseId((await params).id);
  const article = id === null ? undefined : await getApiArticleById(getDb(), id, keyActor(key));
  return article ? apiJson(article) : apiError(404, NOT_FOUND);
});

/**
 * PATCH /api/v1/articles/:id — changes only the fields sent. `version` (the one the client read)
 * is required; a stale one answers 409 with the current version, and nothing is overwritten.
 */
export const PATCH = withDatabaseOutage(async (request: Request, { params }: Context) => {
  const key = await authenticateApiKey(request);
  if (!key) return unauthorized();
  const id = parseId((await params).id);
  if (id === null) return apiError(404, NOT_FOUND);
  const input = await readValidJson(request, apiArticleInputSchema);
  if (input.response) return input.response;
  if (input.data.version === undefined) {
    return apiError(400, "تحقق من الحقول", { version: ["الإصدار مطلوب: أرسل version كما قرأته من الخبر"] });
  }
  const db = getDb();
  const actor = keyActor(key);
  const current = await getArticleDraftInput(db, id, actor);
  if (!current) return apiError(404, NOT_FOUND);
  const resolved = await resolveApiArticleInput(db, input.data, current.draft, current.status);
  if ("fieldErrors" in resolved) return apiError(400, "تحقق من الحقول", resolved.fieldErrors);
  try {
    await updateArticle(db, id, input.data.version, resolved.draft, actor, resolved.intent, { note: `api key #${key.keyId}` });
    return apiJson(await getApiArticleById(db, id, actor));
  } catch (error) {
    return articleErrorResponse(error, apiError);
  }
});
