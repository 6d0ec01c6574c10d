import "server-only";
import { getDatabaseHandle, getDb } from "@/db/client";
import { readLiveToken } from "@/lib/live/queries";

// How an open live page learns that something changed, across instances. Every entry write
// NOTIFYs LIVE_CHANNEL with the story id (lib/live/commands), on commit. Each instance LISTENs and
// keeps the current token of the coverages its readers poll, dropping one when its story is
// announced; so the poll endpoint (app/live-updates) answers from memory, reading the database only
// after a change. A notification missed while the listener reconnects costs at most TOKEN_TTL_MS.

export const LIVE_CHANNEL = "live_coverage";
const TOKEN_TTL_MS = 30_000;
/** Coverages remembered per instance; a busy news day has a handful running at once. */
const MAX_REMEMBERED = 500;

type LiveStatus = { token: string; state: "live" | "ended" | null };
type State = {
  tokens: Map<number, { status: LiveStatus | null; readAt: number }>;
  /** Announcements heard: a read that started before one must not be remembered after it. */
  heard: number;
  listening: Promise<boolean> | null;
};

const STATE_KEY = Symbol.for("newsroom.live-announcements");
const holder = globalThis as unknown as { [STATE_KEY]?: State };
const state = (holder[STATE_KEY] ??= { tokens: new Map(), heard: 0, listening: null });

function ensureListening(): Promise<boolean> {
  state.listening ??= getDatabaseHandle()
    .listen(LIVE_CHANNEL, (payload) => {
      state.heard++;
      state.tokens.delete(Number(payload));
    })
    .then(
      () => true,
      () => {
        // No listener (the database is away): remember nothing, and try again on the next poll.
        state.listening = null;
        return false;
      },
    );
  return state.listening;
}

/** The coverage's current token and state, or null when the story is not public. */
export async function currentLiveStatus(articleId: number, now = new Date()): Promise<LiveStatus | null> {
  const listening = await ensureListening();
  const known = state.tokens.get(articleId);
  if (listening && known && Date.now() - known.readAt < TOKEN_TTL_MS) return known.status;
  // Read on the primary: a replica a moment behind would hand back the token from before the change.
  const heardBefore = state.heard;
  const status = await readLiveToken(getDb(), articleId, now);
  if (listening && state.heard === heardBefore) {
    state.tokens.delete(articleId);
    state.tokens.set(articleId, { status, readAt: Date.now() });
    if (state.tokens.size > MAX_REMEMBERED) state.tokens.delete(state.tokens.keys().next().value!);
  }
  return status;
}
