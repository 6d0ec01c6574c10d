import { z } from "zod";
import { getDb } from "@/db/client";
import { listApiTags } from "@/lib/tags/queries";
import { apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  limit: z.coerce.number({ error: "limit رقم بين 1 و500" }).int().min(1, { error: "limit رقم بين 1 و500" }).max(500, { error: "limit رقم بين 1 و500" }).default(200),
  cursor: z.coerce.number({ error: "cursor غير صالح" }).int().positive({ error: "cursor غير صالح" }).optional(),
});

/** GET /api/v1/tags?limit=&cursor= — every tag, oldest first, keyset by id. */
export const GET = withApiKey({ permission: "write", query: querySchema }, async ({ query }) => apiJson(await listApiTags(getDb(), query)));
