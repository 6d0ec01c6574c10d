"use client";

import { useActionState, useId } from "react";
import { ignoreWireItemAction, pollWireSourceAction, restoreWireItemAction, saveWireSourceAction, setWireSourcePausedAction } from "@/app/admin/wire/actions";
import { Field, FormMessage, TextField, echoed, fieldErrorsOf, initialFormState, InlineAnswer, type FormState } from "./form-kit";

// The wire desk's small forms: each a plain <form action> (it works before hydration too) with
// its own answer beside it.


/** «تجاهل» for a new item, «أعده إلى الوارد» for an ignored one. */
export function WireTriageButton({ itemId, ignored, title }: { itemId: number; ignored: boolean; title: string }) {
  const [state, action, pending] = useActionState(ignored ? restoreWireItemAction : ignoreWireItemAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="itemId" value={itemId} />
      <button className="adm-btn small secondary" type="submit" disabled={pending} aria-label={`${ignored ? "أعد إلى الوارد" : "تجاهل"}: ${title}`}>
        {ignored ? "تراجع عن التجاهل" : "تجاهل"}
      </button>
      <InlineAnswer state={state} />
    </form>
  );
}

export function PollSourceButton({ sourceId, name }: { sourceId: number; name: string }) {
  const [state, action, pending] = useActionState(pollWireSourceAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="sourceId" value={sourceId} />
      <button className="adm-btn small secondary" type="submit" disabled={pending} aria-label={`اجلب الآن: ${name}`}>
        {pending ? "يجلب…" : "اجلب الآن"}
      </button>
      <InlineAnswer state={state} />
    </form>
  );
}

export function PauseSourceButton({ sourceId, name, paused }: { sourceId: number; name: string; paused: boolean }) {
  const [state, action, pending] = useActionState(setWireSourcePausedAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="sourceId" value={sourceId} />
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <button className="adm-btn small secondary" type="submit" disabled={pending} aria-label={`${paused ? "استأنف" : "أوقف مؤقتاً"}: ${name}`}>
        {paused ? "استأنف" : "أوقف مؤقتاً"}
      </button>
      <InlineAnswer state={state} />
    </form>
  );
}

export type SourceFormValues = {
  id: number | null;
  name: string;
  url: string;
  sectionId: number | null;
  tags: string[];
  intervalMinutes: number;
  mode: "queue" | "auto";
  canonical: "ours" | "original";
  authorId: number | null;
  allowHost: boolean;
};

type Option = { id: number; name: string };

/** Add an outlet, or change one: every field with its own Arabic error. */
export function WireSourceForm({ initial, sections, authors }: { initial: SourceFormValues; sections: Option[]; authors: Option[] }) {
  const id = useId();
  // Each answer remounts the form (its key), so a refused one comes back exactly as typed from the
  // echoed values: React resets a form after its action, and a <select>'s default set at mount
  // would otherwise win over what the admin picked.
  const [state, action, pending] = useActionState(
    async (previous: FormState & { attempt?: number }, data: FormData) => ({ ...(await saveWireSourceAction(previous, data)), attempt: (previous.attempt ?? 0) + 1 }),
    { ...initialFormState, attempt: 0 },
  );
  const errors = fieldErrorsOf(state);
  const value = (key: string, fallback: string) => echoed(state, key) ?? fallback;
  return (
    <form action={action} className="admin-form wire-source-form" noValidate key={state.attempt}>
      <FormMessage state={state} />
      {initial.id ? <input type="hidden" name="sourceId" value={initial.id} /> : null}
      <TextField id={`${id}-name`} label="اسم المصدر (يظهر للقراء: «المصدر: …»)" errors={errors.name} name="name" type="text" dir="auto" defaultValue={value("name", initial.name)} />
      <TextField
        id={`${id}-url`}
        label="رابط الخلاصة (RSS أو Atom)"
        errors={errors.url}
        name="url"
        type="url"
        dir="ltr"
        className="adm-input-ltr"
        placeholder="https://…/feed.xml"
        defaultValue={value("url", initial.url)}
      />
      <Field id={`${id}-section`} label="القسم الافتراضي" errors={errors.section}>
        {(props) => (
          <select {...props} name="section" defaultValue={value("section", initial.sectionId ? String(initial.sectionId) : "")}>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField id={`${id}-tags`} label="الوسوم الافتراضية (مفصولة بفواصل)" errors={errors.tags} name="tags" type="text" dir="auto" defaultValue={value("tags", initial.tags.join("، "))} />
      <TextField
        id={`${id}-interval`}
        label="الفاصل بين جلبين (دقائق)"
        errors={errors.intervalMinutes}
        name="intervalMinutes"
        type="text"
        dir="ltr"
        defaultValue={value("intervalMinutes", String(initial.intervalMinutes))}
      />
      <Field id={`${id}-mode`} label="الثقة" errors={errors.mode}>
        {(props) => (
          <select {...props} name="mode" defaultValue={value("mode", initial.mode)}>
            <option value="queue">إلى الوارد: ينتظر المحرر</option>
            <option value="auto">نشر تلقائي: وكالة متعاقد معها</option>
          </select>
        )}
      </Field>
      <Field id={`${id}-author`} label="الكاتب المنسوب إليه ما يُنشر تلقائياً" errors={errors.authorId}>
        {(props) => (
          <select {...props} name="authorId" defaultValue={value("authorId", initial.authorId ? String(initial.authorId) : "")}>
            <option value="">—</option>
            {authors.map((author) => (
              <option key={author.id} value={author.id}>
                {author.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-canonical`} label="الرابط المعتمد (canonical)" errors={errors.canonical}>
        {(props) => (
          <select {...props} name="canonical" defaultValue={value("canonical", initial.canonical)}>
            <option value="ours">صفحتنا: القصة أعيدت كتابتها عندنا</option>
            <option value="original">الأصل: ننشر نص الوكالة كما هو</option>
          </select>
        )}
      </Field>
      <label className="adm-check">
        <input type="checkbox" name="allowHost" defaultChecked={state.status === "error" ? state.values?.allowHost === "on" : initial.allowHost} /> اسمح بعنوان داخلي أو محلي
        لهذا المصدر (لا يُجلب من الشبكة الداخلية بدونه)
      </label>
      {errors.allowHost ? <p className="adm-error">{errors.allowHost.join(" ")}</p> : null}
      <div>
        <button type="submit" className="admin-button" disabled={pending}>
          {initial.id ? "احفظ المصدر" : "أضف المصدر"}
        </button>
      </div>
    </form>
  );
}
