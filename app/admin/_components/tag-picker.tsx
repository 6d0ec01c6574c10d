"use client";

import { useId, useState } from "react";
import { FieldError, errorProps } from "./form-kit";
import { useDebouncedJson } from "./use-debounced-json";

type Suggestion = { id: number; name: string; storyCount: number };

/**
 * Tags as chips. Typing suggests existing tags (matched on normalised names by the server, so
 * spelling variants find the same tag); Enter adds what was typed, and a tag that does not exist
 * yet is created when the story is saved.
 */
export function TagPicker({
  value,
  onChange,
  errors,
  max,
}: {
  value: string[];
  onChange: (names: string[]) => void;
  errors: string[] | undefined;
  max: number;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [known, setKnown] = useState<Set<string>>(() => new Set(value));
  const trimmed = text.trim();
  const suggestions =
    useDebouncedJson<{ tags: Suggestion[] }>(trimmed ? `/admin/tags/suggest?q=${encodeURIComponent(trimmed)}` : null, 180)?.tags ?? [];

  function add(name: string, existing: boolean) {
    const clean = name.trim().replace(/\s+/g, " ");
    if (!clean || value.length >= max) return;
    if (!value.some((v) => v === clean)) onChange([...value, clean]);
    if (existing) setKnown((k) => new Set(k).add(clean));
    setText("");
  }

  const visible = suggestions.filter((s) => !value.includes(s.name));

  return (
    <div className="adm-field">
      <label htmlFor={`${id}-input`}>الكلمات الدلالية</label>
      {value.length ? (
        <ul className="chip-list" aria-label="الوسوم المختارة" data-testid="tag-chips">
          {value.map((name) => (
            <li key={name} className={known.has(name) ? "chip" : "chip new"}>
              <bdi>{name}</bdi>
              {known.has(name) ? null : <span className="adm-muted">(جديد)</span>}
              <button type="button" aria-label={`أزل الوسم ${name}`} onClick={() => onChange(value.filter((v) => v !== name))}>
                ×
              </button>
              <input type="hidden" name="tagNames[]" value={name} />
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={`${id}-input`}
        type="text"
        value={text}
        autoComplete="off"
        placeholder="اكتب وسماً ثم Enter"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === "," || e.key === "،") {
            e.preventDefault();
            const exact = suggestions.find((s) => s.name === text.trim());
            add(text, Boolean(exact));
          }
        }}
        aria-autocomplete="list"
        aria-controls={`${id}-list`}
        {...errorProps(`${id}-error`, errors)}
      />
      <span className="adm-hint">حتى {max} وسماً. الوسوم الجديدة تُنشأ عند الحفظ.</span>
      {visible.length ? (
        <ul id={`${id}-list`} className="suggest-list" aria-label="اقتراحات الوسوم">
          {visible.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => add(s.name, true)}>
                <bdi>{s.name}</bdi> <span className="adm-muted">({s.storyCount})</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
