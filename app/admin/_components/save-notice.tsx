"use client";

import Link from "next/link";
import type { FormState } from "./form-kit";

/**
 * The result of the last save. After a version conflict it offers the current version, the
 * revision history, and saving this text over the newer version (`onAdoptVersion`).
 */
export function SaveNotice({
  state,
  articleId,
  onAdoptVersion,
}: {
  state: FormState<unknown>;
  articleId: number | null;
  onAdoptVersion: (version: number) => void;
}) {
  if (state.status === "idle" || !state.message) return null;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const conflictVersion = state.status === "error" && typeof state.values?.currentVersion === "number" ? state.values.currentVersion : null;
  return (
    <div className={`adm-notice ${state.status}`} role={state.status === "error" ? "alert" : "status"} data-testid="form-message">
      <p>{state.message}</p>
      {conflictVersion !== null && articleId ? (
        <p>
          <a href={`/admin/articles/${articleId}`} target="_blank" rel="noopener">
            افتح النسخة الحالية ({conflictVersion}) في نافذة جديدة
          </a>{" "}
          ·{" "}
          <Link href={`/admin/articles/${articleId}/revisions`} target="_blank">
            قارن في سجل النسخ
          </Link>{" "}
          ·{" "}
          <button type="button" className="adm-btn small danger" onClick={() => onAdoptVersion(conflictVersion)}>
            اعتمد نصي فوق النسخة {conflictVersion} عند الحفظ التالي
          </button>
        </p>
      ) : null}
      {errors.form ? <p>{errors.form.join("، ")}</p> : null}
      {errors.status ? <p>{errors.status.join("، ")}</p> : null}
    </div>
  );
}
