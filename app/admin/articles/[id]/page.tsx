import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryEditor } from "@/app/admin/_components/story-editor";
import { getDb } from "@/db/client";
import { canUserSeeArticle, getArticleForEditor } from "@/lib/articles/admin-queries";
import { requireStaffPage } from "@/lib/auth/session";
import { loadEditorProps } from "../editor-props";

export const metadata: Metadata = { title: "تحرير خبر" };

export default async function EditArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireStaffPage();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) notFound();
  const loaded = await getArticleForEditor(db, id);
  if (!loaded) notFound();
  const props = await loadEditorProps(user, loaded);
  return (
    <div className="adm">
      {/* Keyed on the version: opening the page again after a save or conflict starts from the stored text. */}
      <StoryEditor key={`${id}-${loaded.article.version}`} {...props} />
    </div>
  );
}
