"use client";

import { useActionState } from "react";
import { restoreRevisionAction } from "@/app/admin/articles/[id]/revisions/actions";
import { initialFormState } from "./form-kit";

/** Restore as a new revision; the current version travels with it, so a stale page gets a conflict. */
export function RestoreButton({ articleId, revisionId, currentVersion, label }: { articleId: number; revisionId: number; currentVersion: number; label: string }) {
  const [state, action, pending] = useActionState(restoreRevisionAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="revisionId" value={revisionId} />
      <input type="hidden" name="version" value={currentVersion} />
      <button type="submit" className="adm-btn small secondary" disabled={pending}>
        {label}
      </button>
      {state.status === "error" && state.message ? (
        <span className="adm-error" role="alert">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
