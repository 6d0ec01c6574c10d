"use client";

import Link from "next/link";

// A rendering or database failure on a reader page: say so in Arabic and offer a retry.
export default function ReaderError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="container error-page">
      <h1>تعذّر عرض هذه الصفحة</h1>
      <p>حدث خطأ مؤقت لدينا. حاول مجدداً بعد لحظات.</p>
      <p>
        <button type="button" className="button" onClick={reset}>
          إعادة المحاولة
        </button>{" "}
        <Link href="/">الصفحة الرئيسية</Link>
      </p>
    </div>
  );
}
