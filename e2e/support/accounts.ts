// Accounts the e2e server creates before the app starts (users are made by helpers, not the UI).
export const E2E_PASSWORD = "e2e-password-123";

export const E2E_USERS = [
  { email: "admin@e2e.example", displayName: "مديرة الاختبار", slug: "e2e-admin", role: "admin" as const },
  { email: "editor@e2e.example", displayName: "محرر الاختبار", slug: "e2e-editor", role: "editor" as const },
  { email: "writer@e2e.example", displayName: "كاتبة الاختبار", slug: "e2e-writer", role: "writer" as const },
];
