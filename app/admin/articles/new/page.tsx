import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryEditor } from "@/app/admin/_components/story-editor";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getWireDraft } from "@/lib/pages/admin";
import { parseRowIdParam } from "@/lib/routing/params";
import { loadEditorProps } from "../editor-props";

export const metadata: Metadata = { title: "خبر جديد" };

type Props = { searchParams: Promise<{ wire?: string | string[]; source?: string | string[] }> };

/** A blank story, or with ?wire=<item>[&source=<outlet>] one drafted from the wire desk. */
export default async function NewArticlePage({ searchParams }: Props) {
  const user = await requireStaffPage(pageAccess["/admin/articles/new"]);
  const query = await searchParams;
  let wire = null;
  if (query.wire !== undefined) {
    const itemId = parseRowIdParam(query.wire);
    wire = itemId === null ? null : await getWireDraft(user, itemId, parseRowIdParam(query.source));
    if (!wire) notFound();
  }
  const props = await loadEditorProps(user, null, wire);
  return (
    <div className="adm">
      <StoryEditor {...props} />
    </div>
  );
}
