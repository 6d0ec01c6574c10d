import { getDb } from "@/db/client";
import { wireApiAccess } from "@/lib/auth/permissions";
import { apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { itemsCursor, itemsQuery, toApiWireItem } from "@/lib/wire/api";
import { listWireQueue } from "@/lib/wire/desk";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/wire/items?source=&status=&limit=&cursor= — the wire queue, newest first, each item
 * with every outlet that sent it; `next` is the cursor of the following page.
 */
export const GET = withApiKey({ permission: wireApiAccess["/api/v1/wire/items"], query: itemsQuery }, async ({ query }) => {
  const page = await listWireQueue(getDb(), { sourceId: query.source, status: query.status, before: query.cursor }, query.limit);
  return apiJson({ items: page.items.map(toApiWireItem), next: itemsCursor(page.next) });
});
