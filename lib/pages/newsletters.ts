import "server-only";
import { getDb } from "@/db/client";
import { getDigestPage as readDigestPage } from "@/lib/newsletters/campaigns";
import { listActiveLists, preferencesByToken } from "@/lib/newsletters/subscriptions";

// What the reader's newsletter pages read. None is cached: they are per reader (a token) or small.

export function getSignupLists() {
  return listActiveLists(getDb());
}

export function getPreferences(token: string | null) {
  return preferencesByToken(getDb(), token);
}

export function getDigestPage(day: string) {
  return readDigestPage(getDb(), day);
}
