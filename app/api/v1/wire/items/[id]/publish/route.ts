import { getDb } from "@/db/client";
import { withApiFieldNames } from "@/lib/articles/api-input";
import { getApiArticleById } from "@/lib/articles/api-queries";
import { keyActor } from "@/lib/articles/commands";
import { wireApiAccess } from "@/lib/auth/permissions";
import { apiError, apiJson } from "@/lib/http/json";
import { findAuthorIdsBySlugs } from "@/lib/users/queries";
import { withApiKey } from "@/lib/http/with-api-key";
import { itemPath, publishBody } from "@/lib/wire/api";
import { publishWireItem } from "@/lib/wire/desk";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/wire/items/:id/publish — publishes a queue item as a story with the outlet's
 * attribution (editor or admin key); optional body {sourceId, authors: [author slug]}. Answers 201 with the
 * story, 409 when a story was already made from the item.
 */
export const POST = withApiKey({ permission: wireApiAccess["/api/v1/wire/items/[id]/publish"], params: itemPath, body: publishBody }, async ({ key, params, body }) => {
  const db = getDb();
  const actor = keyActor(key);
  let authorIds: number[] | undefined;
  if (body.authors) {
    const { ids, unknown } = await findAuthorIdsBySlugs(db, body.authors);
    if (unknown.length) return apiError(400, "تحقق من الحقول", { authors: [`لا يوجد كاتب بالرابط: ${unknown.join("، ")}`] });
    authorIds = ids;
  }
  const saved = await withApiFieldNames(publishWireItem(db, params.id, actor, { sourceId: body.sourceId, authorIds, note: `wire, api key #${key.keyId}` }));
  return apiJson(await getApiArticleById(db, saved.id, actor), 201, { Location: `/api/v1/articles/${saved.id}` });
});
