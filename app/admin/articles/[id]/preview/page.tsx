import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleBody } from "@/app/(site)/_components/article-body";
import { getDb } from "@/db/client";
import { canUserSeeArticle, getArticleForEditor } from "@/lib/articles/admin-queries";
import { listAuthorOptions } from "@/lib/users/queries";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatArticleDate } from "@/lib/i18n/dates";
import { paths } from "@/lib/seo/urls";
import { getDateConfig } from "@/lib/site-config";
import "../../../admin.css";

// Staff-only preview of the saved draft, laid out like the public story page; never indexed.
export const metadata: Metadata = {
  title: "معاينة",
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
};

export default async function PreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]/preview"]);
  const id = Number((await params).id);
  const db = getDb();
  if (!Number.isSafeInteger(id) || !(await canUserSeeArticle(db, id, user))) notFound();
  const loaded = await getArticleForEditor(db, id, { userId: user.id, role: user.role }, new Date());
  if (!loaded) notFound();
  const { article, hero, section } = loaded;
  const authors = (await listAuthorOptions(db)).filter((a) => loaded.authorIds.includes(a.id));
  const byline = loaded.authorIds.map((aid) => authors.find((a) => a.id === aid)?.name).filter(Boolean);
  const dates = getDateConfig();
  return (
    <>
      <div className="preview-banner" role="note">
        معاينة النسخة {article.version} المحفوظة ({article.status === "published" ? "منشورة" : "غير منشورة للعامة"}) ·{" "}
        <Link href={`/admin/articles/${id}`}>العودة إلى المحرر</Link>
      </div>
      <article className="preview-article">
        {section ? <p className="story-meta">{section.name}</p> : null}
        {article.isBreaking ? <span className="badge-breaking">عاجل</span> : null}
        <h1>
          <bdi>{article.title}</bdi>
        </h1>
        {article.dek ? <p className="dek">{article.dek}</p> : null}
        <p className="story-meta">
          {byline.length ? <>بقلم {byline.join(" و")} · </> : null}
          {article.firstPublishedAt ? (
            <time dateTime={article.firstPublishedAt.toISOString()}>{formatArticleDate(article.firstPublishedAt, dates)}</time>
          ) : (
            "لم يُنشر بعد"
          )}
        </p>
        {hero ? (
          <figure>

            <img src={paths.media(hero.path, 960)} alt={hero.alt} width={hero.width} height={hero.height} />
          </figure>
        ) : null}
        {article.correction ? (
          <p className="adm-notice ok">
            <strong>تصحيح:</strong> {article.correction}
          </p>
        ) : null}
        <div className="article-body">
          <ArticleBody body={article.body} />
        </div>
        {article.sourceName ? (
          <p>
            المصدر:{" "}
            {article.sourceUrl ? (
              <a href={article.sourceUrl} rel="noopener nofollow">
                {article.sourceName}
              </a>
            ) : (
              article.sourceName
            )}
          </p>
        ) : null}
        {loaded.tagNames.length ? <p>كلمات دلالية: {loaded.tagNames.join("، ")}</p> : null}
        {loaded.readAlso.length ? (
          <section>
            <h2>إقرأ أيضاً</h2>
            <ul>
              {loaded.readAlso.map((story) => (
                <li key={story.id}>
                  {story.isBreaking ? <span className="badge-breaking">عاجل</span> : null} <bdi>{story.title}</bdi>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </>
  );
}
