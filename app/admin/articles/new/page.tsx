import type { Metadata } from "next";
import { StoryEditor } from "@/app/admin/_components/story-editor";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { loadEditorProps } from "../editor-props";

export const metadata: Metadata = { title: "خبر جديد" };

export default async function NewArticlePage() {
  const user = await requireStaffPage(pageAccess["/admin/articles/new"]);
  const props = await loadEditorProps(user, null);
  return (
    <div className="adm">
      <StoryEditor {...props} />
    </div>
  );
}
