"use client";

import { useId } from "react";
import { FieldError, errorProps } from "./form-kit";
import { RowControls, move } from "./ordered-controls";
import type { EditorOption } from "./types";

/** The byline: several authors, in order. */
export function AuthorPicker({
  options,
  value,
  onChange,
  errors,
}: {
  options: EditorOption[];
  value: number[];
  onChange: (ids: number[]) => void;
  errors: string[] | undefined;
}) {
  const id = useId();
  const nameOf = (authorId: number) => options.find((o) => o.id === authorId)?.name ?? `#${authorId}`;
  const available = options.filter((o) => !value.includes(o.id));
  return (
    <div className="adm-field">
      <span className="adm-label" id={`${id}-label`}>
        الكتّاب (بالترتيب)
      </span>
      <ol className="ordered-list" aria-labelledby={`${id}-label`}>
        {value.map((authorId, index) => (
          <li key={authorId}>
            <span className="grow">{nameOf(authorId)}</span>
            <RowControls
              label={nameOf(authorId)}
              index={index}
              count={value.length}
              onMove={(delta) => onChange(move(value, index, delta))}
              onRemove={() => onChange(value.filter((v) => v !== authorId))}
            />
            <input type="hidden" name="authorIds[]" value={authorId} />
          </li>
        ))}
      </ol>
      {available.length ? (
        <select
          aria-label="أضف كاتباً"
          value=""
          onChange={(e) => {
            const next = Number(e.target.value);
            if (next) onChange([...value, next]);
          }}
          {...errorProps(`${id}-error`, errors)}
        >
          <option value="">+ أضف كاتباً…</option>
          {available.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      ) : null}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
