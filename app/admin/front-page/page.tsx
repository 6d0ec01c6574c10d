import type { Metadata } from "next";
import { FrontPageForm, FrontPageRestoreButton, type FrontPageFormValue, type SlotValue } from "@/app/admin/_components/front-page-form";
import type { FrontPageSlot } from "@/db/schema";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { storyIdsOf } from "@/lib/front-page/layout";
import { formatArticleDate, toZonedInputValue } from "@/lib/i18n/dates";
import { getFrontPageAdmin } from "@/lib/pages/admin";
import { getDateConfig } from "@/lib/site-config";
import "../admin.css";

export const metadata: Metadata = { title: "الواجهة" };

/** How a revision came about, in words. */
function revisionNote(note: string): string {
  if (note === "save") return "حفظ";
  const restored = /^restore:(\d+)$/.exec(note);
  if (restored) return `استعادة النسخة ${restored[1]}`;
  const unpublished = /^unpublished:(\d+)$/.exec(note);
  if (unpublished) return `أُزيل الخبر ${unpublished[1]} تلقائياً عند إلغاء نشره`;
  return note;
}

export default async function FrontPageAdmin() {
  await requireStaffPage(pageAccess["/admin/front-page"]);
  const { timeZone } = getEnv();
  const { current, revisions, sections: sectionList, stories: placed } = await getFrontPageAdmin();
  const stories = new Map(placed.map((story) => [story.id, story]));
  const local = (iso: string | null) => (iso ? toZonedInputValue(new Date(iso), timeZone) : "");
  const toValue = (slot: FrontPageSlot): SlotValue | null => {
    const story = stories.get(slot.articleId);
    return story ? { story, from: local(slot.from), until: local(slot.until) } : null;
  };
  const present = (slot: SlotValue | null): slot is SlotValue => slot !== null;
  const rank = new Map(current.layout.sectionOrder.map((id, index) => [id, index]));
  const initial: FrontPageFormValue = {
    lead: current.layout.lead ? toValue(current.layout.lead) : null,
    top: current.layout.top.map(toValue).filter(present),
    featured: current.layout.featured ? { label: current.layout.featured.label, slots: current.layout.featured.slots.map(toValue).filter(present) } : null,
    sections: sectionList
      .map((section, index) => ({ section, key: rank.get(section.id) ?? sectionList.length + index }))
      .sort((a, b) => a.key - b.key)
      .map(({ section }) => ({ id: section.id, name: section.name })),
  };
  const dates = { ...getDateConfig(), showHijri: false };
  return (
    <div className="adm">
      <h1>الواجهة</h1>
      <FrontPageForm version={current.version} initial={initial} timeZone={timeZone} />
      <h2>النسخ السابقة</h2>
      {revisions.length ? (
        <table className="adm-table" data-testid="front-page-revisions">
          <thead>
            <tr>
              <th scope="col">النسخة</th>
              <th scope="col">التغيير</th>
              <th scope="col">بواسطة</th>
              <th scope="col">الوقت</th>
              <th scope="col">إجراءات</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((revision) => (
              <tr key={revision.id}>
                <td className="num">{revision.version}</td>
                <td>
                  {revisionNote(revision.note)} · {storyIdsOf(revision.layout).length} خبر
                </td>
                <td>{revision.savedByName ? <bdi>{revision.savedByName}</bdi> : "—"}</td>
                <td>{formatArticleDate(revision.savedAt, dates)}</td>
                <td>
                  {revision.version === current.version ? (
                    <span className="adm-muted">الحالية</span>
                  ) : (
                    <FrontPageRestoreButton revisionId={revision.id} currentVersion={current.version} label={`استعد النسخة ${revision.version}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="adm-hint">لم تُحفظ الواجهة بعد: الصفحة الرئيسية تعرض أحدث الأخبار.</p>
      )}
    </div>
  );
}
