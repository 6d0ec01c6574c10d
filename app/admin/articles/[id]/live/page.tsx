import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveEntryRow, NewLiveEntryForm, type DeskEntry } from "@/app/admin/_components/live-desk";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { formatClockTime, formatShortDate } from "@/lib/i18n/dates";
import { getLiveDesk } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import { paths } from "@/lib/urls";
import "../../../admin.css";

export const metadata: Metadata = { title: "التغطية المباشرة" };

export default async function LiveDeskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]/live"]);
  const id = Number((await params).id);
  const desk = Number.isSafeInteger(id) && id > 0 ? await getLiveDesk(user, id) : null;
  if (!desk) notFound();
  const { article, entries } = desk;
  const dates = { ...getDateConfig(), showHijri: false };
  const rows: DeskEntry[] = entries.map((entry) => ({
    ...entry,
    postedLabel: `${formatShortDate(new Date(entry.postedAt), dates)} ${formatClockTime(new Date(entry.postedAt), dates)}`,
  }));
  const { maxUploadBytes } = getEnv();
  return (
    <div className="adm live-desk">
      <p>
        <Link href={`/admin/articles/${article.id}`}>→ العودة إلى المحرر</Link>
        {article.status === "published" ? (
          <>
            {" · "}
            <a href={paths.article(article.id, article.slug)} target="_blank" rel="noopener">
              الصفحة العامة
            </a>
          </>
        ) : null}
      </p>
      <h1>
        التغطية المباشرة: <bdi>{article.title}</bdi>
      </h1>
      {article.state === "live" ? (
        <NewLiveEntryForm articleId={article.id} maxUploadBytes={maxUploadBytes} />
      ) : (
        <p className="adm-notice error">
          {article.state === "ended"
            ? "انتهت هذه التغطية؛ يمكن تعديل تحديثاتها وحذفها، لا إضافة جديد."
            : "هذا الخبر ليس تغطية مباشرة: فعّل «تغطية مباشرة» في المحرر واحفظ."}
        </p>
      )}
      <h2>التحديثات ({rows.length})</h2>
      {rows.length ? (
        <ol className="live-desk-entries">
          {rows.map((entry) => (
            <LiveEntryRow key={`${entry.id}-${entry.version}`} articleId={article.id} entry={entry} maxUploadBytes={maxUploadBytes} />
          ))}
        </ol>
      ) : (
        <p className="adm-hint">لا تحديثات بعد.</p>
      )}
    </div>
  );
}
