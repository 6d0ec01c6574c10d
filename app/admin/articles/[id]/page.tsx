import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryEditor } from "@/app/admin/_components/story-editor";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getEditableArticle } from "@/lib/pages/admin";
import { loadEditorProps } from "../editor-props";

export const metadata: Metadata = { title: "تحرير خبر" };

const SAVED_NOTICES: Record<string, string> = {
  created: "أُنشئ الخبر وحُفظ مسودةً",
  publish: "نُشر الخبر",
  schedule: "جُدول الخبر",
  restored: "استُعيدت النسخة في نسخة جديدة",
};

export default async function EditArticlePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireStaffPage(pageAccess["/admin/articles/[id]"]);
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const loaded = await getEditableArticle(user, id);
  if (!loaded) notFound();
  const props = await loadEditorProps(user, loaded);
  const saved = (await searchParams).saved;
  const savedNotice = typeof saved === "string" ? SAVED_NOTICES[saved] : undefined;
  return (
    <div className="adm">
      {/* Not keyed on the version: a save's cache revalidation re-renders this page, and the editor must
          keep its state (and its message) rather than remount. */}
      <StoryEditor {...props} savedNotice={savedNotice} />
    </div>
  );
}
