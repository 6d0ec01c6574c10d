"use client";

import Link from "next/link";
import { DATABASE_UNAVAILABLE_DIGEST, DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db-errors";

// An admin page failed to render, inside the admin shell (app/admin/layout.tsx keeps rendering
// without the database). In production the browser gets no error message, only its digest, which
// DatabaseUnavailableError sets to a fixed value: that is how an outage is told from a bug.
export default function AdminError({ error, retry }: { error: unknown; retry: () => void }) {
  const databaseDown =
    typeof error === "object" && error !== null && (error as { digest?: unknown }).digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <div className="admin-card" role="alert" dir="rtl" lang="ar">
      <h1>{databaseDown ? "قاعدة البيانات غير متاحة الآن" : "تعذّر عرض هذه الصفحة"}</h1>
      <p>{databaseDown ? DATABASE_UNAVAILABLE_MESSAGE : "حدث خطأ غير متوقع. حاول مجدداً، وإن تكرر فأبلغ مدير الموقع."}</p>
      <p>
        {/* retry() fetches the page from the server again; reset() alone would re-render the same failure. */}
        <button type="button" className="admin-button" onClick={() => retry()}>
          إعادة المحاولة
        </button>{" "}
        <Link href="/admin">العودة إلى لوحة التحرير</Link>
      </p>
    </div>
  );
}
