"use client";

import type { JSONContent } from "@tiptap/react";
import { useActionState, useId, useState } from "react";
import { deleteLiveEntryAction, postLiveEntryAction, updateLiveEntryAction } from "@/app/admin/articles/[id]/live/actions";
import { BodyEditor } from "./body-editor";
import { FieldError, errorProps, initialFormState } from "./form-kit";
import { HeroPicker, type HeroValue } from "./hero-picker";

// The live desk: post timestamped entries to a running coverage, and edit, pin or delete them.
// Each form keeps what was typed when the server refuses it (useActionState, per-field errors).

export type DeskEntry = {
  id: number;
  title: string;
  body: unknown;
  image: { id: number; path: string; alt: string } | null;
  pinned: boolean;
  key: boolean;
  version: number;
  postedAt: string;
  revisions: number;
  postedLabel: string;
};

const EMPTY_BODY: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

function EntryFields({
  articleId,
  entry,
  maxUploadBytes,
  errors,
  pending,
  submitLabel,
}: {
  articleId: number;
  entry: DeskEntry | null;
  maxUploadBytes: number;
  errors: Record<string, string[]>;
  pending: boolean;
  submitLabel: string;
}) {
  const id = useId();
  const [title, setTitle] = useState(entry?.title ?? "");
  const [body, setBody] = useState<JSONContent>((entry?.body as JSONContent | undefined) ?? EMPTY_BODY);
  const [image, setImage] = useState<HeroValue>(entry?.image ? { id: entry.image.id, src: entry.image.path, alt: entry.image.alt } : null);
  const [pinned, setPinned] = useState(entry?.pinned ?? false);
  const [key, setKey] = useState(entry?.key ?? false);
  return (
    <>
      <input type="hidden" name="articleId" value={articleId} />
      {entry ? (
        <>
          <input type="hidden" name="entryId" value={entry.id} />
          <input type="hidden" name="version" value={entry.version} />
        </>
      ) : null}
      <div className="adm-field">
        <label htmlFor={`${id}-title`}>عنوان التحديث</label>
        <input id={`${id}-title`} name="title" value={title} maxLength={220} onChange={(e) => setTitle(e.target.value)} {...errorProps(`${id}-title-error`, errors.title)} />
        <FieldError id={`${id}-title-error`} errors={errors.title} />
      </div>
      <div className="adm-field">
        <span className="adm-label" id={`${id}-body-label`}>
          النص
        </span>
        <BodyEditor
          initialContent={body}
          onChange={setBody}
          invalid={Boolean(errors.body)}
          describedBy={errors.body ? `${id}-body-error` : undefined}
          labelId={`${id}-body-label`}
          maxUploadBytes={maxUploadBytes}
        />
        <input type="hidden" name="body" value={JSON.stringify(body)} />
        <FieldError id={`${id}-body-error`} errors={errors.body} />
      </div>
      <HeroPicker value={image} onChange={setImage} errors={errors.imageMediaId} maxBytes={maxUploadBytes} />
      <input type="hidden" name="imageMediaId" value={image?.id ?? ""} />
      <div className="live-desk-flags">
        <label className="adm-check">
          <input type="checkbox" name="pinned" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />
          مثبّت في الأعلى
        </label>
        <label className="adm-check">
          <input type="checkbox" name="key" checked={key} onChange={(e) => setKey(e.target.checked)} />
          تحديث مهم
        </label>
      </div>
      <button type="submit" className="adm-btn" disabled={pending}>
        {submitLabel}
      </button>
    </>
  );
}

function Notice({ state }: { state: { status: string; message?: string } }) {
  if (!state.message) return null;
  return (
    <p className={state.status === "error" ? "adm-error" : "adm-ok"} role={state.status === "error" ? "alert" : "status"}>
      {state.message}
    </p>
  );
}

/** A new entry; the fields empty themselves after each successful post. */
export function NewLiveEntryForm({ articleId, maxUploadBytes }: { articleId: number; maxUploadBytes: number }) {
  const [state, action, pending] = useActionState(postLiveEntryAction, initialFormState);
  const errors = (state.status === "error" ? state.fieldErrors : undefined) ?? {};
  const posted = state.status === "ok" ? Number(state.values?.entryId ?? 0) : 0;
  return (
    <form action={action} className="live-desk-form" aria-label="تحديث جديد" data-testid="new-live-entry">
      <EntryFields key={posted} articleId={articleId} entry={null} maxUploadBytes={maxUploadBytes} errors={errors} pending={pending} submitLabel="انشر التحديث" />
      <Notice state={state} />
      <FieldError id="live-form-error" errors={errors.live} alert />
    </form>
  );
}

function EditLiveEntryForm({ articleId, entry, maxUploadBytes }: { articleId: number; entry: DeskEntry; maxUploadBytes: number }) {
  const [state, action, pending] = useActionState(updateLiveEntryAction, initialFormState);
  const errors = (state.status === "error" ? state.fieldErrors : undefined) ?? {};
  return (
    <form action={action} className="live-desk-form" aria-label={`تعديل «${entry.title}»`}>
      <EntryFields articleId={articleId} entry={entry} maxUploadBytes={maxUploadBytes} errors={errors} pending={pending} submitLabel="احفظ التعديل" />
      <Notice state={state} />
    </form>
  );
}

/** Pin or unpin in one click: the entry as it is, with `pinned` flipped. */
function PinButton({ articleId, entry }: { articleId: number; entry: DeskEntry }) {
  const [state, action, pending] = useActionState(updateLiveEntryAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="entryId" value={entry.id} />
      <input type="hidden" name="version" value={entry.version} />
      <input type="hidden" name="title" value={entry.title} />
      <input type="hidden" name="body" value={JSON.stringify(entry.body)} />
      <input type="hidden" name="imageMediaId" value={entry.image?.id ?? ""} />
      <input type="hidden" name="key" value={entry.key ? "on" : ""} />
      <input type="hidden" name="pinned" value={entry.pinned ? "" : "on"} />
      <button type="submit" className="adm-btn small secondary" disabled={pending}>
        {entry.pinned ? "ألغِ التثبيت" : "ثبّت"}
      </button>
      {state.status === "error" ? <Notice state={state} /> : null}
    </form>
  );
}

function DeleteButton({ articleId, entry }: { articleId: number; entry: DeskEntry }) {
  const [state, action, pending] = useActionState(deleteLiveEntryAction, initialFormState);
  return (
    <form
      action={action}
      className="adm-inline-form"
      onSubmit={(event) => {
        if (!window.confirm(`حذف التحديث «${entry.title}»؟ يبقى في سجل النسخ.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="entryId" value={entry.id} />
      <input type="hidden" name="version" value={entry.version} />
      <button type="submit" className="adm-btn small danger" disabled={pending}>
        احذف
      </button>
      {state.status === "error" ? <Notice state={state} /> : null}
    </form>
  );
}

export function LiveEntryRow({ articleId, entry, maxUploadBytes }: { articleId: number; entry: DeskEntry; maxUploadBytes: number }) {
  const [editing, setEditing] = useState(false);
  return (
    <li className="live-desk-entry" data-testid="desk-entry">
      <div className="live-desk-entry-head">
        <span className="grow">
          <span className="adm-muted">{entry.postedLabel}</span> {entry.pinned ? <span className="badge-pinned">مثبّت</span> : null}{" "}
          {entry.key ? <span className="badge-key">مهم</span> : null} <bdi>{entry.title}</bdi>
          {entry.revisions > 1 ? <span className="adm-muted"> · عُدّل {entry.revisions - 1} مرة</span> : null}
        </span>
        <span className="row-actions">
          <button type="button" className="adm-btn small secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {editing ? "أغلق" : "عدّل"}
          </button>
          <PinButton articleId={articleId} entry={entry} />
          <DeleteButton articleId={articleId} entry={entry} />
        </span>
      </div>
      {editing ? <EditLiveEntryForm key={entry.version} articleId={articleId} entry={entry} maxUploadBytes={maxUploadBytes} /> : null}
    </li>
  );
}
