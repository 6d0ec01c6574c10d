import type { Metadata } from "next";
import Link from "next/link";
import { decodeNewsletterToken } from "@/lib/newsletters/tokens";
import { NOT_INDEXABLE } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "تأكيد الاشتراك", robots: NOT_INDEXABLE };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The confirmation link opens this page; its button (a POST) confirms. */
export default async function ConfirmPage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  return (
    <div className="container narrow newsletter-page">
      <h1>تأكيد الاشتراك</h1>
      {params.confirmed ? (
        <p className="form-ok" role="status">
          تأكد اشتراكك. ستصلك رسائل القوائم التي اخترتها، وفي كل رسالة رابط لإلغاء الاشتراك.
        </p>
      ) : params.invalid || (token && !decodeNewsletterToken(token)) ? (
        <p className="form-error" role="alert">
          الرابط غير صالح أو انتهت صلاحيته. <Link href={paths.newsletter()}>اشترك من جديد</Link> لتصلك رسالة تأكيد أخرى.
        </p>
      ) : token ? (
        <form method="post" action={paths.newsletterConfirmSubmit()}>
          <input type="hidden" name="token" value={token} />
          <p>اضغط الزر لتأكيد اشتراكك.</p>
          <button type="submit">أكّد الاشتراك</button>
        </form>
      ) : (
        <p>
          افتح الرابط الذي وصلك في رسالة التأكيد، أو <Link href={paths.newsletter()}>اشترك</Link>.
        </p>
      )}
    </div>
  );
}
