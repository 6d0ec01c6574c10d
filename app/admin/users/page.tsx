import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/i18n/labels";
import { getUsersAdminPage } from "@/lib/pages/admin";
import { ClearLoginThrottleForm, CreateUserForm, ResetPasswordForm, ToggleDisabledForm } from "./user-forms";

export const metadata: Metadata = { title: "المستخدمون" };

export default async function UsersPage() {
  const admin = await requireStaffPage(pageAccess["/admin/users"]);
  const users = await getUsersAdminPage();
  return (
    <>
      <h1>المستخدمون</h1>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">الاسم</th>
            <th scope="col">البريد</th>
            <th scope="col">الدور</th>
            <th scope="col">الحالة</th>
            <th scope="col">كلمة المرور</th>
            <th scope="col">الحساب</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-email={user.email}>
              <td>
                <bdi>{user.displayName}</bdi>
                <div className="admin-muted" dir="ltr">
                  /author/{user.slug}
                </div>
              </td>
              <td dir="ltr">{user.email}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>{user.disabled ? <span className="admin-badge off">معطّل</span> : <span className="admin-badge">نشط</span>}</td>
              <td>
                <ResetPasswordForm userId={user.id} email={user.email} />
              </td>
              <td>
                <ToggleDisabledForm userId={user.id} disabled={user.disabled} self={user.id === admin.id} />
                <ClearLoginThrottleForm userId={user.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>حساب جديد</h2>
      <div className="admin-card">
        <CreateUserForm />
      </div>
    </>
  );
}
