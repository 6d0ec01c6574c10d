"use client";

import type { Dispatch } from "react";
import { BodyEditor } from "./body-editor";
import { Field, FieldError, TextField } from "./form-kit";
import type { Draft, DraftAction, DraftFields } from "./story-draft";

type FieldsProps = {
  /** The form's useId(): every control's id is `<id>-<field>`, its errors `<id>-<field>-error`. */
  id: string;
  draft: Draft;
  dispatch: Dispatch<DraftAction>;
  errors: Record<string, string[]>;
};

/** A change handler for one field: `editor(dispatch)("title")` takes the new title. */
export function editor(dispatch: Dispatch<DraftAction>) {
  return <K extends keyof DraftFields>(field: K) =>
    (value: DraftFields[K]) => {
      const patch: Partial<DraftFields> = {};
      patch[field] = value;
      dispatch({ type: "edit", patch });
    };
}

/** The story's text: headline, dek, slug, body, source and (once published) the correction note. */
export function StoryTextFields({
  id,
  draft,
  dispatch,
  errors,
  limits,
  maxUploadBytes,
  showCorrection,
  sourceLocked,
}: FieldsProps & { limits: { title: number; dek: number }; maxUploadBytes: number; showCorrection: boolean; sourceLocked: boolean }) {
  const edit = editor(dispatch);
  const bodyErrorId = `${id}-body-error`;
  return (
    <>
      <TextField
        id={`${id}-title`}
        label="العنوان"
        errors={errors.title}
        name="title"
        type="text"
        className="story-title-input"
        value={draft.title}
        maxLength={limits.title}
        dir="auto"
        onValueChange={edit("title")}
      />

      <TextField
        id={`${id}-dek`}
        label="الموجز"
        errors={errors.dek}
        name="dek"
        rows={2}
        value={draft.dek}
        maxLength={limits.dek}
        dir="auto"
        onValueChange={edit("dek")}
      />

      <Field
        id={`${id}-slug`}
        label="الرابط المختصر"
        errors={errors.slug}
        hint={<span className="adm-hint">تبقى الحروف العربية؛ تُحذف التشكيلات وتُستبدل المسافات بـ «-».</span>}
      >
        {(props) => (
          <div className="slug-row">
            <input
              {...props}
              name="slug"
              type="text"
              value={draft.slug}
              dir="auto"
              onChange={(e) => dispatch({ type: "editSlug", value: e.target.value })}
            />
            <button type="button" className="adm-btn small secondary" onClick={() => dispatch({ type: "slugFromTitle" })}>
              من العنوان
            </button>
          </div>
        )}
      </Field>

      <div className="adm-field">
        <span className="adm-label" id={`${id}-body-label`}>
          المتن
        </span>
        <BodyEditor
          initialContent={draft.body}
          onChange={edit("body")}
          invalid={Boolean(errors.body)}
          describedBy={errors.body ? bodyErrorId : undefined}
          labelId={`${id}-body-label`}
          maxUploadBytes={maxUploadBytes}
        />
        <input type="hidden" name="body" value={JSON.stringify(draft.body)} />
        <FieldError id={bodyErrorId} errors={errors.body} />
      </div>

      <div className="adm-panel">
        <h2>المصدر</h2>
        {sourceLocked ? (
          <p className="adm-muted" data-testid="source-locked">
            من مكتب الوكالات: المصدر ورابطه مثبّتان على الوكالة ولا يُعدَّلان.
          </p>
        ) : null}
        <TextField
          readOnly={sourceLocked}
          id={`${id}-sourceName`}
          label="اسم المصدر"
          errors={errors.sourceName}
          name="sourceName"
          type="text"
          value={draft.sourceName}
          dir="auto"
          onValueChange={edit("sourceName")}
        />
        <TextField
          id={`${id}-sourceUrl`}
          label="رابط المصدر"
          errors={errors.sourceUrl}
          name="sourceUrl"
          type="url"
          dir="ltr"
          className="adm-input-ltr"
          placeholder="https://…"
          readOnly={sourceLocked}
          value={draft.sourceUrl}
          onValueChange={edit("sourceUrl")}
        />
      </div>

      {showCorrection ? (
        <TextField
          id={`${id}-correction`}
          label="ملاحظة تصحيح (تظهر للقراء)"
          errors={errors.correction}
          name="correction"
          rows={2}
          value={draft.correction}
          dir="auto"
          onValueChange={edit("correction")}
        />
      ) : null}
    </>
  );
}
