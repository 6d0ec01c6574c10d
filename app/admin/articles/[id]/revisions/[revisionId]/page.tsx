import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleBody } from "@/app/(site)/_components/article-body";
import { RestoreButton } from "@/app/admin/_components/restore-button";
import { parseArticleBody } from "@/lib/articles/body-schema";
import { can, pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatArticleDate } from "@/lib/i18n/dates";
import { getRevisionPage } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import { noteLabel } from "../../../labels";
import "../../../../admin.css";

export const metadata: Metadata = { title: "نسخة سابقة" };

export default async function RevisionPage({ params }: { params: Promise<{ id: string; revisionId: string }> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]/revisions/[revisionId]"]);
  const { id: rawId, revisionId: rawRevision } = await params;
  const id = Number(rawId);
  const revisionId = Number(rawRevision);
  const found = Number.isSafeInteger(id) && Number.isSafeInteger(revisionId) ? await getRevisionPage(user, id, revisionId) : null;
  if (!found) notFound();
  const { article, revision } = found;
  const snap = revision.snapshot;
  const body = parseArticleBody(snap.body);
  return (
    <div className="adm">
      <p>
        <Link href={`/admin/articles/${id}/revisions`}>→ سجل النسخ</Link>
      </p>
      <div className="adm-toolbar-row">
        <h1>النسخة {revision.version}</h1>
        {can(user, "restore") && revision.version !== article.version ? (
          <RestoreButton articleId={id} revisionId={revision.id} currentVersion={article.version} label="استعد هذه النسخة" />
        ) : null}
      </div>
      <p className="adm-muted">
        {noteLabel(revision.note)} · <time dateTime={revision.savedAt.toISOString()}>{formatArticleDate(revision.savedAt, { ...getDateConfig(), showHijri: false })}</time>
      </p>
      <dl className="adm-panel">
        <dt className="adm-label">الرابط المختصر</dt>
        <dd>
          <bdi>{snap.slug}</bdi>
        </dd>
        <dt className="adm-label">الكلمات الدلالية</dt>
        <dd>{snap.tagNames.join("، ") || "—"}</dd>
        <dt className="adm-label">المصدر</dt>
        <dd>
          {snap.sourceName || "—"} {snap.sourceUrl ? <bdi dir="ltr">{snap.sourceUrl}</bdi> : null}
        </dd>
        {snap.correction ? (
          <>
            <dt className="adm-label">التصحيح</dt>
            <dd>{snap.correction}</dd>
          </>
        ) : null}
      </dl>
      <article className="preview-article">
        <h2>
          <bdi>{snap.title}</bdi>
        </h2>
        {snap.dek ? <p className="adm-hint">{snap.dek}</p> : null}
        <div className="article-body">{body.success ? <ArticleBody body={body.data} /> : <p>تعذّر عرض المتن.</p>}</div>
      </article>
    </div>
  );
}
