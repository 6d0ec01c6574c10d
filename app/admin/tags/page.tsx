import type { Metadata } from "next";
import Link from "next/link";
import { TagRowActions } from "@/app/admin/_components/tag-row-actions";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getTagsAdminPage } from "@/lib/pages/admin";
import { paths } from "@/lib/urls";
import "../admin.css";

export const metadata: Metadata = { title: "الوسوم" };

const PAGE_SIZE = 50;

export default async function TagsAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage(pageAccess["/admin/tags"]);
  const params = await searchParams;
  const q = (typeof params.q === "string" ? params.q : "").slice(0, 100);
  const pageNumber = Math.max(1, Math.min(1000, Number(typeof params.page === "string" ? params.page : "1") || 1));
  const {
    page: { rows, hasMore },
    all,
  } = await getTagsAdminPage({ q, limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE });
  const pageLink = (page: number) => `/admin/tags?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;
  return (
    <div className="adm">
      <h1>الوسوم</h1>
      <p className="adm-hint">
        إعادة التسمية تُبقي الرابط القديم محوّلاً (301) إلى الجديد. الأسماء البديلة (ترمب لـ«ترامب») يجد بها البحث أخبار الوسم. الدمج ينقل أخبار الوسم إلى وسم آخر ويحذفه، ويبقى اسمه وأسماؤه البديلة أسماءً بديلة للوسم الآخر. لا يُحذف إلا وسم غير مستخدم.
      </p>
      <form className="adm-filters" method="get" role="search" aria-label="ابحث في الوسوم">
        <div className="adm-field">
          <label htmlFor="tag-q">الاسم</label>
          <input id="tag-q" name="q" type="search" defaultValue={q} />
        </div>
        <button className="adm-btn" type="submit">
          ابحث
        </button>
      </form>
      <datalist id="all-tags">
        {all.rows.map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">الوسم</th>
            <th scope="col">الأخبار</th>
            <th scope="col">إجراءات</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((tag) => (
            <tr key={tag.id} data-testid={`tag-row-${tag.id}`}>
              <td>
                <a href={paths.tag(tag.slug)} target="_blank" rel="noopener">
                  <bdi>{tag.name}</bdi>
                </a>
                <div className="adm-muted">
                  <bdi>{tag.slug}</bdi>
                  {tag.redirectCount ? ` · ${tag.redirectCount} رابط قديم محوّل` : null}
                </div>
              </td>
              <td className="num">
                <Link href={`/admin/articles?tag=${tag.id}`}>{tag.storyCount}</Link>
              </td>
              <td>
                <TagRowActions
                  key={`${tag.id}-${tag.name}-${tag.aliases.join(",")}`}
                  tagId={tag.id}
                  name={tag.name}
                  aliases={tag.aliases}
                  storyCount={tag.storyCount}
                  datalistId="all-tags"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!rows.length ? <p>لا وسوم.</p> : null}
      <p className="adm-actions">
        {pageNumber > 1 ? (
          <Link className="adm-btn secondary" href={pageLink(pageNumber - 1)}>
            → السابق
          </Link>
        ) : null}
        {hasMore ? (
          <Link className="adm-btn secondary" href={pageLink(pageNumber + 1)}>
            التالي ←
          </Link>
        ) : null}
      </p>
    </div>
  );
}
