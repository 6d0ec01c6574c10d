import type { Metadata } from "next";
import Link from "next/link";
import type { ArticleStatus } from "@/db/schema";
import { can, pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatRelativeTime, formatShortDate } from "@/lib/i18n/dates";
import { STATUS_LABELS } from "@/lib/i18n/labels";
import { getArticlesDashboard } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import "../admin.css";
import { noteLabel } from "./labels";

export const metadata: Metadata = { title: "الأخبار" };

const STATUSES: { value: ArticleStatus; label: string }[] = [
  { value: "draft", label: "مسودات" },
  { value: "scheduled", label: "مجدولة" },
  { value: "published", label: "منشورة" },
  { value: "unpublished", label: "أُلغي نشرها" },
];

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
const positive = (value: string) => (/^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

export default async function ArticlesDashboard({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireStaffPage(pageAccess["/admin/articles"]);
  const params = await searchParams;
  const isWriter = !can(user, "seeEveryStory");
  const statusParam = one(params.status);
  const status = STATUSES.some((s) => s.value === statusParam) ? (statusParam as ArticleStatus) : undefined;
  const filters = {
    sectionId: positive(one(params.section)),
    tagId: positive(one(params.tag)),
    authorId: positive(one(params.author)),
    breaking: one(params.breaking) === "1" ? true : undefined,
    q: one(params.q).slice(0, 200),
    ownerId: isWriter ? user.id : undefined,
  };
  const cursor = one(params.cursor) || null;
  const { page, counts, changes, sections, tags, authors } = await getArticlesDashboard({
    filters,
    status,
    cursor,
    withAuthorOptions: !isWriter,
  });
  const dates = getDateConfig();
  const now = new Date();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  const linkWith = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    const base: Record<string, string | undefined> = {
      status,
      section: one(params.section),
      tag: one(params.tag),
      author: one(params.author),
      breaking: one(params.breaking),
      q: one(params.q),
    };
    for (const [key, value] of Object.entries({ ...base, ...changes })) if (value) next.set(key, value);
    const query = next.toString();
    return query ? `/admin/articles?${query}` : "/admin/articles";
  };

  return (
    <div className="adm">
      <div className="adm-toolbar-row">
        <h1>{isWriter ? "أخباري" : "الأخبار"}</h1>
        <Link className="adm-btn" href="/admin/articles/new">
          + خبر جديد
        </Link>
      </div>

      <ul className="adm-tabs" aria-label="الحالة">
        <li>
          <Link href={linkWith({ status: undefined })} aria-current={!status ? "page" : undefined}>
            الكل ({total})
          </Link>
        </li>
        {STATUSES.map((s) => (
          <li key={s.value}>
            <Link href={linkWith({ status: s.value })} aria-current={status === s.value ? "page" : undefined}>
              {s.label} ({counts[s.value]})
            </Link>
          </li>
        ))}
      </ul>

      <form className="adm-filters" method="get" role="search" aria-label="تصفية الأخبار">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <div className="adm-field">
          <label htmlFor="f-q">العنوان</label>
          <input id="f-q" name="q" type="search" defaultValue={one(params.q)} placeholder="ابحث في العناوين…" />
        </div>
        <div className="adm-field">
          <label htmlFor="f-section">القسم</label>
          <select id="f-section" name="section" defaultValue={one(params.section)}>
            <option value="">الكل</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="adm-field">
          <label htmlFor="f-tag">الوسم</label>
          <select id="f-tag" name="tag" defaultValue={one(params.tag)}>
            <option value="">الكل</option>
            {tags.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        {!isWriter ? (
          <div className="adm-field">
            <label htmlFor="f-author">الكاتب</label>
            <select id="f-author" name="author" defaultValue={one(params.author)}>
              <option value="">الكل</option>
              {authors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <label className="adm-check">
          <input type="checkbox" name="breaking" value="1" defaultChecked={one(params.breaking) === "1"} /> عاجل فقط
        </label>
        <button className="adm-btn" type="submit">
          تصفية
        </button>
        <Link href="/admin/articles" className="adm-btn secondary">
          مسح
        </Link>
      </form>

      <div className="adm-grid">
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" className="visually-hidden">
            قائمة الأخبار
          </h2>
          {page.rows.length ? (
            <table className="adm-table">
              <thead>
                <tr>
                  <th scope="col">العنوان</th>
                  <th scope="col">الحالة</th>
                  <th scope="col">القسم</th>
                  <th scope="col">الكتّاب</th>
                  <th scope="col">آخر حفظ</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((row) => (
                  <tr key={row.id}>
                    <td>
                      {row.isBreaking ? <span className="badge-breaking">عاجل</span> : null}{" "}
                      <Link href={`/admin/articles/${row.id}`}>
                        <bdi>{row.title}</bdi>
                      </Link>
                    </td>
                    <td>
                      <span className={`status-badge ${row.status}`}>{STATUS_LABELS[row.status]}</span>
                      {row.status === "scheduled" && row.scheduledAt ? (
                        <div className="adm-muted">{formatShortDate(row.scheduledAt, dates)}</div>
                      ) : null}
                    </td>
                    <td>{row.sectionName}</td>
                    <td>{row.authorNames.join("، ")}</td>
                    <td className="num">
                      <time dateTime={row.savedAt.toISOString()}>{formatRelativeTime(row.savedAt, now, dates)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>لا أخبار تطابق هذه التصفية.</p>
          )}
          {page.nextCursor ? (
            <p>
              <Link className="adm-btn secondary" href={linkWith({ cursor: page.nextCursor })}>
                الأقدم ←
              </Link>
            </p>
          ) : null}
        </section>

        <aside className="adm-panel" aria-labelledby="changes-heading">
          <h2 id="changes-heading">آخر التغييرات</h2>
          <ul className="adm-changes">
            {changes.map((change) => (
              <li key={`${change.articleId}-${change.version}`}>
                <Link href={`/admin/articles/${change.articleId}`}>
                  <bdi>{change.title}</bdi>
                </Link>
                <div className="adm-muted">
                  {change.savedByName ?? "مفتاح API"} · {noteLabel(change.note)} · النسخة {change.version} ·{" "}
                  <time dateTime={change.savedAt.toISOString()}>{formatRelativeTime(change.savedAt, now, dates)}</time>
                </div>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}
