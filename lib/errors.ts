// Domain errors. Each carries its HTTP status, so a route handler answers any of them the same way
// (lib/http/errors.ts); server actions turn them into form states (lib/auth/action.ts).
export type FieldErrors = Record<string, string[]>;

/** A failure the caller can act on, as opposed to a bug: its message is meant for the user. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
}

export class ValidationError extends DomainError {
  readonly status: number = 400;

  constructor(
    public readonly fieldErrors: FieldErrors,
    message = "تحقق من الحقول المميزة",
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;

  constructor(message = "ليست لديك صلاحية لهذا الإجراء") {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;

  constructor(message = "غير موجود") {
    super(message);
  }
}

export class VersionConflictError extends DomainError {
  readonly status = 409;

  constructor(
    public readonly currentVersion: number,
    message = "حفظ شخص آخر هذا الخبر بعد أن فتحته. نصك ما زال في النموذج: راجع النسخة الأحدث قبل الحفظ مجدداً.",
  ) {
    super(message);
  }
}

/** The request is fine but the state it meets is not: a wire item already used, a poll already running. */
export class ConflictError extends DomainError {
  readonly status = 409;
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
