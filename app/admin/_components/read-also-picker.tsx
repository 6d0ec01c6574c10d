"use client";

import { useId, useState } from "react";
import { FieldError, errorProps } from "./form-kit";
import { RowControls, move } from "./ordered-controls";
import type { LinkedStoryOption } from "./types";
import { useDebouncedJson } from "./use-debounced-json";
import { STATUS_LABELS } from "@/lib/i18n/labels";

// Candidates that are not (and will not by themselves become) public say so, so nobody links a
// draft thinking it is out; public and scheduled ones need no label.
const PENDING_LABELS: Record<string, string> = { draft: STATUS_LABELS.draft, unpublished: STATUS_LABELS.unpublished };

/** «اقرأ أيضاً»: stories the user may link, picked by title search, in the editor's order. */
export function ReadAlsoPicker({
  selfId,
  value,
  onChange,
  errors,
  max,
}: {
  selfId: number | null;
  value: LinkedStoryOption[];
  onChange: (stories: LinkedStoryOption[]) => void;
  errors: string[] | undefined;
  max: number;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const trimmed = query.trim();
  const params = new URLSearchParams({ q: trimmed });
  if (selfId) params.set("exclude", String(selfId));
  const results = useDebouncedJson<{ stories: LinkedStoryOption[] }>(trimmed ? `/admin/articles/linkable?${params}` : null, 200)?.stories ?? [];

  const candidates = results.filter((r) => r.id !== selfId && !value.some((v) => v.id === r.id));

  return (
    <div className="adm-field">
      <span className="adm-label" id={`${id}-label`}>
        اقرأ أيضاً
      </span>
      {value.length ? (
        <ol className="ordered-list" aria-labelledby={`${id}-label`} data-testid="read-also-list">
          {value.map((story, index) => (
            <li key={story.id}>
              <span className="grow">
                {story.isBreaking ? <span className="badge-breaking">عاجل</span> : null} <bdi>{story.title}</bdi>
              </span>
              <RowControls
                label={story.title}
                index={index}
                count={value.length}
                onMove={(delta) => onChange(move(value, index, delta))}
                onRemove={() => onChange(value.filter((v) => v.id !== story.id))}
              />
              <input type="hidden" name="readAlsoIds[]" value={story.id} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="adm-hint">لا روابط بعد.</p>
      )}
      <input
        type="search"
        aria-label="ابحث عن خبر منشور لإضافته"
        placeholder="ابحث بعنوان خبر منشور…"
        value={query}
        disabled={value.length >= max}
        onChange={(e) => setQuery(e.target.value)}
        {...errorProps(`${id}-error`, errors)}
      />
      {candidates.length ? (
        <ul className="suggest-list" aria-label="نتائج البحث">
          {candidates.map((story) => (
            <li key={story.id}>
              <button
                type="button"
                onClick={() => {
                  onChange([...value, story]);
                  setQuery("");
                }}
              >
                + <bdi>{story.title}</bdi>
                {PENDING_LABELS[story.status] ? <span className="adm-muted"> ({PENDING_LABELS[story.status]})</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
