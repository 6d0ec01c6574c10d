import { z } from "zod";
import { getDb } from "@/db/client";
import { listApiTags } from "@/lib/articles/api-queries";
import { apiError, apiJson, authenticateApiKey, unauthorized, withDatabaseOutage } from "@/lib/auth/api";
import { fieldErrorsFromIssues } from "@/lib/errors";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  limit: z.coerce.number({ error: "limit رقم بين 1 و500" }).int().min(1, { error: "limit رقم بين 1 و500" }).max(500, { error: "limit رقم بين 1 و500" }).default(200),
  cursor: z.coerce.number({ error: "cursor غير صالح" }).int().positive({ error: "cursor غير صالح" }).optional(),
});

/** GET /api/v1/tags?limit=&cursor= — every tag, oldest first, keyset by id. */
export const GET = withDatabaseOutage(async (request: Request) => {
  const key = await authenticateApiKey(request);
  if (!key) return unauthorized();
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return apiError(400, "معاملات الطلب غير صالحة", fieldErrorsFromIssues(parsed.error.issues));
  return apiJson(await listApiTags(getDb(), parsed.data));
});
