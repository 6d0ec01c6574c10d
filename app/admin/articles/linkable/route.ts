import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { searchLinkableStories } from "@/lib/articles/admin-queries";
import { routeAccess } from "@/lib/auth/permissions";
import { getStaffUser } from "@/lib/auth/session";
import { withDatabaseOutage } from "@/lib/http/errors";

// «اقرأ أيضاً» picker: the stories this user may link (lib/articles/visibility), by title or id.
// Staff only; checked here, not by the proxy.
export const GET = withDatabaseOutage(async (request: NextRequest): Promise<Response> => {
  const user = await getStaffUser();
  if (!user) return NextResponse.json({ error: "غير مصرح" }, { status: 401 });
  if (!routeAccess["/admin/articles/linkable"].includes(user.role)) return NextResponse.json({ error: "ليست لديك صلاحية" }, { status: 403 });
  const q = (request.nextUrl.searchParams.get("q") ?? "").slice(0, 200);
  const exclude = Number(request.nextUrl.searchParams.get("exclude") ?? "") || undefined;
  const stories = q.trim() ? await searchLinkableStories(getDb(), { userId: user.id, role: user.role }, { q, excludeId: exclude, now: new Date(), limit: 10 }) : [];
  return NextResponse.json({ stories }, { headers: { "Cache-Control": "private, no-store" } });
});
