import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { routeAccess } from "@/lib/auth/permissions";
import { getStaffUser } from "@/lib/auth/session";
import { suggestTags } from "@/lib/tags/admin-queries";
import { withDatabaseOutage } from "@/lib/http/errors";

// Tag autocomplete for the story editor, over normalised names. Staff only; checked here. Offers
// only tags on stories this user may read (lib/articles/visibility).
export const GET = withDatabaseOutage(async (request: NextRequest): Promise<Response> => {
  const user = await getStaffUser();
  if (!user) return NextResponse.json({ error: "غير مصرح" }, { status: 401 });
  if (!routeAccess["/admin/tags/suggest"].includes(user.role)) return NextResponse.json({ error: "ليست لديك صلاحية" }, { status: 403 });
  const q = (request.nextUrl.searchParams.get("q") ?? "").slice(0, 100);
  const tags = await suggestTags(getDb(), { userId: user.id, role: user.role }, q, { now: new Date(), limit: 8 });
  return NextResponse.json({ tags }, { headers: { "Cache-Control": "private, no-store" } });
});
