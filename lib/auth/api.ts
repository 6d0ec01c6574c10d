import "server-only";
import { getDb } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { redeemApiKey } from "@/lib/api-keys/commands";

// Token auth for the JSON API (app/api/v1), called by withApiKey (lib/http/with-api-key.ts).

export type ApiKey = { keyId: number; role: UserRole };

/** The key behind `Authorization: Bearer nr_live_…`; null when missing, unknown or revoked. */
export async function authenticateApiKey(request: Request): Promise<ApiKey | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1]) return null;
  return redeemApiKey(getDb(), match[1]);
}
