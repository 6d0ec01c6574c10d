import type { Metadata } from "next";
import Link from "next/link";
import { getPreferences } from "@/lib/pages/newsletters";
import { NOT_INDEXABLE } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "إدارة الاشتراكات", robots: NOT_INDEXABLE };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** From any list e-mail: choose lists, or erase the address altogether. */
export default async function PreferencesPage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : null;
  if (params.erased) {
    return (
      <div className="container narrow newsletter-page">
        <h1>حُذفت بياناتك</h1>
        <p className="form-ok" role="status">
          حذفنا عنوانك واشتراكاتك. لن تصلك أي رسالة، ولم يبق عندنا إلا أعداد لا تدل عليك.
        </p>
      </div>
    );
  }
  const view = await getPreferences(token);
  if (!view) {
    return (
      <div className="container narrow newsletter-page">
        <h1>إدارة الاشتراكات</h1>
        <p className="form-error" role="alert">
          الرابط غير صالح. استخدم رابط «إدارة الاشتراكات» في آخر رسالة وصلتك، أو <Link href={paths.newsletter()}>اشترك من جديد</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow newsletter-page">
      <h1>إدارة الاشتراكات</h1>
      <p>
        العنوان: <bdi dir="ltr">{view.email}</bdi>
      </p>
      {params.saved ? (
        <p className="form-ok" role="status">
          حُفظت اختياراتك.
        </p>
      ) : null}
      <form method="post" action={paths.newsletterPreferencesSubmit()}>
        <input type="hidden" name="token" value={token!} />
        <fieldset className="newsletter-lists">
          <legend>القوائم التي تصلك</legend>
          {view.lists.map((list) => (
            <label key={list.id}>
              <input type="checkbox" name="lists" value={list.id} defaultChecked={list.subscribed} /> {list.name}
              {list.description ? <span className="newsletter-note"> — {list.description}</span> : null}
            </label>
          ))}
        </fieldset>
        <button type="submit">احفظ</button>
      </form>
      <form method="post" action={paths.newsletterPreferencesSubmit()} className="newsletter-erase">
        <input type="hidden" name="token" value={token!} />
        <input type="hidden" name="erase" value="1" />
        <p>تريد أن ننسى عنوانك تماماً؟ يُحذف العنوان وكل اشتراكاته.</p>
        <button type="submit">احذف بياناتي</button>
      </form>
    </div>
  );
}
