import type { Metadata } from "next";
import Link from "next/link";
import { decodeNewsletterToken } from "@/lib/newsletters/tokens";
import { NOT_INDEXABLE } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "إلغاء الاشتراك", robots: NOT_INDEXABLE };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The e-mail's visible unsubscribe link: one button, no login. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  const claims = decodeNewsletterToken(token);
  return (
    <div className="container narrow newsletter-page">
      <h1>إلغاء الاشتراك</h1>
      {params.done ? (
        <p className="form-ok" role="status">
          أُلغي اشتراكك{typeof params.list === "string" && params.list ? ` في «${params.list.slice(0, 80)}»` : ""}. لن تصلك رسائلها بعد الآن.
        </p>
      ) : params.invalid || !claims || claims.purpose !== "unsubscribe" ? (
        <p className="form-error" role="alert">
          الرابط غير صالح. استخدم رابط إلغاء الاشتراك الموجود في آخر رسالة وصلتك.
        </p>
      ) : (
        <form method="post" action={paths.newsletterOneClick(token!)}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>اضغط الزر لإيقاف رسائل هذه القائمة.</p>
          <button type="submit">ألغِ الاشتراك</button>
        </form>
      )}
      <p>
        <Link href={paths.newsletter()}>النشرات البريدية</Link>
      </p>
    </div>
  );
}
