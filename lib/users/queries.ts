import "server-only";
import { asc } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";

export async function listUsers(db: Executor) {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      slug: users.slug,
      role: users.role,
      disabled: users.disabled,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.disabled), asc(users.displayName), asc(users.id));
}
