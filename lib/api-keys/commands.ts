import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { apiKeys, type UserRole } from "@/db/schema";
import { NotFoundError, ValidationError, fieldErrorsFromIssues } from "@/lib/errors";

// API keys are 32 random bytes (base64url) behind a visible prefix. They are stored as a SHA-256
// hash: with 256 bits of entropy a fast hash is enough (no dictionary to try), and it lets a
// request find its key with one indexed lookup.
export const API_KEY_PREFIX = "nr_live_";
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export const apiKeyRoles = ["admin", "editor", "writer"] as const satisfies readonly UserRole[];

export const newApiKeySchema = z.object({
  name: z.string({ error: "اسم المفتاح مطلوب" }).trim().min(2, { error: "اسم المفتاح مطلوب" }).max(80, { error: "الاسم أطول من 80 حرفاً" }),
  role: z.enum(apiKeyRoles, { error: "الدور يجب أن يكون admin أو editor أو writer" }),
});

export type NewApiKeyInput = z.input<typeof newApiKeySchema>;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** Creates a key and returns it in clear text: the only time it is ever visible. */
export async function createApiKey(
  db: Executor,
  input: NewApiKeyInput,
  createdBy: number | null,
): Promise<{ id: number; key: string; prefix: string; name: string; role: UserRole }> {
  const parsed = newApiKeySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  const key = generateApiKey();
  const prefix = key.slice(0, DISPLAY_PREFIX_LENGTH);
  const [row] = await db
    .insert(apiKeys)
    .values({ name: parsed.data.name, role: parsed.data.role, prefix, keyHash: hashApiKey(key), createdBy })
    .returning({ id: apiKeys.id });
  return { id: row!.id, key, prefix, name: parsed.data.name, role: parsed.data.role };
}

export async function revokeApiKey(db: Executor, keyId: number, now = new Date()): Promise<void> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw new NotFoundError("المفتاح غير موجود أو أُلغي من قبل");
}

/** The live key behind a presented secret, marking it used; null for unknown or revoked keys. */
export async function redeemApiKey(db: Executor, presented: string, now = new Date()): Promise<{ keyId: number; role: UserRole } | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 200) return null;
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.keyHash, hashApiKey(presented)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, role: apiKeys.role });
  return row ? { keyId: row.id, role: row.role } : null;
}
