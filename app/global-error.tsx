"use client";

// The root layout itself failed: this page must bring its own <html>.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="ar" dir="rtl">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem 1rem", textAlign: "center" }}>
        <h1>تعذّر عرض الموقع</h1>
        <p>حدث خطأ مؤقت لدينا. حاول مجدداً بعد لحظات.</p>
        <button type="button" onClick={reset}>
          إعادة المحاولة
        </button>
      </body>
    </html>
  );
}
