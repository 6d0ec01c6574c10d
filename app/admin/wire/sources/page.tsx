import type { Metadata } from "next";
import Link from "next/link";
import { PauseSourceButton, PollSourceButton, WireSourceForm, type SourceFormValues } from "@/app/admin/_components/wire-forms";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatClockTime, formatRelativeTime, formatShortDate } from "@/lib/i18n/dates";
import { getWireSourcesAdmin } from "@/lib/pages/admin";
import { wireSourceView } from "@/lib/wire/sources";
import { getDateConfig } from "@/lib/site-config";
import "../../admin.css";

export const metadata: Metadata = { title: "مصادر الوكالات" };

const MODE_LABELS = { queue: "إلى الوارد", auto: "نشر تلقائي" } as const;
const CANONICAL_LABELS = { ours: "صفحتنا", original: "الأصل" } as const;

/** The outlets the desk polls (admins): add, change, pause, poll now, and each one's health. */
export default async function WireSourcesPage() {
  await requireStaffPage(pageAccess["/admin/wire/sources"]);
  const { sources, sections, authors } = await getWireSourcesAdmin();
  const dates = getDateConfig();
  const now = new Date();
  const blank: SourceFormValues = {
    id: null,
    name: "",
    url: "",
    sectionId: sections[0]?.id ?? null,
    tags: [],
    intervalMinutes: 15,
    mode: "queue",
    canonical: "ours",
    authorId: null,
    allowHost: false,
  };
  const authorOptions = authors.map(({ id, name }) => ({ id, name }));
  return (
    <div className="adm">
      <div className="adm-toolbar-row">
        <h1>مصادر الوكالات</h1>
        <Link className="adm-btn secondary" href="/admin/wire">
          مكتب الوكالات
        </Link>
      </div>
      <p className="adm-muted">
        خلاصات RSS 2.0 أو RSS 1.0 أو Atom 1.0. يُجلب كل مصدر كل فاصل بطلب مشروط، ويُنتظر ضعفه بعد كل فشل. لا يُجلب من عنوان داخلي أو محلي إلا بإذن صريح.
      </p>
      <details className="admin-card" open={sources.length === 0}>
        <summary>أضف مصدراً</summary>
        <WireSourceForm initial={blank} sections={sections} authors={authorOptions} />
      </details>

      <h2>المصادر</h2>
      {sources.length === 0 ? (
        <p className="adm-muted">لا مصادر بعد.</p>
      ) : (
        <table className="adm-table wire-sources-table">
          <thead>
            <tr>
              <th scope="col">المصدر</th>
              <th scope="col">الإعدادات</th>
              <th scope="col">الحال</th>
              <th scope="col">إجراءات</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id} data-wire-source={source.id}>
                <td>
                  <strong>
                    <bdi>{source.name}</bdi>
                  </strong>
                  <div className="adm-muted">
                    <bdi dir="ltr">{source.feedUrl}</bdi>
                  </div>
                </td>
                <td>
                  {source.sectionName} · {MODE_LABELS[source.mode]} · الرابط المعتمد: {CANONICAL_LABELS[source.canonical]} · كل {source.intervalMinutes} د
                  {source.allowPrivateHost ? <div className="adm-muted">مسموح بعنوان داخلي</div> : null}
                  {source.tagNames.length ? <div className="adm-muted">الوسوم: {source.tagNames.join("، ")}</div> : null}
                </td>
                <td>
                  {source.paused ? <span className="admin-badge off">موقوف</span> : null}
                  <div>آخر نجاح: {source.lastSuccessAt ? formatRelativeTime(source.lastSuccessAt, now, dates) : "لم ينجح بعد"}</div>
                  {source.lastError ? (
                    <p className="adm-error">
                      {source.lastError}
                      {source.lastErrorAt ? ` (${formatRelativeTime(source.lastErrorAt, now, dates)}؛ ${source.failures} إخفاق متتالٍ)` : null}
                    </p>
                  ) : null}
                  {!source.paused ? (
                    <div className="adm-muted">
                      الجلب التالي: {formatShortDate(source.nextPollAt, dates)} {formatClockTime(source.nextPollAt, dates)}
                    </div>
                  ) : null}
                </td>
                <td>
                  <div className="adm-actions">
                    <PollSourceButton sourceId={source.id} name={source.name} />
                    <PauseSourceButton sourceId={source.id} name={source.name} paused={source.paused} />
                  </div>
                  <details>
                    <summary>عدّل</summary>
                    <WireSourceForm
                      // The API's view of a source has every field the form edits, in the form's words.
                      initial={wireSourceView(source)}
                      sections={sections}
                      authors={authorOptions}
                    />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
