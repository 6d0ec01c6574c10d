import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleView } from "@/app/(site)/_components/article-view";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getArticlePreview } from "@/lib/pages/admin";
import "../../../admin.css";

// Staff-only preview of the saved story, rendered by the public page's own view (uncached, whatever
// its status); never indexed.
export const metadata: Metadata = {
  title: "معاينة",
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
};

export default async function PreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]/preview"]);
  const id = Number((await params).id);
  const preview = Number.isSafeInteger(id) ? await getArticlePreview(user, id) : null;
  if (!preview) notFound();
  const { page, article } = preview;
  return (
    <>
      <div className="preview-banner" role="note">
        معاينة النسخة {article.version} المحفوظة ({page.status === "published" ? "منشورة" : "غير منشورة للعامة"}) ·{" "}
        <Link href={`/admin/articles/${id}`}>العودة إلى المحرر</Link>
      </div>
      <div className="preview-article">
        <ArticleView page={page} readAlso={page.readAlso} similar={page.similar} />
      </div>
    </>
  );
}
