import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleView } from "@/app/(site)/_components/article-view";
import { getDb } from "@/db/client";
import { canUserSeeArticle } from "@/lib/articles/admin-queries";
import { getArticleById } from "@/lib/articles/queries";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { loadArticlePage } from "@/lib/pages/article";
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
  const db = getDb();
  if (!Number.isSafeInteger(id) || !(await canUserSeeArticle(db, id, user))) notFound();
  const [page, article] = await Promise.all([loadArticlePage(db, id, new Date()), getArticleById(db, id)]);
  if (!page || !article) notFound();
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
