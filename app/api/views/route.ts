import { getAuthSecret } from "@/lib/env";
import { apiErrorResponse } from "@/lib/http/errors";
import { NO_STORE } from "@/lib/http/json";
import { requestClientAddress } from "@/lib/http/request-client";
import { isCrossSiteBeacon, readViewBeacon, recordView } from "@/lib/views/record";

export const dynamic = "force-dynamic";

// The view beacon (app/(site)/_components/view-beacon.tsx): `{"id": <story>}`, at most
// MAX_BEACON_BYTES. Public and cookie-free, so every answer is the same 204 whether the view was
// counted, a repeat, a bot's or another site's: a caller learns nothing about the counting. Bad
// input is a 400 with field errors (413 past the size limit); no query runs here.
export async function POST(request: Request): Promise<Response> {
  let storyId: number;
  try {
    ({ storyId } = await readViewBeacon(request));
  } catch (error) {
    const answer = apiErrorResponse(error);
    if (answer) return answer;
    throw error;
  }
  if (!isCrossSiteBeacon(request.headers)) {
    const view = {
      storyId,
      clientAddress: requestClientAddress(request.headers),
      userAgent: request.headers.get("user-agent") ?? "",
      now: new Date(),
    };
    await recordView(view, getAuthSecret());
  }
  return new Response(null, { status: 204, headers: NO_STORE });
}
