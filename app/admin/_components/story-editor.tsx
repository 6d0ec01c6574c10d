"use client";

import type { JSONContent } from "@tiptap/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { saveArticleAction, type SavedValues } from "@/app/admin/articles/actions";
import { isListedStatus } from "@/lib/articles/visibility-rule";
import { slugify } from "@/lib/i18n/slug";
import { AuthorPicker } from "./author-picker";
import { BodyEditor } from "./body-editor";
import { FieldError, errorProps } from "./field-error";
import { HeroPicker, type HeroValue } from "./hero-picker";
import { ReadAlsoPicker } from "./read-also-picker";
import { TagPicker } from "./tag-picker";
import type { EditorInitial, EditorOption, LinkedStoryOption } from "./types";
import "../admin.css";

type EditorState = {
  status: "idle" | "ok" | "error";
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, unknown>;
};

const STATUS_LABELS: Record<EditorInitial["status"], string> = {
  draft: "مسودة",
  scheduled: "مجدول",
  published: "منشور",
  unpublished: "غير منشور",
};

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
 * The story form. Every field is controlled state, and the action is dispatched by hand (not via
 * <form action>), so React never resets the form: after a version conflict the editor's text is
 * still exactly as typed.
 */
export function StoryEditor({ initial, sections, authors, canPublish, maxUploadBytes, limits, savedNotice, timeZone }: StoryEditorProps) {
  const id = useId();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [articleId, setArticleId] = useState(initial.id);
  const [version, setVersion] = useState(initial.version);
  const [status, setStatus] = useState(initial.status);
  const [publicPath, setPublicPath] = useState(initial.publicPath);
  const [title, setTitle] = useState(initial.title);
  const [slug, setSlug] = useState(initial.slug);
  const [slugEdited, setSlugEdited] = useState(Boolean(initial.id));
  const [dek, setDek] = useState(initial.dek);
  const [body, setBody] = useState<JSONContent>(initial.body as JSONContent);
  const [sectionId, setSectionId] = useState(initial.sectionId ? String(initial.sectionId) : "");
  const [authorIds, setAuthorIds] = useState(initial.authorIds);
  const [tagNames, setTagNames] = useState(initial.tagNames);
  const [readAlso, setReadAlso] = useState<LinkedStoryOption[]>(initial.readAlso);
  const [sourceName, setSourceName] = useState(initial.sourceName);
  const [sourceUrl, setSourceUrl] = useState(initial.sourceUrl);
  const [isBreaking, setIsBreaking] = useState(initial.isBreaking);
  const [hero, setHero] = useState<HeroValue>(initial.hero);
  const [correction, setCorrection] = useState(initial.correction);
  const [scheduledAt, setScheduledAt] = useState(initial.scheduledAt);
  const [dirty, setDirty] = useState(false);

  // A successful save moves the form onto the saved version (and a new story onto its own URL);
  // any error leaves every field exactly as typed.
  const [state, dispatch, pending] = useActionState(async (previous: EditorState, data: FormData) => {
    const result = (await saveArticleAction(previous, data)) as EditorState;
    const saved = result.status === "ok" ? (result.values as SavedValues | undefined) : undefined;
    if (saved) {
      setVersion(saved.version);
      setStatus(saved.status as EditorInitial["status"]);
      setSlug(saved.slug);
      setPublicPath(saved.publicPath);
      setDirty(false);
      if (articleId === null) {
        // A new story moves to its own page, which shows the saved message (`saved` query).
        setArticleId(saved.id);
        router.replace(`/admin/articles/${saved.id}?saved=${data.get("intent") === "save" ? "created" : String(data.get("intent"))}`);
      }
    }
    return result;
  }, (savedNotice ? { status: "ok", message: savedNotice } : { status: "idle" }) as EditorState);

  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const conflictVersion = typeof state.values?.currentVersion === "number" ? state.values.currentVersion : null;

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  function change<T>(setter: (value: T) => void) {
    return (value: T) => {
      setter(value);
      setDirty(true);
    };
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const data = new FormData(event.currentTarget);
    data.set("intent", submitter?.value ?? "save");
    data.set("body", JSON.stringify(body));
    startTransition(() => dispatch(data));
  }

  const field = (name: string) => ({ errorId: `${id}-${name}-error`, errors: errors[name] });
  const f = {
    title: field("title"),
    slug: field("slug"),
    dek: field("dek"),
    body: field("body"),
    sectionId: field("sectionId"),
    sourceName: field("sourceName"),
    sourceUrl: field("sourceUrl"),
    correction: field("correction"),
    scheduledAt: field("scheduledAt"),
    status: field("status"),
  };
  const isPublished = isListedStatus(status);

  return (
    <form ref={formRef} className="story-editor-form" onSubmit={submit} noValidate aria-busy={pending}>
      <input type="hidden" name="id" value={articleId ?? ""} />
      <input type="hidden" name="version" value={version} />

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
            {publicPath && status === "published" ? (
              <a className="adm-btn secondary small" href={publicPath} target="_blank" rel="noopener" data-testid="public-link">
                الصفحة العامة
              </a>
            ) : null}
          </nav>
        ) : null}
      </div>

      {state.status !== "idle" && state.message ? (
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
              <button type="button" className="adm-btn small danger" onClick={() => setVersion(conflictVersion)}>
                اعتمد نصي فوق النسخة {conflictVersion} عند الحفظ التالي
              </button>
            </p>
          ) : null}
          {errors.form ? <p>{errors.form.join("، ")}</p> : null}
          {f.status.errors ? <p>{f.status.errors.join("، ")}</p> : null}
        </div>
      ) : null}

      <div className="story-editor">
        <div className="story-editor-main">
          <div className="adm-field">
            <label htmlFor={`${id}-title`}>العنوان</label>
            <input
              id={`${id}-title`}
              name="title"
              type="text"
              className="story-title-input"
              value={title}
              maxLength={limits.title}
              dir="auto"
              onChange={(e) => {
                change(setTitle)(e.target.value);
                if (!slugEdited) setSlug(slugify(e.target.value, 80));
              }}
              {...errorProps(f.title.errorId, f.title.errors)}
            />
            <FieldError id={f.title.errorId} errors={f.title.errors} />
          </div>

          <div className="adm-field">
            <label htmlFor={`${id}-dek`}>الموجز</label>
            <textarea
              id={`${id}-dek`}
              name="dek"
              value={dek}
              rows={2}
              maxLength={limits.dek}
              dir="auto"
              onChange={(e) => change(setDek)(e.target.value)}
              {...errorProps(f.dek.errorId, f.dek.errors)}
            />
            <FieldError id={f.dek.errorId} errors={f.dek.errors} />
          </div>

          <div className="adm-field">
            <label htmlFor={`${id}-slug`}>الرابط المختصر</label>
            <div className="slug-row">
              <input
                id={`${id}-slug`}
                name="slug"
                type="text"
                value={slug}
                dir="auto"
                onChange={(e) => {
                  setSlugEdited(true);
                  change(setSlug)(e.target.value);
                }}
                {...errorProps(f.slug.errorId, f.slug.errors)}
              />
              <button
                type="button"
                className="adm-btn small secondary"
                onClick={() => {
                  setSlugEdited(false);
                  change(setSlug)(slugify(title, 80));
                }}
              >
                من العنوان
              </button>
            </div>
            <span className="adm-hint">تبقى الحروف العربية؛ تُحذف التشكيلات وتُستبدل المسافات بـ «-».</span>
            <FieldError id={f.slug.errorId} errors={f.slug.errors} />
          </div>

          <div className="adm-field">
            <span className="adm-label" id={`${id}-body-label`}>
              المتن
            </span>
            <BodyEditor
              initialContent={body}
              onChange={change(setBody)}
              invalid={Boolean(f.body.errors)}
              describedBy={f.body.errors ? f.body.errorId : undefined}
              labelId={`${id}-body-label`}
              maxUploadBytes={maxUploadBytes}
            />
            <input type="hidden" name="body" value={JSON.stringify(body)} />
            <FieldError id={f.body.errorId} errors={f.body.errors} />
          </div>

          <div className="adm-panel">
            <h2>المصدر</h2>
            <div className="adm-field">
              <label htmlFor={`${id}-sourceName`}>اسم المصدر</label>
              <input
                id={`${id}-sourceName`}
                name="sourceName"
                type="text"
                value={sourceName}
                dir="auto"
                onChange={(e) => change(setSourceName)(e.target.value)}
                {...errorProps(f.sourceName.errorId, f.sourceName.errors)}
              />
              <FieldError id={f.sourceName.errorId} errors={f.sourceName.errors} />
            </div>
            <div className="adm-field">
              <label htmlFor={`${id}-sourceUrl`}>رابط المصدر</label>
              <input
                id={`${id}-sourceUrl`}
                name="sourceUrl"
                type="url"
                dir="ltr"
                className="adm-input-ltr"
                placeholder="https://…"
                value={sourceUrl}
                onChange={(e) => change(setSourceUrl)(e.target.value)}
                {...errorProps(f.sourceUrl.errorId, f.sourceUrl.errors)}
              />
              <FieldError id={f.sourceUrl.errorId} errors={f.sourceUrl.errors} />
            </div>
          </div>

          {canPublish && initial.id && (isPublished || status === "unpublished" || correction) ? (
            <div className="adm-field">
              <label htmlFor={`${id}-correction`}>ملاحظة تصحيح (تظهر للقراء)</label>
              <textarea
                id={`${id}-correction`}
                name="correction"
                value={correction}
                rows={2}
                dir="auto"
                onChange={(e) => change(setCorrection)(e.target.value)}
                {...errorProps(f.correction.errorId, f.correction.errors)}
              />
              <FieldError id={f.correction.errorId} errors={f.correction.errors} />
            </div>
          ) : null}
        </div>

        <aside className="story-editor-side" aria-label="النشر والتصنيف">
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
              <div className="adm-field" style={{ marginBlock: "0.75rem 0" }}>
                <label htmlFor={`${id}-scheduledAt`}>موعد النشر</label>
                <input
                  id={`${id}-scheduledAt`}
                  name="scheduledAt"
                  type="datetime-local"
                  value={scheduledAt}
                  onChange={(e) => change(setScheduledAt)(e.target.value)}
                  {...errorProps(f.scheduledAt.errorId, f.scheduledAt.errors)}
                />
                <span className="adm-hint">
                  بتوقيت <bdi>{timeZone}</bdi>
                </span>
                <FieldError id={f.scheduledAt.errorId} errors={f.scheduledAt.errors} />
                <button type="submit" name="intent" value="schedule" className="adm-btn secondary" disabled={pending}>
                  جدول النشر
                </button>
              </div>
            ) : null}
            {!canPublish ? <p className="adm-hint">النشر من صلاحيات المحرر.</p> : null}
            {pending ? <p className="adm-hint" role="status">جارٍ الحفظ…</p> : null}
          </div>

          <div className="adm-panel">
            <div className="adm-field">
              <label htmlFor={`${id}-section`}>القسم</label>
              <select
                id={`${id}-section`}
                name="sectionId"
                value={sectionId}
                onChange={(e) => change(setSectionId)(e.target.value)}
                {...errorProps(f.sectionId.errorId, f.sectionId.errors)}
              >
                <option value="">اختر القسم…</option>
                {sections.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              <FieldError id={f.sectionId.errorId} errors={f.sectionId.errors} />
            </div>
            <label className="adm-check">
              <input
                type="checkbox"
                name="isBreaking"
                checked={isBreaking}
                onChange={(e) => change(setIsBreaking)(e.target.checked)}
              />
              خبر عاجل
            </label>
          </div>

          <div className="adm-panel">
            <AuthorPicker options={authors} value={authorIds} onChange={change(setAuthorIds)} errors={errors.authorIds} />
          </div>
          <div className="adm-panel">
            <TagPicker value={tagNames} onChange={change(setTagNames)} errors={errors.tagNames} max={limits.tags} />
          </div>
          <div className="adm-panel">
            <ReadAlsoPicker
              selfId={articleId}
              value={readAlso}
              onChange={change(setReadAlso)}
              errors={errors.readAlsoIds}
              max={limits.readAlso}
            />
          </div>
          <div className="adm-panel">
            <HeroPicker value={hero} onChange={change(setHero)} errors={errors.heroMediaId} maxBytes={maxUploadBytes} />
          </div>
        </aside>
      </div>
    </form>
  );
}
