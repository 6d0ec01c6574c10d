import type { Metadata } from "next";
import Link from "next/link";
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
    if (wire.usedByArticleId) {
      // One story per item: say which, rather than open a form whose save would be refused.
      return (
        <div className="adm">
          <h1>خبر جديد</h1>
          <p className="adm-notice error" role="alert">
            صُنع من هذا الخبر خبرٌ من قبل. <Link href={`/admin/articles/${wire.usedByArticleId}`}>افتح الخبر رقم {wire.usedByArticleId}</Link> أو{" "}
            <Link href="/admin/wire">عد إلى مكتب الوكالات</Link>.
          </p>
        </div>
      );
    }
  }
  const props = await loadEditorProps(user, null, wire);
  return (
    <div className="adm">
      <StoryEditor {...props} />
    </div>
  );
}
