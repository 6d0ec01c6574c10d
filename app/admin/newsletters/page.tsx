import type { Metadata } from "next";
import { ListActiveButton, SectionListForm, SendAlertForm, SubscriberActions } from "@/app/admin/_components/newsletter-forms";
import { can, pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { formatClockTime, formatShortDate } from "@/lib/i18n/dates";
import { getNewslettersAdmin } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import "../admin.css";

export const metadata: Metadata = { title: "النشرات البريدية" };

const KIND_LABELS = { digest: "نشرة يومية", breaking: "عاجل", section: "قسم", confirmation: "تأكيد" } as const;

type Search = Record<string, string | string[] | undefined>;

/** Lists and their counts, breaking alerts, the send log; for admins, the subscribers themselves. */
export default async function NewslettersAdminPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireStaffPage(pageAccess["/admin/newsletters"]);
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q.slice(0, 100) : "";
  const { counts, campaigns, candidates, recipients, subscribers, sections } = await getNewslettersAdmin(user, q);
  const dates = getDateConfig();
  const when = (date: Date) => `${formatShortDate(date, dates)} ${formatClockTime(date, dates)}`;
  const isAdmin = can(user, "manageSubscribers");
  return (
    <div className="adm">
      <h1>النشرات البريدية</h1>

      <section aria-labelledby="alerts-heading" id="alerts">
        <h2 id="alerts-heading">تنبيه عاجل</h2>
        {candidates.length === 0 ? (
          <p className="adm-muted">لا خبر عاجلاً منشوراً في آخر 24 ساعة دون تنبيه.</p>
        ) : (
          <ul className="adm-changes">
            {candidates.map((story) => (
              <li key={story.id} data-alert-story={story.id}>
                <strong dir="auto">{story.title}</strong>
                <SendAlertForm articleId={story.id} title={story.title} recipients={recipients} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <h2>القوائم</h2>
      <table className="adm-table">
        <thead>
          <tr>
            <th scope="col">القائمة</th>
            <th scope="col">النوع</th>
            <th scope="col">مؤكَّدون</th>
            <th scope="col">بانتظار التأكيد</th>
            <th scope="col">الحال</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((list) => (
            <tr key={list.id} data-list={list.slug}>
              <td>{list.name}</td>
              <td>
                {KIND_LABELS[list.kind]}
                {list.sectionName ? `: ${list.sectionName}` : ""}
              </td>
              <td className="num" data-testid="confirmed-count">
                {list.confirmed}
              </td>
              <td className="num">{list.pending}</td>
              <td>
                {list.active ? "مفعّلة" : <span className="admin-badge off">موقوفة</span>}
                {isAdmin ? <ListActiveButton listId={list.id} active={list.active} name={list.name} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin ? (
        <details className="admin-card">
          <summary>أضف قائمة لقسم</summary>
          <SectionListForm sections={sections} />
        </details>
      ) : null}

      <h2>سجل الإرسال</h2>
      {campaigns.length === 0 ? (
        <p className="adm-muted">لم يُرسل شيء بعد.</p>
      ) : (
        <table className="adm-table">
          <thead>
            <tr>
              <th scope="col">الرسالة</th>
              <th scope="col">القائمة</th>
              <th scope="col">في الطابور</th>
              <th scope="col">أُرسلت</th>
              <th scope="col">فشلت</th>
              <th scope="col">ارتدّت</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign.id} data-campaign={campaign.id}>
                <td>
                  <bdi>{campaign.subject}</bdi>
                  <div className="adm-muted">{when(campaign.createdAt)}</div>
                </td>
                <td>{campaign.listName}</td>
                <td className="num">{campaign.queued}</td>
                <td className="num">{campaign.sent}</td>
                <td className="num">{campaign.failed}</td>
                <td className="num">{campaign.bounced}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {subscribers ? (
        <section aria-labelledby="subscribers-heading">
          <div className="adm-toolbar-row">
            <h2 id="subscribers-heading">المشتركون</h2>
            <a className="adm-btn secondary small" href="/admin/newsletters/export">
              صدّر CSV
            </a>
          </div>
          <form className="adm-filters" method="get" role="search" aria-label="ابحث عن مشترك">
            <div className="adm-field">
              <label htmlFor="subscriber-q">العنوان</label>
              <input id="subscriber-q" name="q" type="search" dir="ltr" defaultValue={q} />
            </div>
            <button className="adm-btn" type="submit">
              ابحث
            </button>
          </form>
          {subscribers.length === 0 ? (
            <p className="adm-muted">لا مشتركين{q ? " بهذا العنوان" : ""}.</p>
          ) : (
            <table className="adm-table">
              <thead>
                <tr>
                  <th scope="col">العنوان</th>
                  <th scope="col">القوائم</th>
                  <th scope="col">الموافقة</th>
                  <th scope="col">إجراءات</th>
                </tr>
              </thead>
              <tbody>
                {subscribers.map((subscriber) => (
                  <tr key={subscriber.id} data-subscriber={subscriber.email}>
                    <td>
                      <bdi dir="ltr">{subscriber.email}</bdi>
                    </td>
                    <td>{subscriber.lists.map((list) => `${list.name}${list.confirmed ? "" : " (بانتظار التأكيد)"}`).join("، ") || "—"}</td>
                    <td>
                      {subscriber.confirmedAt ? when(subscriber.confirmedAt) : "لم يؤكد"}
                      <div className="adm-muted">
                        من <bdi dir="ltr">{subscriber.sourcePath || "—"}</bdi>
                      </div>
                    </td>
                    <td>
                      <SubscriberActions subscriberId={subscriber.id} email={subscriber.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : (
        <p className="adm-muted">عناوين المشتركين يراها المدير وحده.</p>
      )}
    </div>
  );
}
