"use client";

import { useActionState, useId } from "react";
import { deleteTagAction, mergeTagAction, renameTagAction, setTagAliasesAction } from "@/app/admin/tags/actions";
import { FieldError, echoed, errorProps, fieldErrorsOf, initialFormState, InlineAnswer } from "./form-kit";


type TagRowProps = { tagId: number; name: string; aliases: string[]; storyCount: number; datalistId: string };

/** Rename, aliases, merge and delete for one tag, each its own small form with its own errors. */
export function TagRowActions({ tagId, name, aliases, storyCount, datalistId }: TagRowProps) {
  const id = useId();
  const [renameState, rename, renaming] = useActionState(renameTagAction, initialFormState);
  const [mergeState, merge, merging] = useActionState(mergeTagAction, initialFormState);
  const [deleteState, remove, deleting] = useActionState(deleteTagAction, initialFormState);
  const [aliasesState, saveAliases, savingAliases] = useActionState(setTagAliasesAction, initialFormState);
  const aliasesErrors = fieldErrorsOf(aliasesState);
  const renameErrors = fieldErrorsOf(renameState);
  const mergeErrors = fieldErrorsOf(mergeState);
  const deleteErrors = fieldErrorsOf(deleteState);
  return (
    <div className="adm-actions" style={{ alignItems: "flex-start" }}>
      <form action={rename} className="adm-inline-form">
        <input type="hidden" name="tagId" value={tagId} />
        <label htmlFor={`${id}-name`} className="visually-hidden">
          الاسم الجديد للوسم {name}
        </label>
        <input id={`${id}-name`} name="name" type="text" defaultValue={name} size={14} {...errorProps(`${id}-name-error`, renameErrors.name)} />
        <button className="adm-btn small secondary" type="submit" disabled={renaming}>
          أعد التسمية
        </button>
        <FieldError id={`${id}-name-error`} errors={renameErrors.name} />
        {!renameErrors.name ? <InlineAnswer state={renameState} /> : null}
      </form>
      <form action={saveAliases} className="adm-inline-form">
        <input type="hidden" name="tagId" value={tagId} />
        <label htmlFor={`${id}-aliases`} className="visually-hidden">
          أسماء بديلة للوسم {name} يجدها البحث، مفصولة بفواصل
        </label>
        <input
          id={`${id}-aliases`}
          name="aliases"
          type="text"
          // React resets the form after the action: a refused list comes back as typed, to be corrected.
          defaultValue={echoed(aliasesState, "aliases") ?? aliases.join("، ")}
          placeholder="أسماء بديلة، مفصولة بفواصل"
          size={16}
          {...errorProps(`${id}-aliases-error`, aliasesErrors.aliases)}
        />
        <button className="adm-btn small secondary" type="submit" disabled={savingAliases}>
          احفظ البدائل
        </button>
        <FieldError id={`${id}-aliases-error`} errors={aliasesErrors.aliases} />
        {!aliasesErrors.aliases ? <InlineAnswer state={aliasesState} /> : null}
      </form>
      <form action={merge} className="adm-inline-form">
        <input type="hidden" name="tagId" value={tagId} />
        <label htmlFor={`${id}-into`} className="visually-hidden">
          ادمج {name} في
        </label>
        <input
          id={`${id}-into`}
          name="into"
          type="text"
          list={datalistId}
          placeholder="ادمج في…"
          size={12}
          {...errorProps(`${id}-into-error`, mergeErrors.into)}
        />
        <button className="adm-btn small secondary" type="submit" disabled={merging}>
          ادمج
        </button>
        <FieldError id={`${id}-into-error`} errors={mergeErrors.into} />
        {!mergeErrors.into ? <InlineAnswer state={mergeState} /> : null}
      </form>
      {storyCount === 0 ? (
        <form action={remove} className="adm-inline-form">
          <input type="hidden" name="tagId" value={tagId} />
          <button className="adm-btn small danger" type="submit" disabled={deleting} aria-label={`احذف الوسم ${name}`}>
            احذف
          </button>
          <InlineAnswer state={deleteErrors.tagId ? { status: "error", message: deleteErrors.tagId.join("، ") } : deleteState} />
        </form>
      ) : null}
    </div>
  );
}
