"use client";

import { useActionState } from "react";
import { ROLE_LABELS } from "@/lib/i18n/labels";
import { Field, FormMessage, TextField, echoed, fieldErrorsOf, initialFormState } from "../_components/form-kit";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, initialFormState);
  const errors = fieldErrorsOf(state);
  const createdKey = state.status === "ok" ? state.values?.key : undefined;
  return (
    <>
      {createdKey ? (
        <div className="admin-card" role="status">
          <p className="form-message ok">{state.message}</p>
          <p>
            <label htmlFor="created-api-key">المفتاح الجديد:</label>
          </p>
          <output id="created-api-key" className="secret-key" data-testid="created-api-key">
            {createdKey}
          </output>
        </div>
      ) : (
        <FormMessage state={state} />
      )}
      <form action={action} className="admin-form" noValidate key={createdKey ?? "form"}>
        <TextField id="api-key-name" label="اسم المفتاح (من يستخدمه؟)" errors={errors.name} name="name" defaultValue={createdKey ? "" : echoed(state, "name")} />
        <Field id="api-key-role" label="الدور" errors={errors.role}>
          {(props) => (
            <select {...props} name="role" defaultValue={createdKey ? "writer" : (echoed(state, "role") ?? "writer")}>
              <option value="writer">{ROLE_LABELS.writer}: مسودات فقط (writer)</option>
              <option value="editor">{ROLE_LABELS.editor}: ينشر ويجدول (editor)</option>
              <option value="admin">{ROLE_LABELS.admin}: يدير مصادر الوكالات أيضاً (admin)</option>
            </select>
          )}
        </Field>
        <div>
          <button type="submit" className="admin-button" disabled={pending}>
            إنشاء مفتاح
          </button>
        </div>
      </form>
    </>
  );
}

export function RevokeApiKeyForm({ keyId, name }: { keyId: number; name: string }) {
  const [state, action, pending] = useActionState(revokeApiKeyAction, initialFormState);
  return (
    <form
      action={action}
      className="admin-form inline"
      onSubmit={(event) => {
        if (!window.confirm(`إلغاء المفتاح «${name}»؟ ستُرفض كل الطلبات التي تستخدمه.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="keyId" value={keyId} />
      <button type="submit" className="admin-button danger" disabled={pending}>
        إلغاء
      </button>
      <FormMessage state={state} />
    </form>
  );
}
