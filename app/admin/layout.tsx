import "./admin.css";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@/lib/auth/permissions";
import { getStaffUser } from "@/lib/auth/session";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { ROLE_LABELS } from "@/lib/i18n/labels";
import { LogoutButton } from "./logout-button";

// Never indexed; Cache-Control: private, no-store comes from next.config.js.
export const metadata: Metadata = {
  title: { default: "لوحة التحرير", template: "%s | لوحة التحرير" },
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
};

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // Only for the header: each page checks the session and role itself (requireStaffPage).
  // Without the database the header goes without the menu: the page's own check fails the same
  // way, and app/admin/error.tsx explains it inside this shell (a layout's error would escape it).
  const user = await getStaffUser().catch((error: unknown) => {
    if (isDatabaseUnavailable(error)) return null;
    throw error;
  });
  return (
    <div className="admin-shell" dir="rtl" lang="ar">
      <header className="admin-header">
        <Link href="/admin" className="admin-brand">
          لوحة التحرير
        </Link>
        {user ? (
          <>
            <nav className="admin-nav" aria-label="أقسام لوحة التحرير">
              <Link href="/admin/articles">الأخبار</Link>
              {can(user, "curateFrontPage") ? <Link href="/admin/front-page">الواجهة</Link> : null}
              <Link href="/admin/wire">الوكالات</Link>
              {can(user, "sendNewsletters") ? <Link href="/admin/newsletters">النشرات</Link> : null}
              <Link href="/admin/tags">الوسوم</Link>
              {can(user, "manageUsers") ? <Link href="/admin/users">المستخدمون</Link> : null}
              {can(user, "manageKeys") ? <Link href="/admin/api-keys">مفاتيح API</Link> : null}
            </nav>
            <div className="admin-user">
              <span>
                <bdi>{user.displayName}</bdi> <span className="admin-badge">{ROLE_LABELS[user.role]}</span>
              </span>
              <LogoutButton />
            </div>
          </>
        ) : null}
      </header>
      <main className="admin-main" id="main">
        {children}
      </main>
    </div>
  );
}
