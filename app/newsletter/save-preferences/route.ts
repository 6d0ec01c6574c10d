import { getDb } from "@/db/client";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { getEnv } from "@/lib/env";
import { withDatabaseOutage } from "@/lib/http/errors";
import { eraseByToken, savePreferences } from "@/lib/newsletters/subscriptions";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";

/** POST /newsletter/save-preferences: the preferences page's form: exactly these lists, or erase me. */
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  const env = getEnv();
  const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: `${env.siteUrl}${location}`, "Cache-Control": "private, no-store" } });
  if (!isSameOriginRequest(request, env.siteUrl)) return redirect(`${paths.newsletter()}/preferences?invalid=1`);
  const form = await request.formData().catch(() => null);
  const token = typeof form?.get("token") === "string" ? String(form!.get("token")) : null;
  if (form?.get("erase") === "1") {
    const erased = await eraseByToken(getDb(), token);
    return redirect(`${paths.newsletter()}/preferences?${erased ? "erased=1" : "invalid=1"}`);
  }
  const listIds = (form?.getAll("lists") ?? []).map(Number).filter((id) => Number.isInteger(id) && id > 0);
  const saved = await savePreferences(getDb(), token, listIds);
  return redirect(saved && token ? `${paths.newsletterPreferences(token)}&saved=1` : `${paths.newsletter()}/preferences?invalid=1`);
});
