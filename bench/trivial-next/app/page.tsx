import Link from "next/link";

// ISR like the portal's reader pages, so the bench compares a cache hit with a cache hit.
export const revalidate = 3600;

export default function TrivialPage() {
  return (
    <main>
      <h1>صفحة بسيطة</h1>
      <Link href="/">الرئيسية</Link>
    </main>
  );
}
