"use client";

import { useEffect } from "react";
import { VIEW_BEACON_PATH } from "@/lib/views/beacon-path";

/**
 * Counts a reading of the story for «الأكثر قراءة». Why an island at all: the article page is
 * served by the edge and the origin's cache, so the origin never sees most views; a beacon sent by
 * the reader's browser reaches it (the edge passes /api). Why JavaScript rather than an <img>: a
 * crawler that does not run scripts never counts, nor does a link prefetch; and a page the browser
 * prerenders counts only once the reader actually opens it. No cookie, nothing but the id is sent.
 */
export function ViewBeacon({ storyId }: { storyId: number }) {
  useEffect(() => {
    const send = () => {
      const body = JSON.stringify({ id: storyId });
      // sendBeacon survives the reader leaving at once; fetch is the fallback where it is missing or refused.
      if (!navigator.sendBeacon?.(VIEW_BEACON_PATH, body)) {
        fetch(VIEW_BEACON_PATH, { method: "POST", body, keepalive: true }).catch(() => {});
      }
    };
    const doc = document as Document & { prerendering?: boolean };
    if (!doc.prerendering) {
      send();
      return;
    }
    doc.addEventListener("prerenderingchange", send, { once: true });
    return () => doc.removeEventListener("prerenderingchange", send);
  }, [storyId]);
  return null;
}
