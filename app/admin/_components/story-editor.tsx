"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useReducer, type FormEvent } from "react";
import { saveArticleAction, type SavedValues } from "@/app/admin/articles/actions";
import { isListedStatus } from "@/lib/articles/visibility-rule";
import { STATUS_LABELS } from "@/lib/i18n/labels";
import { AuthorPicker } from "./author-picker";
import { Field, FieldError, fieldErrorsOf, type FormState } from "./form-kit";
import { HeroPicker } from "./hero-picker";
import { PublishPanel } from "./publish-panel";
import { ReadAlsoPicker } from "./read-also-picker";
import { SaveNotice } from "./save-notice";
import { draftFromInitial, draftReducer } from "./story-draft";
import { StoryTextFields, editor } from "./story-fields";
import { TagPicker } from "./tag-picker";
import type { EditorInitial, EditorOption } from "./types";
import "../admin.css";

export type StoryEditorProps = {
  initial: EditorInitial;
  sections: EditorOption[];
  authors: EditorOption[];
  canPublish: boolean;
  maxUploadBytes: number;
  limits: { tags: number; readAlso: number; title: number; dek: number };
  /** Shown on arrival after a new story was saved and moved to its own page. */
  savedNotice?: string;
  /** The site's time zone: the schedule field is read in it (zonedDateTimeToUtc on the server). */
  timeZone: string;
};

/**
 * The story form. Every field is controlled state (one reducer, ./story-draft), and the action is
 * dispatched by hand (not via <form action>), so React never resets the form: after a version
 * conflict the editor's text is still exactly as typed.
 */
export function StoryEditor({ initial, sections, authors, canPublish, maxUploadBytes, limits, savedNotice, timeZone }: StoryEditorProps) {
  const id = useId();
  const router = useRouter();
  const [draft, dispatchDraft] = useReducer(draftReducer, initial, draftFromInitial);
  const edit = editor(dispatchDraft);
  const { articleId, status, version } = draft;

  // A successful save moves the form onto the saved version (and a new story onto its own URL);
  // any error leaves every field exactly as typed.
  const [state, dispatch, pending] = useActionState(
    async (previous: FormState<SavedValues>, data: FormData) => {
      const result = await saveArticleAction(previous, data);
      if (result.status === "ok" && result.values) {
        const saved = result.values;
        dispatchDraft({ type: "saved", saved });
        if (articleId === null) {
          // A new story moves to its own page, which shows the saved message (`saved` query).
          router.replace(`/admin/articles/${saved.id}?saved=${data.get("intent") === "save" ? "created" : String(data.get("intent"))}`);
        }
      }
      return result;
    },
    savedNotice ? { status: "ok", message: savedNotice } : { status: "idle" },
  );
  const errors = fieldErrorsOf(state);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!draft.dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [draft.dirty]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    data.set("intent", submitter?.value ?? "save");
    data.set("body", JSON.stringify(draft.body));
    startTransition(() => dispatch(data));
  }

  const isPublished = isListedStatus(status);

  return (
    <form className="story-editor-form" onSubmit={submit} noValidate aria-busy={pending}>
      <input type="hidden" name="id" value={articleId ?? ""} />
      <input type="hidden" name="version" value={version} />
      {initial.wire && articleId === null ? (
        <>
          <input type="hidden" name="wireItemId" value={initial.wire.itemId} />
          <input type="hidden" name="wireSourceId" value={initial.wire.sourceId} />
        </>
      ) : null}

      <div className="adm-toolbar-row">
        <h1>
          {articleId ? "تحرير خبر" : "خبر جديد"}{" "}
          <span className={`status-badge ${status}`} data-testid="story-status">
            {STATUS_LABELS[status]}
          </span>{" "}
          {articleId ? <span className="adm-muted">النسخة {version}</span> : null}
        </h1>
        {articleId ? (
          <nav className="adm-actions" aria-label="روابط الخبر">
            <Link className="adm-btn secondary small" href={`/admin/articles/${articleId}/preview`} target="_blank">
              معاينة
            </Link>
            <Link className="adm-btn secondary small" href={`/admin/articles/${articleId}/revisions`}>
              النسخ السابقة
            </Link>
            {canPublish && status === "published" && initial.isBreaking && draft.isBreaking ? (
              // Offered, never automatic: the newsletters page asks for a confirmation before sending.
              <Link className="adm-btn danger small" href="/admin/newsletters#alerts" data-testid="send-alert-link">
                أرسل تنبيهاً
              </Link>
            ) : null}
            {draft.publicPath && status === "published" ? (
              <a className="adm-btn secondary small" href={draft.publicPath} target="_blank" rel="noopener" data-testid="public-link">
                الصفحة العامة
              </a>
            ) : null}
          </nav>
        ) : null}
      </div>

      <SaveNotice state={state} articleId={articleId} onAdoptVersion={(conflict) => dispatchDraft({ type: "adoptVersion", version: conflict })} />

      <div className="story-editor">
        <div className="story-editor-main">
          <StoryTextFields
            id={id}
            draft={draft}
            dispatch={dispatchDraft}
            errors={errors}
            limits={limits}
            maxUploadBytes={maxUploadBytes}
            showCorrection={Boolean(canPublish && initial.id && (isPublished || status === "unpublished" || draft.correction))}
            sourceLocked={initial.sourceLocked}
          />
        </div>

        <aside className="story-editor-side" aria-label="النشر والتصنيف">
          <PublishPanel
            id={id}
            draft={draft}
            dispatch={dispatchDraft}
            errors={errors.scheduledAt}
            canPublish={canPublish}
            isPublished={isPublished}
            pending={pending}
            timeZone={timeZone}
          />

          <div className="adm-panel">
            <Field id={`${id}-section`} label="القسم" errors={errors.sectionId}>
              {(props) => (
                <select {...props} name="sectionId" value={draft.sectionId} onChange={(e) => edit("sectionId")(e.target.value)}>
                  <option value="">اختر القسم…</option>
                  {sections.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label className="adm-check">
              <input type="checkbox" name="isBreaking" checked={draft.isBreaking} onChange={(e) => edit("isBreaking")(e.target.checked)} />
              خبر عاجل
            </label>
            <label className="adm-check">
              <input type="checkbox" name="live" checked={draft.live} onChange={(e) => edit("live")(e.target.checked)} />
              تغطية مباشرة
            </label>
            {draft.live ? (
              <label className="adm-check">
                <input type="checkbox" name="liveEnded" checked={draft.liveEnded} onChange={(e) => edit("liveEnded")(e.target.checked)} />
                انتهت التغطية المباشرة
              </label>
            ) : null}
            {draft.live && articleId ? (
              <p>
                <a href={`/admin/articles/${articleId}/live`}>تحديثات التغطية المباشرة ←</a>
              </p>
            ) : null}
            <FieldError id={`${id}-liveEndedAt-error`} errors={errors.liveEndedAt} />
          </div>

          <div className="adm-panel">
            <AuthorPicker options={authors} value={draft.authorIds} onChange={edit("authorIds")} errors={errors.authorIds} />
          </div>
          <div className="adm-panel">
            <TagPicker value={draft.tagNames} onChange={edit("tagNames")} errors={errors.tagNames} max={limits.tags} />
          </div>
          <div className="adm-panel">
            <ReadAlsoPicker selfId={articleId} value={draft.readAlso} onChange={edit("readAlso")} errors={errors.readAlsoIds} max={limits.readAlso} />
          </div>
          <div className="adm-panel">
            <HeroPicker value={draft.hero} onChange={edit("hero")} errors={errors.heroMediaId} maxBytes={maxUploadBytes} />
          </div>
        </aside>
      </div>
    </form>
  );
}
