import type { Metadata } from "next";
import { NewsletterSignup } from "@/app/(site)/_components/newsletter-signup";
import { getEnv } from "@/lib/env";
import { getSignupLists } from "@/lib/pages/newsletters";
import { NOT_INDEXABLE } from "@/lib/seo/metadata";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "النشرات البريدية", robots: NOT_INDEXABLE };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

const FORM_ERRORS: Record<string, string> = {
  form: "تعذّر إرسال النموذج. أعد المحاولة من هذه الصفحة.",
  throttled: "محاولات كثيرة من هذا الجهاز. حاول بعد ساعة.",
};

/** Every list, the sign-up form with its answers, and what happens after. */
export default async function NewsletterPage({ searchParams }: Props) {
  const params = await searchParams;
  const lists = await getSignupLists();
  const error = one(params.error);
  const message = one(params.message).slice(0, 200);
  return (
    <div className="container narrow newsletter-page">
      <h1>النشرات البريدية من {getEnv().siteName}</h1>
      {one(params.sent) ? (
        <p className="form-ok" role="status">
          شكراً. إن كان العنوان صحيحاً فستصلك رسالة لتأكيد الاشتراك خلال دقائق. لا نرسل شيئاً قبل أن تؤكد.
        </p>
      ) : null}
      <ul className="newsletter-list-descriptions">
        {lists.map((list) => (
          <li key={list.id}>
            <strong>{list.name}</strong>: {list.description}
          </li>
        ))}
      </ul>
      <div id="signup">
        <NewsletterSignup
          id="newsletter-page"
          source="/newsletter"
          heading="اشترك"
          lists={lists.map((list) => ({ slug: list.slug, name: list.name, checked: list.kind === "digest" }))}
          email={one(params.email).slice(0, 254)}
          error={{
            email: error === "email" ? message || "اكتب بريداً صحيحاً" : undefined,
            lists: error === "lists" ? message || "اختر قائمة واحدة على الأقل" : undefined,
            form: FORM_ERRORS[error],
          }}
        />
      </div>
      <p className="newsletter-note">
        نحفظ عنوانك ووقت موافقتك والصفحة التي اشتركت منها، ولا شيء غيرها. في كل رسالة رابط لإلغاء الاشتراك ورابط لإدارة قوائمك أو حذف بياناتك.
      </p>
    </div>
  );
}
