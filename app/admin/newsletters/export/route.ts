import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { routeAccess } from "@/lib/auth/permissions";
import { getStaffUser } from "@/lib/auth/session";
import { withDatabaseOutage } from "@/lib/http/errors";
import { exportSubscribersCsv } from "@/lib/newsletters/admin";

// GET /admin/newsletters/export: every subscriber as CSV, for admins only (checked here).
export const GET = withDatabaseOutage(async (): Promise<Response> => {
  const user = await getStaffUser();
  if (!user) return NextResponse.json({ error: "غير مصرح" }, { status: 401 });
  if (!routeAccess["/admin/newsletters/export"].includes(user.role)) return NextResponse.json({ error: "ليست لديك صلاحية" }, { status: 403 });
  const csv = await exportSubscribersCsv(getDb(), user);
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="subscribers-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
});
