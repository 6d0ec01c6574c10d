import "server-only";
import { z } from "zod";
import { MAX_ROW_ID } from "@/db/ids";
import { getEnv } from "@/lib/env";
import { ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/json";
import { isBotUserAgent } from "@/lib/views/bots";
import { countKey, hourNumber, ViewBuffer } from "@/lib/views/buffer";
import { RedisViewStore } from "@/lib/views/redis-store";
import { REPEAT_WINDOW_MS, RepeatWindow, repeatViewKey, type ViewerFacts } from "@/lib/views/repeat-window";

// Counting one view from the beacon (app/api/views): no database work at all. The count goes to
// Redis when REDIS_URL is set (every instance shares one buffer and one repeat window), else, or
// while Redis is away, to this process's memory; flush.ts writes both to Postgres in batches.

/** The beacon carries a story id and nothing else; a few hundred bytes is plenty. */
export const MAX_BEACON_BYTES = 512;

const beaconSchema = z.object({
  id: z
    .number({ message: "معرّف الخبر مطلوب، رقماً صحيحاً" })
    .int({ message: "معرّف الخبر رقم صحيح" })
    .min(1, { message: "معرّف الخبر غير صالح" })
    .max(MAX_ROW_ID, { message: "معرّف الخبر غير صالح" }),
});

/**
 * The story id of a beacon, or a ValidationError (400 with field errors) / RequestBodyError (400,
 * 413). Whether the id names a public story is checked at the flush, in the same statement that
 * writes the counts, so an unknown or draft id costs no query here and is never stored.
 */
export async function readViewBeacon(request: Request): Promise<{ storyId: number }> {
  const parsed = beaconSchema.safeParse(await readJsonBody(request, MAX_BEACON_BYTES));
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues), "طلب مشاهدة غير صالح");
  return { storyId: parsed.data.id };
}

/**
 * A beacon another site's page sent (the browser says so in Sec-Fetch-Site): answered like any
 * other, never counted, so embedding our beacon elsewhere cannot push a story up the list.
 */
export function isCrossSiteBeacon(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  return site !== null && site !== "same-origin" && site !== "same-site";
}

export type ViewsState = { memory: ViewBuffer; window: RepeatWindow; redis: RedisViewStore | null };

// On globalThis: the beacon route, the flush route and instrumentation.ts are separate bundles in
// one process, and all of them must see the same buffer.
const STATE_KEY = Symbol.for("newsroom.views");
const holder = globalThis as typeof globalThis & { [STATE_KEY]?: ViewsState };

/** This process's views state if anything has used it yet. */
export function existingViewsState(): ViewsState | undefined {
  return holder[STATE_KEY];
}

export function viewsState(): ViewsState {
  let state = holder[STATE_KEY];
  if (!state) {
    const { redisUrl } = getEnv();
    const timeoutMs = Number(process.env.REDIS_TIMEOUT_MS);
    state = {
      memory: new ViewBuffer(),
      window: new RepeatWindow(),
      redis: redisUrl
        ? new RedisViewStore({ url: redisUrl, keyPrefix: process.env.REDIS_KEY_PREFIX || "newsroom:", ...(timeoutMs > 0 ? { timeoutMs } : {}) })
        : null,
    };
    holder[STATE_KEY] = state;
  }
  return state;
}

export type ViewOutcome = "counted" | "repeat" | "bot" | "full";

/**
 * Counts one view unless it comes from a bot or repeats the same reader's view of the same story
 * within REPEAT_WINDOW_MS. `secret` keys the repeat window (AUTH_SECRET; see repeat-window.ts).
 */
export async function recordView(view: ViewerFacts, secret: string, state: ViewsState = viewsState()): Promise<ViewOutcome> {
  if (isBotUserAgent(view.userAgent)) return "bot";
  const key = repeatViewKey(secret, view);
  const count = countKey(view.storyId, hourNumber(view.now.getTime()));
  if (state.redis?.ready) {
    try {
      if (!(await state.redis.firstView(key, REPEAT_WINDOW_MS))) return "repeat";
      return (await state.redis.add(count)) ? "counted" : "full";
    } catch (error) {
      // Redis went away mid-request: this view is counted here instead (possibly a repeat, once).
      state.redis.warn(`views: Redis failed (${(error as { code?: string }).code ?? "error"}); counting in this instance's memory`);
    }
  }
  if (!state.window.firstView(key, view.now.getTime())) return "repeat";
  return state.memory.add(view.storyId, hourNumber(view.now.getTime())) ? "counted" : "full";
}
