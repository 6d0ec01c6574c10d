import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RestoreButton } from "@/app/admin/_components/restore-button";
import { can, pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatArticleDate } from "@/lib/i18n/dates";
import { getRevisionHistory } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import { noteLabel } from "../../labels";
import "../../../admin.css";

export const metadata: Metadata = { title: "سجل النسخ" };

export default async function RevisionsPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]/revisions"]);
  const id = Number((await params).id);
  const history = Number.isSafeInteger(id) ? await getRevisionHistory(user, id) : null;
  if (!history) notFound();
  const { article, revisions } = history;
  const dates = { ...getDateConfig(), showHijri: false };
  const canRestore = can(user, "restore");
  return (
    <div className="adm">
      <p>
        <Link href={`/admin/articles/${id}`}>→ العودة إلى المحرر</Link>
      </p>
      <h1>
        سجل نسخ: <bdi>{article.title}</bdi>
      </h1>
      <p className="adm-hint">الاستعادة تكتب نسخة جديدة بمحتوى النسخة القديمة؛ لا يُحذف شيء، وتبقى حالة النشر كما هي.</p>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">النسخة</th>
            <th scope="col">بواسطة</th>
            <th scope="col">الوقت</th>
            <th scope="col">الملاحظة</th>
            <th scope="col">
              <span className="visually-hidden">إجراءات</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((rev) => (
            <tr key={rev.id}>
              <td className="num">
                {rev.version}
                {rev.version === article.version ? <span className="adm-muted"> (الحالية)</span> : null}
              </td>
              <td>{rev.savedByName ?? "مفتاح API"}</td>
              <td>
                <time dateTime={rev.savedAt.toISOString()}>{formatArticleDate(rev.savedAt, dates)}</time>
              </td>
              <td>{noteLabel(rev.note)}</td>
              <td>
                <span className="adm-actions">
                  <Link className="adm-btn small secondary" href={`/admin/articles/${id}/revisions/${rev.id}`}>
                    عرض
                  </Link>
                  {canRestore && rev.version !== article.version ? (
                    <RestoreButton articleId={id} revisionId={rev.id} currentVersion={article.version} label="استعد" />
                  ) : null}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
