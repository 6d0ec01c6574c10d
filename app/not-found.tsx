import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "الصفحة غير موجودة", robots: { index: false, follow: true } };

// Unknown URLs and notFound() alike: a real 404 status with a way back into the site.
export default function NotFound() {
  return (
    <main id="main" className="container error-page">
      <h1>الصفحة غير موجودة</h1>
      <p>ربما نُقل هذا الخبر أو حُذف، أو أن الرابط غير صحيح.</p>
      <form className="search-form" action="/search" role="search">
        <label htmlFor="notfound-q" className="visually-hidden">
          ابحث في الأخبار
        </label>
        <input id="notfound-q" name="q" type="search" placeholder="ابحث في الأخبار" maxLength={200} />
        <button type="submit" className="button">
          ابحث
        </button>
      </form>
      <p>
        <Link href="/">العودة إلى الصفحة الرئيسية</Link>
      </p>
    </main>
  );
}
