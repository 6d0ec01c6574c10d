import "server-only";
import { getEnv } from "@/lib/env";
import { edgePurgeHeaders } from "./edge-keys";

// The app tells the edge (Varnish, or a relay to a CDN) which cache tags changed: one `PURGE` with
// `xkey-purge: key1 key2 …` to every URL in EDGE_PURGE_URLS. A purge is best effort by design: a
// save never waits for it and never fails because of it (DESIGN.md "Caching and speed").
// No Next.js import here, so tests and scripts can send purges too.

const PURGE_TIMEOUT_MS = 2_000;

export type EdgePurgeResult = {
  url: string;
  ok: boolean;
  status?: number;
  /** Objects the edge dropped, from Varnish's `xkey-purged` answer header. */
  purged?: number;
  /** The error's name when no answer came (TimeoutError, ECONNREFUSED, …). */
  error?: string;
};

type SendOptions = { timeoutMs?: number; maxHeaderLength?: number };

/**
 * Sends the purge to every edge and resolves once each request has answered or failed; never
 * rejects. Keys that do not fit one header are split over several requests.
 */
export async function sendEdgePurge(
  urls: readonly string[],
  tags: Iterable<string>,
  { timeoutMs = PURGE_TIMEOUT_MS, maxHeaderLength }: SendOptions = {},
): Promise<EdgePurgeResult[]> {
  const headers = edgePurgeHeaders(tags, maxHeaderLength);
  if (!urls.length || !headers.length) return [];
  return Promise.all(urls.flatMap((url) => headers.map((keys) => purgeOne(url, keys, timeoutMs))));
}

async function purgeOne(url: string, keys: string, timeoutMs: number): Promise<EdgePurgeResult> {
  try {
    const response = await fetch(url, {
      method: "PURGE",
      headers: { "xkey-purge": keys },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) {
      warnOncePerMinute(url, `answered ${response.status}`);
      return { url, ok: false, status: response.status };
    }
    const purged = Number(response.headers.get("xkey-purged") ?? Number.NaN);
    return { url, ok: true, status: response.status, ...(Number.isInteger(purged) ? { purged } : {}) };
  } catch (error) {
    const reason = failureName(error);
    warnOncePerMinute(url, `failed (${reason})`);
    return { url, ok: false, error: reason };
  }
}

// An edge that is down fails every purge; one line a minute per edge says so without flooding the log.
const WARN_INTERVAL_MS = 60_000;
const lastWarning = new Map<string, { at: number; suppressed: number }>();

function warnOncePerMinute(url: string, what: string): void {
  const now = Date.now();
  const last = lastWarning.get(url);
  if (last && now - last.at < WARN_INTERVAL_MS) {
    last.suppressed++;
    return;
  }
  const more = last?.suppressed ? ` (and ${last.suppressed} more failures since the last report)` : "";
  console.warn(`edge purge: ${url} ${what}${more}`);
  lastWarning.set(url, { at: now, suppressed: 0 });
}

/** One word for the log, not a stack: fetch wraps the socket error (ECONNREFUSED) in its cause. */
function failureName(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === "string" ? cause.code : error.name;
}

const inFlight = new Set<Promise<unknown>>();

/**
 * Fire and forget: purges these cache tags at every edge in EDGE_PURGE_URLS (nothing when unset)
 * and returns at once. Failures are logged, never thrown.
 */
export function purgeEdge(tags: Iterable<string>): void {
  try {
    const urls = getEnv().edgePurgeUrls;
    if (!urls.length) return;
    // Copied now: the caller may reuse or mutate its collection after we return.
    const sending: Promise<unknown> = sendEdgePurge(urls, [...tags]).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  } catch (error) {
    console.warn(`edge purge skipped: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Resolves when every purge sent so far has finished: for a script that exits right after a write. */
export async function flushEdgePurges(): Promise<void> {
  await Promise.all([...inFlight]);
}
