import { getDb } from "@/db/client";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { getEnv } from "@/lib/env";
import { withDatabaseOutage } from "@/lib/http/errors";
import { confirmSubscription } from "@/lib/newsletters/subscriptions";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";

/**
 * POST /newsletter/confirm-subscription: the confirmation page's button. The e-mail's link opens a
 * page (GET changes nothing, so mail scanners that open links cannot subscribe anyone); this does it.
 */
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  const env = getEnv();
  let token: string | null = null;
  if (isSameOriginRequest(request, env.siteUrl)) {
    const form = await request.formData().catch(() => null);
    const value = form?.get("token");
    token = typeof value === "string" ? value : null;
  }
  const confirmed = await confirmSubscription(getDb(), token);
  const query = confirmed ? "confirmed=1" : "invalid=1";
  return new Response(null, { status: 303, headers: { Location: `${env.siteUrl}${paths.newsletter()}/confirm?${query}`, "Cache-Control": "private, no-store" } });
});
