"use client";

import { useEffect, useState } from "react";

/**
 * The JSON at `url`, fetched once typing pauses for `delayMs`; a newer URL aborts the older
 * request. While typing, the last answer stays on screen; with no URL (an empty box) there is none.
 */
export function useDebouncedJson<T>(url: string | null, delayMs: number): T | null {
  const [latest, setLatest] = useState<T | null>(null);
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(url, { signal: controller.signal });
        if (response.ok) setLatest((await response.json()) as T);
      } catch {
        // aborted: a newer request is on its way (or the network is away; keep the last answer)
      }
    }, delayMs);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [url, delayMs]);
  return url ? latest : null;
}
