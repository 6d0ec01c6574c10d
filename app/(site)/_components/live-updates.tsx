"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

// The live page's one client island. Every POLL_MS it asks /live-updates/<id> for the coverage's
// token, a few bytes that the edge caches for seconds and purges on every change; when the token
// moves it re-renders the page's server components in place (router.refresh), so new entries
// appear without a reload and without shipping an entry renderer to the browser. Polling rather
// than Server-Sent Events: a poll of a cached URL costs the origin one request per few seconds per
// coverage however many readers wait, where a stream holds one origin connection per reader.
const POLL_MS = 8_000;

export function LiveUpdates({ articleId, token }: { articleId: number; token: string }) {
  const router = useRouter();
  const seen = useRef(token);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    // A refresh brings the new token as a prop: from then on it is the one to compare with.
    if (seen.current !== token) setAnnouncement("وصلت تحديثات جديدة");
    seen.current = token;
  }, [token]);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (stopped || document.visibilityState === "hidden") return;
      try {
        const response = await fetch(`/live-updates/${articleId}`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const status = (await response.json()) as { token: string; state: string | null };
        if (status.token !== seen.current) router.refresh();
        if (status.state !== "live") stopped = true;
      } catch {
        // Offline for a moment: the next poll tries again.
      }
    };
    const timer = setInterval(poll, POLL_MS);
    const onVisible = () => void (document.visibilityState === "visible" && poll());
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [articleId, router]);

  return (
    <p className="live-auto" data-testid="live-auto">
      يُحدَّث تلقائياً
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </p>
  );
}
