import { getDb } from "@/db/client";
import { getApiArticleById } from "@/lib/articles/api-queries";
import { keyActor } from "@/lib/articles/commands";
import { apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { itemPath, publishBody } from "@/lib/wire/api";
import { publishWireItem } from "@/lib/wire/desk";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/wire/items/:id/publish — publishes a queue item as a story with the outlet's
 * attribution (editor or admin key); optional body {sourceId, authorIds}. Answers 201 with the
 * story, 409 when a story was already made from the item.
 */
export const POST = withApiKey({ permission: "publish", params: itemPath, body: publishBody }, async ({ key, params, body }) => {
  const db = getDb();
  const actor = keyActor(key);
  const saved = await publishWireItem(db, params.id, actor, { sourceId: body.sourceId, authorIds: body.authorIds, note: `wire, api key #${key.keyId}` });
  return apiJson(await getApiArticleById(db, saved.id, actor), 201, { Location: `/api/v1/articles/${saved.id}` });
});
