"use client";

import type { Dispatch } from "react";
import { TextField } from "./form-kit";
import type { Draft, DraftAction } from "./story-draft";

/**
 * Save, publish, unpublish and schedule. The buttons are the form's submitters: each sends its
 * `intent`. Publishing is the editor's and admin's permission (`canPublish`).
 */
export function PublishPanel({
  id,
  draft,
  dispatch,
  errors,
  canPublish,
  isPublished,
  pending,
  timeZone,
}: {
  id: string;
  draft: Draft;
  dispatch: Dispatch<DraftAction>;
  errors: string[] | undefined;
  canPublish: boolean;
  /** Published, or scheduled (listed): it can be unpublished. */
  isPublished: boolean;
  pending: boolean;
  timeZone: string;
}) {
  const { status } = draft;
  return (
    <div className="adm-panel publish-panel">
      <h2>الحفظ والنشر</h2>
      <div className="adm-actions">
        <button type="submit" name="intent" value="save" className="adm-btn" disabled={pending}>
          {status === "draft" ? "احفظ المسودة" : "احفظ"}
        </button>
        {canPublish ? (
          <button type="submit" name="intent" value="publish" className="adm-btn" disabled={pending}>
            {status === "published" ? "احفظ وانشر" : "انشر"}
          </button>
        ) : null}
        {canPublish && isPublished ? (
          <button type="submit" name="intent" value="unpublish" className="adm-btn danger" disabled={pending}>
            ألغِ النشر
          </button>
        ) : null}
      </div>
      {canPublish && status !== "published" ? (
        <TextField
          id={`${id}-scheduledAt`}
          label="موعد النشر"
          errors={errors}
          style={{ marginBlock: "0.75rem 0" }}
          name="scheduledAt"
          type="datetime-local"
          value={draft.scheduledAt}
          onValueChange={(value) => dispatch({ type: "edit", patch: { scheduledAt: value } })}
          hint={
            <span className="adm-hint">
              بتوقيت <bdi>{timeZone}</bdi>
            </span>
          }
          after={
            <button type="submit" name="intent" value="schedule" className="adm-btn secondary" disabled={pending}>
              جدول النشر
            </button>
          }
        />
      ) : null}
      {!canPublish ? <p className="adm-hint">النشر من صلاحيات المحرر.</p> : null}
      {pending ? (
        <p className="adm-hint" role="status">
          جارٍ الحفظ…
        </p>
      ) : null}
    </div>
  );
}
