import Link from "next/link";

// Also what requireStaffPage shows for a page the user's role may not open (see lib/auth/session.ts).
export default function AdminNotFound() {
  return (
    <div className="admin-card" role="alert">
      <h1>الصفحة غير موجودة أو ليست لديك صلاحية لفتحها</h1>
      <p>
        إن كنت تظن أنك تحتاج إليها فاطلب الصلاحية من مدير الموقع. <Link href="/admin">العودة إلى لوحة التحرير</Link>
      </p>
    </div>
  );
}
