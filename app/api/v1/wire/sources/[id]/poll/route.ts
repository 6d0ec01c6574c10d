import { getDb } from "@/db/client";
import { keyActor } from "@/lib/articles/commands";
import { wireApiAccess } from "@/lib/auth/permissions";
import { apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { sourcePath } from "@/lib/wire/api";
import { pollSettingsFromEnv, pollSourceNow } from "@/lib/wire/poll";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/wire/sources/:id/poll — polls one source now (editor or admin key) and answers with
 * the counts: {fetched, new, duplicates, grouped, published, errors, notModified, error}. A feed
 * that fails is still a 200: the failure is the answer's `error`, and the source's row keeps it.
 */
export const POST = withApiKey({ permission: wireApiAccess["/api/v1/wire/sources/[id]/poll"], params: sourcePath }, async ({ key, params }) =>
  apiJson(await pollSourceNow(getDb(), params.id, keyActor(key), pollSettingsFromEnv())),
);
