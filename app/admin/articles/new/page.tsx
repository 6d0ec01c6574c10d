import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { StoryEditor } from "@/app/admin/_components/story-editor";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { parseRowIdParam } from "@/lib/routing/params";
import { wireDraft } from "@/lib/wire/desk";
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
    if (itemId === null) notFound();
    wire = await wireDraft(getDb(), itemId, user, parseRowIdParam(query.source)).catch(() => notFound());
  }
  const props = await loadEditorProps(user, null, wire);
  return (
    <div className="adm">
      <StoryEditor {...props} />
    </div>
  );
}
