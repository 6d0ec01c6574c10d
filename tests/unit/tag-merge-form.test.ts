import { describe, expect, it } from "vitest";
import { mergeTagFormSchema, toMergeFormError } from "@/app/admin/tags/merge-form";
import { ValidationError } from "@/lib/errors";
import { mergeTags } from "@/lib/tags/commands";

// The merge form's only named field is `into`; an error under any other key shows the generic
// «تحقق من الحقول المميزة» with nothing highlighted.
const formFields = Object.keys(mergeTagFormSchema.shape);

async function selfMergeError(): Promise<unknown> {
  // A tag merged into itself is refused before any query, so no database is needed.
  return mergeTags(undefined as never, 7, 7).then(
    () => null,
    (error: unknown) => error,
  );
}

describe("the tag merge form's error keys", () => {
  it("puts a merge into itself under the form's `into` field", async () => {
    const error = toMergeFormError(await selfMergeError());
    expect(error).toBeInstanceOf(ValidationError);
    const { fieldErrors } = error as ValidationError;
    expect(fieldErrors.into).toEqual(["لا يُدمج الوسم في نفسه"]);
    for (const key of Object.keys(fieldErrors)) expect(formFields).toContain(key);
  });

  it("keeps the message and any other field's errors", () => {
    const error = toMergeFormError(new ValidationError({ intoId: ["أ"], tagId: ["ب"] }, "رسالة")) as ValidationError;
    expect(error.message).toBe("رسالة");
    expect(error.fieldErrors).toEqual({ tagId: ["ب"], into: ["أ"] });
  });

  it("passes other errors through untouched", () => {
    const other = new Error("x");
    expect(toMergeFormError(other)).toBe(other);
    const plain = new ValidationError({ into: ["لا يوجد وسم بهذا الاسم"] });
    expect(toMergeFormError(plain)).toBe(plain);
  });

  it("asks for the target's name", () => {
    const parsed = mergeTagFormSchema.safeParse({ tagId: "3", into: "  " });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["into"]);
    expect(mergeTagFormSchema.parse({ tagId: "3", into: "الكرملين" })).toEqual({ tagId: 3, into: "الكرملين" });
  });
});
