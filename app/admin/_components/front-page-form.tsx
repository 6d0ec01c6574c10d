"use client";

import { useActionState, useId, useState } from "react";
import { restoreFrontPageRevisionAction, saveFrontPageAction } from "@/app/admin/front-page/actions";
import { FieldError, errorProps, initialFormState } from "./form-kit";
import { RowControls, move } from "./ordered-controls";
import type { LinkedStoryOption } from "./types";
import { useDebouncedJson } from "./use-debounced-json";
import type { ArticleStatus } from "@/db/schema";
import { isListedStatus } from "@/lib/articles/visibility-rule";
import { STATUS_LABELS } from "@/lib/i18n/labels";

// The front page's arrangement. Kept in React state and sent as one JSON field, so a refused save
// (a conflict, a story unpublished meanwhile) leaves the editor's arrangement on screen to fix.

export type SlotValue = { story: LinkedStoryOption; from: string; until: string };
export type FrontPageFormValue = {
  lead: SlotValue | null;
  top: SlotValue[];
  featured: { label: string; slots: SlotValue[] } | null;
  sections: { id: number; name: string }[];
};

const LIMITS = { top: 6, featured: 4 };
// Only stories in a listed status (published, or scheduled) can be placed: lib/front-page checks it.
const placeable = (status: string) => isListedStatus(status as ArticleStatus);

function toPayload(value: FrontPageFormValue) {
  const slot = (s: SlotValue) => ({ articleId: s.story.id, from: s.from, until: s.until });
  return {
    lead: value.lead ? slot(value.lead) : null,
    top: value.top.map(slot),
    featured: value.featured ? { label: value.featured.label, slots: value.featured.slots.map(slot) } : null,
    sectionOrder: value.sections.map((section) => section.id),
  };
}

/** A title search over stories (the read-also picker's endpoint); only published or scheduled ones can be placed. */
function StoryFinder({ label, onPick, disabled }: { label: string; onPick: (story: LinkedStoryOption) => void; disabled?: boolean }) {
  const [query, setQuery] = useState("");
  const trimmed = query.trim();
  const results =
    useDebouncedJson<{ stories: LinkedStoryOption[] }>(trimmed ? `/admin/articles/linkable?${new URLSearchParams({ q: trimmed })}` : null, 200)
      ?.stories ?? [];
  return (
    <div className="fp-finder">
      <input type="search" aria-label={label} placeholder="ابحث بعنوان خبر أو رقمه…" value={query} disabled={disabled} onChange={(e) => setQuery(e.target.value)} />
      {results.length ? (
        <ul className="suggest-list" aria-label="نتائج البحث">
          {results.map((story) => (
            <li key={story.id}>
              <button
                type="button"
                disabled={!placeable(story.status)}
                onClick={() => {
                  onPick(story);
                  setQuery("");
                }}
              >
                + <bdi>{story.title}</bdi>
                {!placeable(story.status) ? <span className="adm-muted"> ({STATUS_LABELS[story.status as keyof typeof STATUS_LABELS] ?? story.status}: لا يوضع على الواجهة)</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One placed story with its optional schedule; the dates are wall-clock time in the site's zone. */
function SlotRow({
  slot,
  path,
  errors,
  onChange,
  controls,
}: {
  slot: SlotValue;
  path: string;
  errors: Record<string, string[]>;
  onChange: (slot: SlotValue) => void;
  controls: React.ReactNode;
}) {
  const id = useId();
  const storyErrors = errors[`${path}.articleId`];
  const fromErrors = errors[`${path}.from`];
  const untilErrors = errors[`${path}.until`];
  return (
    <li className="fp-slot" data-testid={`slot-${path}`}>
      <div className="fp-slot-head">
        <span className="grow" {...errorProps(`${id}-story-error`, storyErrors)}>
          {slot.story.isBreaking ? <span className="badge-breaking">عاجل</span> : null} <bdi>{slot.story.title}</bdi>
          {slot.story.status === "scheduled" ? <span className="adm-muted"> ({STATUS_LABELS.scheduled})</span> : null}
        </span>
        {controls}
      </div>
      <FieldError id={`${id}-story-error`} errors={storyErrors} />
      <div className="fp-slot-times">
        <div className="adm-field">
          <label htmlFor={`${id}-from`}>يظهر من</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            value={slot.from}
            onChange={(e) => onChange({ ...slot, from: e.target.value })}
            {...errorProps(`${id}-from-error`, fromErrors)}
          />
          <FieldError id={`${id}-from-error`} errors={fromErrors} />
        </div>
        <div className="adm-field">
          <label htmlFor={`${id}-until`}>حتى</label>
          <input
            id={`${id}-until`}
            type="datetime-local"
            value={slot.until}
            onChange={(e) => onChange({ ...slot, until: e.target.value })}
            {...errorProps(`${id}-until-error`, untilErrors)}
          />
          <FieldError id={`${id}-until-error`} errors={untilErrors} />
        </div>
      </div>
    </li>
  );
}

function SlotList({
  slots,
  path,
  errors,
  onChange,
  testId,
}: {
  slots: SlotValue[];
  path: string;
  errors: Record<string, string[]>;
  onChange: (slots: SlotValue[]) => void;
  testId: string;
}) {
  return (
    <ol className="fp-slots" data-testid={testId}>
      {slots.map((slot, index) => (
        <SlotRow
          key={slot.story.id}
          slot={slot}
          path={`${path}.${index}`}
          errors={errors}
          onChange={(next) => onChange(slots.map((s, i) => (i === index ? next : s)))}
          controls={
            <RowControls
              label={slot.story.title}
              index={index}
              count={slots.length}
              onMove={(delta) => onChange(move(slots, index, delta))}
              onRemove={() => onChange(slots.filter((_, i) => i !== index))}
            />
          }
        />
      ))}
    </ol>
  );
}

export function FrontPageForm({ version: loadedVersion, initial, timeZone }: { version: number; initial: FrontPageFormValue; timeZone: string }) {
  const [state, action, pending] = useActionState(saveFrontPageAction, initialFormState);
  const [value, setValue] = useState(initial);
  const errors = (state.status === "error" ? state.fieldErrors : undefined) ?? {};
  const savedVersion = state.status === "ok" && typeof state.values?.version === "number" ? state.values.version : undefined;
  const version = Math.max(savedVersion ?? 0, loadedVersion);
  // The page re-renders with a newer version after every save. When it is not this form's own
  // save (a restore, below), the arrangement on screen becomes the one now saved.
  const [shownVersion, setShownVersion] = useState(loadedVersion);
  if (loadedVersion !== shownVersion) {
    setShownVersion(loadedVersion);
    if (loadedVersion !== savedVersion) setValue(initial);
  }
  const conflictVersion = state.status === "error" ? state.values?.currentVersion : undefined;
  const placedAbove = new Set([...(value.lead ? [value.lead.story.id] : []), ...value.top.map((slot) => slot.story.id)]);
  const newSlot = (story: LinkedStoryOption): SlotValue => ({ story, from: "", until: "" });

  return (
    <form action={action} className="fp-form" noValidate>
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="layout" value={JSON.stringify(toPayload(value))} />
      <p className="adm-hint">
        الأوقات بتوقيت {timeZone}. الخانة الفارغة أو التي انتهى وقتها يملؤها أحدث خبر، وإلغاء نشر خبر يزيله من الواجهة تلقائياً.
      </p>

      <fieldset className="fp-area">
        <legend>الخبر الرئيسي</legend>
        {value.lead ? (
          <ol className="fp-slots" data-testid="lead-slot">
            <SlotRow
              slot={value.lead}
              path="lead"
              errors={errors}
              onChange={(lead) => setValue({ ...value, lead })}
              controls={
                <button type="button" className="adm-btn small danger" aria-label={`أزل «${value.lead.story.title}»`} onClick={() => setValue({ ...value, lead: null })}>
                  ×
                </button>
              }
            />
          </ol>
        ) : (
          <>
            <p className="adm-hint">لا خبر رئيسياً مختاراً: يتصدّر أحدث خبر.</p>
            <StoryFinder label="ابحث عن الخبر الرئيسي" onPick={(story) => setValue({ ...value, lead: newSlot(story), top: value.top.filter((s) => s.story.id !== story.id) })} />
          </>
        )}
      </fieldset>

      <fieldset className="fp-area">
        <legend>أبرز الأخبار ({value.top.length} من {LIMITS.top})</legend>
        <p className="adm-hint">تظهر ثلاثة أخبار على الأقل؛ ما لم تختره يملؤه أحدث الأخبار.</p>
        <SlotList slots={value.top} path="top" errors={errors} onChange={(top) => setValue({ ...value, top })} testId="top-slots" />
        <FieldError id="fp-top-error" errors={errors.top} />
        <StoryFinder
          label="ابحث عن خبر بارز"
          disabled={value.top.length >= LIMITS.top}
          onPick={(story) => !placedAbove.has(story.id) && setValue({ ...value, top: [...value.top, newSlot(story)] })}
        />
      </fieldset>

      <fieldset className="fp-area">
        <legend>الشريط المميّز</legend>
        {value.featured ? (
          <>
            <div className="adm-field">
              <label htmlFor="fp-featured-label">عنوان الشريط</label>
              <input
                id="fp-featured-label"
                value={value.featured.label}
                maxLength={80}
                onChange={(e) => setValue({ ...value, featured: { ...value.featured!, label: e.target.value } })}
                {...errorProps("fp-featured-label-error", errors["featured.label"])}
              />
              <FieldError id="fp-featured-label-error" errors={errors["featured.label"]} />
            </div>
            <SlotList
              slots={value.featured.slots}
              path="featured.slots"
              errors={errors}
              onChange={(slots) => setValue({ ...value, featured: { ...value.featured!, slots } })}
              testId="featured-slots"
            />
            <FieldError id="fp-featured-slots-error" errors={errors["featured.slots"]} />
            <StoryFinder
              label="ابحث عن خبر للشريط المميّز"
              disabled={value.featured.slots.length >= LIMITS.featured}
              onPick={(story) =>
                !value.featured!.slots.some((s) => s.story.id === story.id) &&
                setValue({ ...value, featured: { ...value.featured!, slots: [...value.featured!.slots, newSlot(story)] } })
              }
            />
            <button type="button" className="adm-btn small secondary" onClick={() => setValue({ ...value, featured: null })}>
              ألغِ الشريط المميّز
            </button>
          </>
        ) : (
          <>
            <p className="adm-hint">شريط اختياري فوق الخبر الرئيسي لتغطية مباشرة أو ملف خاص.</p>
            <button type="button" className="adm-btn small secondary" onClick={() => setValue({ ...value, featured: { label: "", slots: [] } })}>
              أضف شريطاً مميّزاً
            </button>
          </>
        )}
      </fieldset>

      <fieldset className="fp-area">
        <legend>ترتيب كتل الأقسام</legend>
        <ol className="ordered-list" data-testid="section-order">
          {value.sections.map((section, index) => (
            <li key={section.id}>
              <span className="grow">{section.name}</span>
              <RowControls
                label={section.name}
                index={index}
                count={value.sections.length}
                onMove={(delta) => setValue({ ...value, sections: move(value.sections, index, delta) })}
              />
            </li>
          ))}
        </ol>
        <FieldError id="fp-sections-error" errors={errors.sectionOrder} />
      </fieldset>

      <div className="fp-actions">
        <button type="submit" className="adm-btn" disabled={pending}>
          احفظ الواجهة
        </button>
        <span role="status" className={state.status === "error" ? "adm-error" : "adm-ok"}>
          {state.message}
          {conflictVersion !== undefined ? " (أعد تحميل الصفحة لترى النسخة الأحدث)" : null}
        </span>
        <FieldError id="fp-form-error" errors={errors.form} alert />
      </div>
    </form>
  );
}

/** Restores an earlier arrangement as a new revision; the current version travels with it. */
export function FrontPageRestoreButton({ revisionId, currentVersion, label }: { revisionId: number; currentVersion: number; label: string }) {
  const [state, action, pending] = useActionState(restoreFrontPageRevisionAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="revisionId" value={revisionId} />
      <input type="hidden" name="version" value={currentVersion} />
      <button type="submit" className="adm-btn small secondary" disabled={pending}>
        {label}
      </button>
      {state.message ? (
        <span className={state.status === "error" ? "adm-error" : "adm-ok"} role={state.status === "error" ? "alert" : "status"}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
