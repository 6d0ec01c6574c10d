import type { ArticleStatus, UserRole } from "@/db/schema";

// Arabic names shown for roles and story statuses, in one place for the dashboard's pages and its
// client components (no "server-only").

export const ROLE_LABELS: Record<UserRole, string> = { admin: "مدير", editor: "محرر", writer: "كاتب" };

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: "مسودة",
  scheduled: "مجدول",
  published: "منشور",
  unpublished: "غير منشور",
};
