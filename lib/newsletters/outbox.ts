import "server-only";
import { randomUUID } from "node:crypto";
import { getEnv } from "@/lib/env";

/** A Message-ID for one queued e-mail: fixed when queued, so every retry of it carries the same. */
export function newMessageId(label: string): string {
  const host = new URL(getEnv().siteUrl).hostname || "localhost";
  return `<${label}.${randomUUID()}@${host}>`;
}
