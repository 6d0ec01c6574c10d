import "server-only";
import { eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { users, type User } from "@/db/schema";
import { hashPassword } from "@/lib/users/password";
import { NotFoundError, ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { slugify } from "@/lib/i18n/slug";
import { newUserSchema, passwordSchema, type NewUserInput } from "@/lib/users/schemas";

export async function createUser(db: Database, input: NewUserInput): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  const data = parsed.data;
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (taken) throw new ValidationError({ email: ["يوجد مستخدم بهذا البريد"] });
  const slug = await freeAuthorSlug(db, data.slug || slugify(data.displayName, 50) || data.email.split("@")[0]!);
  const [user] = await db
    .insert(users)
    .values({
      email: data.email,
      displayName: data.displayName,
      slug,
      bio: data.bio,
      role: data.role,
      passwordHash: await hashPassword(data.password),
    })
    .returning();
  return user!;
}

export async function resetPassword(db: Database, userId: number, password: string): Promise<void> {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new ValidationError({ password: parsed.error.issues.map((i) => i.message) });
  // Moving sessionsValidAfter forward signs out every existing session of this user.
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(parsed.data), sessionsValidAfter: new Date() })
    .where(eq(users.id, userId));
}

async function freeAuthorSlug(db: Database, base: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const [row] = await queryRows<{ taken: boolean }>(db, 
      sql`select exists(select 1 from ${users} where ${users.slug} = ${candidate}) as taken`,
    );
    if (!row?.taken) return candidate;
  }
  throw new Error(`no free author slug for ${base}`);
}

/**
 * Disables or re-enables an account. Disabling also moves sessionsValidAfter forward, so the
 * user's open sessions end at once. Nobody may disable their own account (no locking yourself out).
 */
export async function setUserDisabled(db: Database, userId: number, disabled: boolean, actorUserId: number): Promise<void> {
  if (disabled && userId === actorUserId) throw new ValidationError({ userId: ["لا يمكنك تعطيل حسابك أنت"] }, "لا يمكنك تعطيل حسابك أنت");
  const [row] = await db
    .update(users)
    .set(disabled ? { disabled, sessionsValidAfter: new Date() } : { disabled })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (!row) throw new NotFoundError("المستخدم غير موجود");
}

/**
 * Clears an account's login throttle (lib/auth/rate-limit.ts): its earlier failures no longer
 * count towards the per-account delay or any client's per-account limit. Per-client limits stay.
 */
export async function clearLoginThrottle(db: Database, userId: number, now = new Date()): Promise<void> {
  const [row] = await db.update(users).set({ loginThrottleClearedAt: now }).where(eq(users.id, userId)).returning({ id: users.id });
  if (!row) throw new NotFoundError("المستخدم غير موجود");
}
