"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { createApiKey, newApiKeySchema, revokeApiKey } from "@/lib/api-keys/commands";
import { staffAction, type FormState } from "@/lib/auth/action";
import { actionAccess } from "@/lib/auth/permissions";

export type CreatedKeyState = FormState<{ key?: string; name?: string; role?: string }>;

export const createApiKeyAction = staffAction(actionAccess.createApiKeyAction, newApiKeySchema, async (data, admin): Promise<CreatedKeyState> => {
  const created = await createApiKey(getDb(), data, admin.id);
  revalidatePath("/admin/api-keys");
  // The key travels back once, in this response; only its hash is stored.
  return {
    status: "ok",
    message: "أُنشئ المفتاح. انسخه الآن: لن يظهر مرة أخرى.",
    values: { key: created.key, name: created.name, role: created.role },
  };
});

export const revokeApiKeyAction = staffAction(
  actionAccess.revokeApiKeyAction,
  z.object({ keyId: z.coerce.number().int().positive() }),
  async (data): Promise<FormState> => {
    await revokeApiKey(getDb(), data.keyId);
    revalidatePath("/admin/api-keys");
    return { status: "ok", message: "أُلغي المفتاح." };
  },
);
