import { getDb } from "@/db/client";
import { keyActor } from "@/lib/articles/commands";
import { wireApiAccess } from "@/lib/auth/permissions";
import { apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { createWireSource, listWireSources, wireSourceInputSchema, wireSourceView } from "@/lib/wire/sources";

export const dynamic = "force-dynamic";

/** GET /api/v1/wire/sources — every outlet with its settings and health (admin key). */
export const GET = withApiKey({ permission: wireApiAccess["/api/v1/wire/sources"] }, async () =>
  apiJson({ sources: (await listWireSources(getDb())).map(wireSourceView) }),
);

/**
 * POST /api/v1/wire/sources — registers an outlet (admin key):
 * {name, url, section, tags, intervalMinutes, mode: "queue"|"auto", canonical: "ours"|"original", allowHost, authorId}.
 * `allowHost: true` is the explicit permission to fetch a private or loopback host.
 */
export const POST = withApiKey({ permission: wireApiAccess["/api/v1/wire/sources"], body: wireSourceInputSchema }, async ({ key, body }) => {
  const source = await createWireSource(getDb(), body, keyActor(key));
  return apiJson(wireSourceView(source), 201, { Location: `/api/v1/wire/sources/${source.id}` });
});
