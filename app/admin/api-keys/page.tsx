import type { Metadata } from "next";
import { pageAccess } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { ROLE_LABELS } from "@/lib/i18n/labels";
import { getApiKeysAdminPage } from "@/lib/pages/admin";
import { CreateApiKeyForm, RevokeApiKeyForm } from "./key-forms";

export const metadata: Metadata = { title: "مفاتيح API" };

export default async function ApiKeysPage() {
  await requireStaffPage(pageAccess["/admin/api-keys"]);
  const keys = await getApiKeysAdminPage();
  return (
    <>
      <h1>مفاتيح API</h1>
      <p className="admin-muted">
        للأنظمة التي ترسل الأخبار إلى <span dir="ltr">/api/v1</span>. أرسل المفتاح في الترويسة{" "}
        <code dir="ltr">Authorization: Bearer …</code>. مفتاح الكاتب ينشئ مسودات فقط.
      </p>
      <div className="admin-card">
        <CreateApiKeyForm />
      </div>
      <h2>المفاتيح</h2>
      {keys.length === 0 ? (
        <p className="admin-muted">لا مفاتيح بعد.</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">الاسم</th>
              <th scope="col">البادئة</th>
              <th scope="col">الدور</th>
              <th scope="col">آخر استخدام</th>
              <th scope="col">أنشأه</th>
              <th scope="col">الحالة</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-key-prefix={key.prefix}>
                <td>
                  <bdi>{key.name}</bdi>
                </td>
                <td>
                  <code dir="ltr">{key.prefix}…</code>
                </td>
                <td>{ROLE_LABELS[key.role]}</td>
                <td>{key.lastUsedAt ? formatAdminDate(key.lastUsedAt) : "لم يُستخدم"}</td>
                <td>
                  <bdi>{key.createdByName ?? "—"}</bdi>
                  <div className="admin-muted">{formatAdminDate(key.createdAt)}</div>
                </td>
                <td>
                  {key.revokedAt ? (
                    <span className="admin-badge off">أُلغي {formatAdminDate(key.revokedAt)}</span>
                  ) : (
                    <RevokeApiKeyForm keyId={key.id} name={key.name} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function formatAdminDate(value: Date | string): string {
  const env = getEnv();
  return new Intl.DateTimeFormat(`ar-EG-u-nu-${env.dateDigits}`, {
    timeZone: env.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(value));
}
