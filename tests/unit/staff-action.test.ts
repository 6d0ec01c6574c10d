import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { StaffUser } from "@/lib/auth/staff";
import { staffAction } from "@/lib/auth/action";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";

// The one wrapper every server action goes through. The user is passed in (staffAction's last
// argument) instead of read from a session, so its decisions run here without Next.js, next-auth
// or a database; nothing is mocked.

const user = (role: StaffUser["role"]): StaffUser => ({ id: 7, email: `${role}@example.test`, displayName: "اسم", slug: role, role });
const as = (role: StaffUser["role"] | null) => async () => (role ? user(role) : null);
const idle = { status: "idle" } as const;

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(key, item);
  return data;
}

const storySchema = z.object({
  title: z.string().trim().min(1, "العنوان مطلوب"),
  version: z.coerce.number().int().positive("رقم النسخة غير صالح"),
  tagNames: z.array(z.string()).default([]),
});

describe("staffAction", () => {
  it("refuses a role that is not listed, without calling the handler or reading the form", async () => {
    const handler = vi.fn(async () => ({ status: "ok" }) as const);
    const formData = form({ title: "عنوان" });
    const get = vi.spyOn(formData, "get");
    for (const role of ["writer", "editor"] as const) {
      const publish = staffAction(["admin"], storySchema, handler, as(role));
      expect(await publish(idle, formData)).toEqual({ status: "error", message: "ليست لديك صلاحية لهذا الإجراء" });
    }
    expect(handler).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
  });

  it("answers a missing session with the signed-out message, even for a call that carries no FormData", async () => {
    const handler = vi.fn(async () => ({ status: "ok" }) as const);
    const save = staffAction(["writer", "editor", "admin"], storySchema, handler, as(null));
    const signedOut = { status: "error", message: "انتهت جلستك. سجّل الدخول من جديد ثم أعد المحاولة." };
    expect(await save(idle, form({ title: "عنوان", version: "1" }))).toEqual(signedOut);
    expect(await save(idle, "not a form" as unknown as FormData)).toEqual(signedOut);
    expect(handler).not.toHaveBeenCalled();
  });

  it("returns zod's errors under each field, and echoes the typed text back without passwords", async () => {
    const handler = vi.fn(async () => ({ status: "ok" }) as const);
    const save = staffAction(["editor", "admin"], storySchema, handler, as("editor"));
    const state = await save(idle, form({ title: "   ", version: "zero", password: "secret", "tagNames[]": ["أ", "ب"] }));
    expect(state).toEqual({
      status: "error",
      message: "تحقق من الحقول المميزة",
      fieldErrors: { title: ["العنوان مطلوب"], version: [expect.any(String)] },
      values: { title: "   ", version: "zero", tagNames: ["أ", "ب"] },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("hands an allowed role the parsed, typed data and the user", async () => {
    const handler = vi.fn(async (data: z.output<typeof storySchema>, who: StaffUser) => ({ status: "ok" as const, message: `${who.role}:${data.version}` }));
    const save = staffAction(["editor", "admin"], storySchema, handler, as("admin"));
    expect(await save(idle, form({ title: " عنوان ", version: "3", "tagNames[]": ["بوتين"], $ACTION_ID_abc: "" }))).toEqual({
      status: "ok",
      message: "admin:3",
    });
    expect(handler).toHaveBeenCalledWith({ title: "عنوان", version: 3, tagNames: ["بوتين"] }, user("admin"));
  });

  it("turns domain errors into form states, keeping the typed text", async () => {
    const typed = { title: "عنوان", version: "2" };
    const failWith = (error: Error) => staffAction(["editor"], storySchema, async () => Promise.reject(error), as("editor"));

    expect(await failWith(new ValidationError({ slug: ["الرابط مستخدم"] }))(idle, form(typed))).toEqual({
      status: "error",
      message: "تحقق من الحقول المميزة",
      fieldErrors: { slug: ["الرابط مستخدم"] },
      values: typed,
    });
    expect(await failWith(new VersionConflictError(5))(idle, form(typed))).toMatchObject({
      status: "error",
      fieldErrors: {},
      values: { ...typed, currentVersion: 5 },
    });
    expect(await failWith(new ForbiddenError("لا يستطيع الكاتب النشر"))(idle, form(typed))).toEqual({
      status: "error",
      message: "لا يستطيع الكاتب النشر",
      values: typed,
    });
    expect(await failWith(new NotFoundError())(idle, form(typed))).toEqual({ status: "error", message: "غير موجود", values: typed });
  });

  it("reports anything else generically, without its text", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const state = await staffAction(["editor"], storySchema, async () => Promise.reject(new Error("column x does not exist")), as("editor"))(
      idle,
      form({ title: "عنوان", version: "1" }),
    );
    expect(state).toMatchObject({ status: "error", values: { title: "عنوان", version: "1" } });
    expect(JSON.stringify(state)).not.toContain("column x");
  });
});
