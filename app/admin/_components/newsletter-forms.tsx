"use client";

import { useActionState, useId } from "react";
import { createSectionListAction, eraseSubscriberAction, sendBreakingAlertAction, setListActiveAction, unsubscribeSubscriberAction } from "@/app/admin/newsletters/actions";
import { FieldError, FormMessage, TextField, errorProps, fieldErrorsOf, initialFormState, InlineAnswer } from "./form-kit";


/** «أرسل تنبيهاً»: a confirmation box, then the button. Never automatic. */
export function SendAlertForm({ articleId, title, recipients }: { articleId: number; title: string; recipients: number }) {
  const id = useId();
  const [state, action, pending] = useActionState(sendBreakingAlertAction, initialFormState);
  const errors = fieldErrorsOf(state);
  if (state.status === "ok") return <InlineAnswer state={state} />;
  return (
    <form action={action} className="adm-inline-form" aria-label={`تنبيه: ${title}`}>
      <input type="hidden" name="articleId" value={articleId} />
      <label className="adm-check">
        <input id={`${id}-confirm`} type="checkbox" name="confirm" {...errorProps(`${id}-confirm-error`, errors.confirm)} /> أؤكد إرسال هذا الخبر إلى {recipients} مشترك في «عاجل»
      </label>
      <button className="adm-btn small danger" type="submit" disabled={pending}>
        أرسل تنبيهاً
      </button>
      <FieldError id={`${id}-confirm-error`} errors={errors.confirm} />
      {!errors.confirm ? <InlineAnswer state={state} /> : null}
    </form>
  );
}

export function SubscriberActions({ subscriberId, email }: { subscriberId: number; email: string }) {
  const [unsubscribeState, unsubscribe, unsubscribing] = useActionState(unsubscribeSubscriberAction, initialFormState);
  const [eraseState, erase, erasing] = useActionState(eraseSubscriberAction, initialFormState);
  return (
    <div className="adm-actions">
      <form action={unsubscribe} className="adm-inline-form">
        <input type="hidden" name="subscriberId" value={subscriberId} />
        <button className="adm-btn small secondary" type="submit" disabled={unsubscribing} aria-label={`ألغِ اشتراكات ${email}`}>
          ألغِ الاشتراكات
        </button>
        <InlineAnswer state={unsubscribeState} />
      </form>
      <form action={erase} className="adm-inline-form">
        <input type="hidden" name="subscriberId" value={subscriberId} />
        <button className="adm-btn small danger" type="submit" disabled={erasing} aria-label={`احذف ${email}`}>
          احذف العنوان
        </button>
        <InlineAnswer state={eraseState} />
      </form>
    </div>
  );
}

export function ListActiveButton({ listId, active, name }: { listId: number; active: boolean; name: string }) {
  const [state, action, pending] = useActionState(setListActiveAction, initialFormState);
  return (
    <form action={action} className="adm-inline-form">
      <input type="hidden" name="listId" value={listId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <button className="adm-btn small secondary" type="submit" disabled={pending} aria-label={`${active ? "أوقف" : "فعّل"} ${name}`}>
        {active ? "أوقف" : "فعّل"}
      </button>
      <InlineAnswer state={state} />
    </form>
  );
}

export function SectionListForm({ sections }: { sections: { id: number; name: string }[] }) {
  const id = useId();
  const [state, action, pending] = useActionState(createSectionListAction, initialFormState);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="admin-form" noValidate>
      <FormMessage state={state} />
      <div className="adm-field">
        <label htmlFor={`${id}-section`}>القسم</label>
        <select id={`${id}-section`} name="sectionId" {...errorProps(`${id}-section-error`, errors.sectionId)}>
          {sections.map((section) => (
            <option key={section.id} value={section.id}>
              {section.name}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-section-error`} errors={errors.sectionId} />
      </div>
      <TextField id={`${id}-name`} label="اسم القائمة" errors={errors.name} name="name" type="text" dir="auto" />
      <TextField id={`${id}-description`} label="وصف قصير (يظهر للقراء)" errors={errors.description} name="description" type="text" dir="auto" />
      <div>
        <button type="submit" className="admin-button" disabled={pending}>
          أضف القائمة
        </button>
      </div>
    </form>
  );
}
