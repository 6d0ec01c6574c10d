import { edgeKeysHeader } from "@/lib/cache/edge-keys";
import { cacheTags } from "@/lib/cache/tags";
import { withDatabaseOutage } from "@/lib/http/errors";
import { currentLiveStatus } from "@/lib/live/announcements";

export const dynamic = "force-dynamic";

// GET /live-updates/<id>: the token of a public live coverage, `{ token, state }`, polled by the
// live page's island (app/(site)/_components/live-updates.tsx). Public and tiny: the edge keeps it
// for a few seconds and drops it at once on a change (its xkey is the story's tag, which every
// entry write purges), and the origin answers from memory (lib/live/announcements).
const EDGE_SECONDS = 5;

export const GET = withDatabaseOutage(async (_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> => {
  const raw = (await context.params).id;
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  const headers = {
    "Cache-Control": `public, max-age=0, s-maxage=${EDGE_SECONDS}`,
    ...(Number.isSafeInteger(id) ? { xkey: edgeKeysHeader([cacheTags.article(id)]) } : {}),
  };
  const status = Number.isSafeInteger(id) && id <= 2_147_483_647 ? await currentLiveStatus(id) : null;
  if (!status) return Response.json({ error: "لا توجد تغطية بهذا الرقم" }, { status: 404, headers });
  return Response.json(status, { headers });
});
