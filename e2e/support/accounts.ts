// Accounts the e2e server creates before the app starts (users are made by helpers, not the UI).
export const E2E_PASSWORD = "e2e-password-123";

export const E2E_USERS = [
  { email: "admin@e2e.example", displayName: "مديرة الاختبار", slug: "e2e-admin", role: "admin" as const },
  { email: "editor@e2e.example", displayName: "محرر الاختبار", slug: "e2e-editor", role: "editor" as const },
  { email: "writer@e2e.example", displayName: "كاتبة الاختبار", slug: "e2e-writer", role: "writer" as const },
];

export type E2eRole = (typeof E2E_USERS)[number]["role"];
export const E2E_ROLES: E2eRole[] = E2E_USERS.map((user) => user.role);

export function accountFor(role: E2eRole): (typeof E2E_USERS)[number] {
  const account = E2E_USERS.find((user) => user.role === role);
  if (!account) throw new Error(`no e2e account with the role ${role}`);
  return account;
}
