import { z } from "zod";
import { getDb } from "@/db/client";
import { getApiArticleById } from "@/lib/articles/api-queries";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { keyActor } from "@/lib/articles/commands";
import { apiError, apiJson } from "@/lib/http/json";
import { withApiKey } from "@/lib/http/with-api-key";
import { postLiveEntry } from "@/lib/live/commands";
import { toApiLiveEntry } from "@/lib/live/api";
import { getLiveEntryView, listLiveEntries } from "@/lib/live/queries";
import { parseArticleIdParam } from "@/lib/routing/params";

export const dynamic = "force-dynamic";

const NOT_FOUND = "الخبر غير موجود";
const storyPath = z.object({ id: z.string().transform(parseArticleIdParam).pipe(z.number({ error: NOT_FOUND })) });

const entryBody = z.strictObject(
  {
    title: z.string({ error: "يجب أن يكون نصاً" }).optional(),
    body: z.unknown().optional(),
    bodyText: z.string({ error: "bodyText يجب أن يكون نصاً" }).max(100_000, { error: "النص طويل جداً" }).optional(),
    imageMediaId: z.number({ error: "يجب أن يكون رقماً" }).nullable().optional(),
    pinned: z.boolean({ error: "يجب أن يكون true أو false" }).optional(),
    key: z.boolean({ error: "يجب أن يكون true أو false" }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `حقول غير معروفة: ${issue.keys.join(", ")}` : "أرسل كائن JSON") },
);

/** GET /api/v1/articles/:id/live-entries — the coverage's entries as readers see them (pinned first, then newest). */
export const GET = withApiKey({ permission: "write", params: storyPath }, async ({ key, params }) => {
  const db = getDb();
  const article = await getApiArticleById(db, params.id, keyActor(key));
  if (!article) return apiError(404, NOT_FOUND);
  const entries = await listLiveEntries(db, params.id);
  return apiJson({ live: article.live, liveEndedAt: article.liveEndedAt, items: entries.map((entry) => toApiLiveEntry(article, entry)) });
});

/**
 * POST /api/v1/articles/:id/live-entries — `{ title, bodyText | body, pinned?, key?, imageMediaId? }`
 * posts an entry to a running coverage; 201 with the entry and its anchor URL on the story's page.
 */
export const POST = withApiKey({ permission: "postLiveEntries", params: storyPath, body: entryBody }, async ({ key, params, body }) => {
  if (body.body !== undefined && body.bodyText !== undefined) return apiError(400, "تحقق من الحقول", { body: ["أرسل body أو bodyText، لا كليهما"] });
  const db = getDb();
  const actor = keyActor(key);
  const article = await getApiArticleById(db, params.id, actor);
  if (!article) return apiError(404, NOT_FOUND);
  const entry = await postLiveEntry(
    db,
    params.id,
    {
      title: body.title ?? "",
      body: body.bodyText !== undefined ? bodyFromPlainText(body.bodyText) : (body.body ?? bodyFromPlainText("")),
      imageMediaId: body.imageMediaId ?? null,
      pinned: body.pinned ?? false,
      key: body.key ?? false,
    },
    actor,
  );
  return apiJson(toApiLiveEntry(article, (await getLiveEntryView(db, entry.id))!), 201);
});
