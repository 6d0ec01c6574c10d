import { getDb } from "@/db/client";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { withDatabaseOutage } from "@/lib/http/errors";
import { requestClientAddress } from "@/lib/http/request-client";
import { subscribe } from "@/lib/newsletters/subscriptions";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";

const MAX_FORM_BYTES = 8_192;

/**
 * POST /newsletter/subscribe: the sign-up form (no JavaScript needed). Answers with a redirect to
 * /newsletter: «check your e-mail» for every address alike, or the form again with the message
 * beside the field and the typed address kept.
 */
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  const env = getEnv();
  const back = (query: Record<string, string>) =>
    new Response(null, { status: 303, headers: { Location: `${env.siteUrl}${paths.newsletter()}?${new URLSearchParams(query)}#signup`, "Cache-Control": "private, no-store" } });
  // A browser posting our own form sends our Origin; another site's page may not sign people up.
  if (!isSameOriginRequest(request, env.siteUrl)) return back({ error: "form" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_FORM_BYTES) return back({ error: "form" });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back({ error: "form" });
  }
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  const input = {
    email,
    lists: form.getAll("lists").filter((value): value is string => typeof value === "string"),
    website: typeof form.get("website") === "string" ? String(form.get("website")) : "",
    source: typeof form.get("source") === "string" ? String(form.get("source")) : "",
  };
  try {
    const result = await subscribe(getDb(), input, requestClientAddress(request.headers));
    if (result.status === "throttled") return back({ error: "throttled" });
    return back({ sent: "1" });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const field = error.fieldErrors.email ? "email" : "lists";
    // Only a plausible-length address goes back into the form.
    return back({ error: field, message: (error.fieldErrors[field] ?? [])[0] ?? "", ...(email.length <= 254 ? { email } : {}) });
  }
});
