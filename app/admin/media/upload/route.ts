import { getDb } from "@/db/client";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { routeAccess } from "@/lib/auth/permissions";
import { getStaffUser } from "@/lib/auth/session";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db-errors";
import { getEnv } from "@/lib/env";
import { errorAnswer } from "@/lib/http/errors";
import { uploadImage } from "@/lib/media/commands";
import { readImageUploadForm } from "@/lib/media/upload-request";

// Image uploads from the editor (hero and body images). A route handler rather than a server
// action: an action's body is capped at 1 MB before any of our code runs, and a bigger body would
// fail with a bare 500. Here the size limit is MAX_UPLOAD_BYTES, counted as the body streams in,
// and every refusal is JSON with an Arabic message for the file field.
// Cookie-authenticated, so it checks the session, the role and the request's Origin itself.

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "private, no-store" };
const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: NO_STORE });

export async function POST(request: Request) {
  const env = getEnv();
  try {
    const user = await getStaffUser();
    if (!user) return reply(401, { message: "انتهت جلستك. سجّل الدخول من جديد ثم أعد المحاولة." });
    // Nothing is read before the session, role and origin checks.
    if (!routeAccess["/admin/media/upload"].includes(user.role)) return reply(403, { message: "ليست لديك صلاحية لرفع الصور" });
    if (!isSameOriginRequest(request, env.siteUrl)) return reply(403, { message: "طلب من خارج الموقع؛ ارفع الصورة من المحرر" });
    const upload = await readImageUploadForm(request, env.maxUploadBytes);
    const row = await uploadImage(getDb(), upload, user.id);
    return reply(201, {
      message: "رُفعت الصورة",
      image: { id: row.id, src: row.path, width: row.width, height: row.height, alt: row.alt, caption: row.caption },
    });
  } catch (error) {
    // A refused file (400, or 413 when too large) names the field to fix.
    const answer = errorAnswer(error);
    if (answer) return reply(answer.status, { message: answer.message, fieldErrors: answer.fieldErrors });
    if (isDatabaseUnavailable(error)) return reply(503, { message: DATABASE_UNAVAILABLE_MESSAGE });
    console.error("image upload failed", error);
    return reply(500, { message: "حدث خطأ غير متوقع، ولم تُرفع الصورة. حاول مجدداً." });
  }
}
