// Domain errors that routes and actions translate into responses (400/403/404/409) and form states.
export type FieldErrors = Record<string, string[]>;

export class ValidationError extends Error {
  constructor(
    public readonly fieldErrors: FieldErrors,
    message = "تحقق من الحقول المميزة",
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  constructor(message = "ليست لديك صلاحية لهذا الإجراء") {
    super(message);
  }
}

export class NotFoundError extends Error {
  constructor(message = "غير موجود") {
    super(message);
  }
}

export class VersionConflictError extends Error {
  constructor(
    public readonly currentVersion: number,
    message = "حفظ شخص آخر هذا الخبر بعد أن فتحته. نصك ما زال في النموذج: راجع النسخة الأحدث قبل الحفظ مجدداً.",
  ) {
    super(message);
  }
}

/** zod issues → { field: [messages] }, keyed by the first path segment (nested arrays join with "."). */
export function fieldErrorsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}
