import type { Metadata } from "next";
import Link from "next/link";
import { PollSourceButton, WireTriageButton } from "@/app/admin/_components/wire-forms";
import { can, pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatClockTime, formatRelativeTime, formatShortDate } from "@/lib/i18n/dates";
import { getWireDesk } from "@/lib/pages/admin";
import { parseRowIdParam } from "@/lib/routing/params";
import { getDateConfig } from "@/lib/site-config";
import { WIRE_STATUSES, type WireItemStatus } from "@/lib/wire/desk";
import "../admin.css";

export const metadata: Metadata = { title: "مكتب الوكالات" };

const STATUS_TABS: { value: WireItemStatus | undefined; label: string }[] = [
  { value: "new", label: "الوارد" },
  { value: "used", label: "استُخدمت" },
  { value: "ignored", label: "المتجاهلة" },
  { value: undefined, label: "الكل" },
];

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** The wire queue: what the outlets sent, newest first, one row per story however many sent it. */
export default async function WireDeskPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireStaffPage(pageAccess["/admin/wire"]);
  const params = await searchParams;
  const statusParam = one(params.status);
  // The default view is what waits for an editor; ?status=all shows everything.
  const status = statusParam === "all" ? undefined : WIRE_STATUSES.find((s) => s === statusParam) ?? "new";
  const sourceId = parseRowIdParam(one(params.source) || undefined);
  const cursorMatch = one(params.before).match(/^(\d{13})-(\d{1,10})$/);
  const before = cursorMatch ? { sortAt: new Date(Number(cursorMatch[1])), id: Number(cursorMatch[2]) } : null;
  const { queue, sources, waiting } = await getWireDesk({ status, sourceId, before });
  const dates = getDateConfig();
  const now = new Date();
  const mayTriage = can(user, "triageWire");
  const sourceNames = new Map(sources.map((source) => [source.id, source.name]));

  const linkWith = (changes: { status?: string; source?: string; before?: string }) => {
    const next = new URLSearchParams();
    const merged = { status: status ?? "all", source: sourceId ? String(sourceId) : undefined, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value && !(key === "status" && value === "new")) next.set(key, value);
    const query = next.toString();
    return query ? `/admin/wire?${query}` : "/admin/wire";
  };

  return (
    <div className="adm">
      <div className="adm-toolbar-row">
        <h1>مكتب الوكالات</h1>
        {can(user, "manageWireSources") ? (
          <Link className="adm-btn secondary" href="/admin/wire/sources">
            المصادر
          </Link>
        ) : null}
      </div>
      <p className="adm-muted">
        ما ترسله الوكالات والمواقع الشريكة، الأحدث أولاً. القصة التي أرسلها أكثر من مصدر تظهر مرة واحدة بمصادرها كلها. «حرّر وانشر» يفتح محرر الخبر بنصها، والمصدر مثبّت على
        الوكالة.
      </p>

      <ul className="adm-tabs" aria-label="الحالة">
        {STATUS_TABS.map((tab) => (
          <li key={tab.label}>
            <Link href={linkWith({ status: tab.value ?? "all", before: undefined })} aria-current={status === tab.value ? "page" : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>

      <form className="adm-filters" method="get" aria-label="تصفية الوارد">
        <input type="hidden" name="status" value={status ?? "all"} />
        <div className="adm-field">
          <label htmlFor="wire-source">المصدر</label>
          <select id="wire-source" name="source" defaultValue={sourceId ? String(sourceId) : ""}>
            <option value="">كل المصادر</option>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name} ({waiting.get(source.id) ?? 0} في الوارد)
              </option>
            ))}
          </select>
        </div>
        <button className="adm-btn" type="submit">
          تصفية
        </button>
      </form>

      <div className="adm-grid">
        <section aria-labelledby="wire-queue-heading">
          <h2 id="wire-queue-heading" className="visually-hidden">
            الوارد
          </h2>
          {queue.items.length === 0 ? (
            <p className="adm-muted">لا أخبار هنا.</p>
          ) : (
            <ol className="wire-queue">
              {queue.items.map((item) => {
                const lead = item.entries[0];
                if (!lead) return null;
                return (
                  <li key={item.id} className={`wire-item ${item.status}`} data-wire-item={item.id}>
                    <h3 dir="auto">{lead.title}</h3>
                    {lead.lead ? (
                      <p className="wire-lead" dir="auto">
                        {lead.lead}
                      </p>
                    ) : null}
                    <ul className="wire-sources" aria-label="المصادر">
                      {item.entries.map((entry) => (
                        <li key={entry.id}>
                          <strong>
                            <bdi>{entry.sourceName}</bdi>
                          </strong>{" "}
                          <span className="adm-muted">
                            <time dateTime={(entry.publishedAt ?? entry.seenAt).toISOString()}>{formatRelativeTime(entry.publishedAt ?? entry.seenAt, now, dates)}</time>
                          </span>
                          {entry.url ? (
                            <>
                              {" · "}
                              <a href={entry.url} target="_blank" rel="noopener noreferrer nofollow">
                                الأصل
                              </a>
                            </>
                          ) : null}
                          {item.entries.length > 1 && item.status === "new" ? (
                            <>
                              {" · "}
                              <Link href={`/admin/articles/new?wire=${item.id}&source=${entry.sourceId}`}>حرّر من هذا المصدر</Link>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    <div className="adm-actions">
                      {item.status === "new" ? (
                        <Link className="adm-btn small" href={`/admin/articles/new?wire=${item.id}`}>
                          حرّر وانشر
                        </Link>
                      ) : null}
                      {item.status === "used" && item.articleId ? (
                        <Link className="adm-btn small secondary" href={`/admin/articles/${item.articleId}`}>
                          الخبر المنشور منه
                        </Link>
                      ) : null}
                      {item.status === "ignored" ? <span className="status-badge">متجاهل</span> : null}
                      {mayTriage && item.status !== "used" ? <WireTriageButton itemId={item.id} ignored={item.status === "ignored"} title={lead.title} /> : null}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          {queue.next ? (
            <p>
              <Link className="adm-btn secondary" href={linkWith({ before: `${queue.next.sortAt.getTime()}-${queue.next.id}` })}>
                الأقدم
              </Link>
            </p>
          ) : null}
        </section>

        <aside aria-labelledby="wire-health-heading">
          <h2 id="wire-health-heading">حال المصادر</h2>
          {sources.length === 0 ? <p className="adm-muted">لا مصادر بعد.</p> : null}
          <ul className="wire-health">
            {sources.map((source) => (
              <li key={source.id} data-wire-source={source.id} className={source.lastError ? "failing" : source.paused ? "paused" : "ok"}>
                <strong>
                  <bdi>{source.name}</bdi>
                </strong>
                {source.paused ? <span className="admin-badge off">موقوف</span> : null}
                <div className="adm-muted">
                  آخر جلب ناجح: {source.lastSuccessAt ? formatRelativeTime(source.lastSuccessAt, now, dates) : "لم ينجح بعد"}
                </div>
                {source.lastError ? (
                  <p className="adm-error" data-testid="wire-source-error">
                    {source.lastError}
                    {source.lastErrorAt ? ` (${formatRelativeTime(source.lastErrorAt, now, dates)}، المحاولة التالية ${formatShortDate(source.nextPollAt, dates)} ${formatClockTime(source.nextPollAt, dates)})` : null}
                  </p>
                ) : null}
                {mayTriage ? <PollSourceButton sourceId={source.id} name={sourceNames.get(source.id) ?? ""} /> : null}
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}
