import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getStaffUser, safeCallbackPath } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "تسجيل الدخول" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const requested = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  // Only a path inside this site; never back to the login page itself.
  let callbackPath = safeCallbackPath(requested);
  if (callbackPath.startsWith("/admin/login")) callbackPath = "/admin";
  if (await getStaffUser()) redirect(callbackPath);
  // next-auth sends its own failures here with ?error=…; the text is never echoed (it comes from the URL).
  const failed = typeof params.error === "string";
  return (
    <div className="login-box admin-card">
      <h1>تسجيل الدخول إلى لوحة التحرير</h1>
      {failed ? (
        <p className="form-message error" role="alert">
          تعذّر تسجيل الدخول. حاول مجدداً.
        </p>
      ) : null}
      <LoginForm callbackPath={callbackPath} />
    </div>
  );
}
