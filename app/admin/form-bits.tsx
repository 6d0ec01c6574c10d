"use client";

import type { ReactNode } from "react";
import type { FormState } from "@/lib/auth/action";

// Small shared pieces for the admin's useActionState forms: a field with its error tied to the
// input through aria-describedby, and the form-level message.

export const initialFormState: FormState = { status: "idle" };

export function Field({
  id,
  label,
  errors,
  children,
}: {
  id: string;
  label: string;
  errors: string[] | undefined;
  children: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="admin-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(errors?.length ? { "aria-invalid": true, "aria-describedby": errorId } : {}) })}
      {errors?.length ? (
        <p id={errorId} className="field-error">
          {errors.join("، ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessage({ state }: { state: FormState<unknown> }) {
  if (state.status === "idle" || !state.message) return null;
  return (
    <p className={`form-message ${state.status === "ok" ? "ok" : "error"}`} role={state.status === "error" ? "alert" : "status"}>
      {state.message}
    </p>
  );
}

/** A submitted text value to put back after an error. */
export function echoed(state: FormState, key: string): string | undefined {
  const value = state.values?.[key];
  return typeof value === "string" ? value : undefined;
}
