import Link from "next/link";

/** Plain crawlable links; the cursor is a keyset position, so a URL always shows the same page. */
export function Pagination({ basePath, nextCursor, isFirstPage }: { basePath: string; nextCursor: string | null; isFirstPage: boolean }) {
  if (!nextCursor && isFirstPage) return null;
  return (
    <nav className="pagination" aria-label="التنقل بين الصفحات">
      {isFirstPage ? null : (
        <Link href={basePath} rel="start">
          الأحدث
        </Link>
      )}
      {nextCursor ? (
        <Link href={`${basePath}?after=${nextCursor}`} rel="next">
          أخبار أقدم
        </Link>
      ) : null}
    </nav>
  );
}
