import "server-only";
import type { Database } from "@/db/client";
import { media, type Media } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { ACCEPTED_IMAGE_TYPES, storeImage } from "@/lib/media/storage";

export type ImageUpload = { file: File | null | undefined; alt: string; caption?: string; credit?: string };

const MAX_TEXT = 300;

/**
 * Validates an uploaded image (type, size, alt text), re-encodes it through storeImage and records
 * a media row. The browser's declared type is only a first filter: sharp must decode the bytes.
 */
export async function uploadImage(db: Database, upload: ImageUpload, userId: number | null): Promise<Media> {
  const errors: Record<string, string[]> = {};
  const alt = upload.alt.trim();
  const caption = (upload.caption ?? "").trim();
  const credit = (upload.credit ?? "").trim();
  const maxBytes = getEnv().maxUploadBytes;
  const file = upload.file;
  if (!file || file.size === 0) errors.file = ["اختر صورة لرفعها"];
  else if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) errors.file = ["الصيغ المقبولة: JPEG و PNG و WebP"];
  else if (file.size > maxBytes) errors.file = [`حجم الصورة أكبر من ${Math.floor(maxBytes / 1024 / 1024 * 10) / 10} ميغابايت`];
  if (!alt) errors.alt = ["النص البديل للصورة مطلوب"];
  else if (alt.length > MAX_TEXT) errors.alt = [`النص البديل أطول من ${MAX_TEXT} حرف`];
  if (caption.length > MAX_TEXT) errors.caption = [`التعليق أطول من ${MAX_TEXT} حرف`];
  if (credit.length > 120) errors.credit = ["اسم المصوّر أطول من 120 حرفاً"];
  if (Object.keys(errors).length || !file) throw new ValidationError(errors);

  let stored;
  try {
    stored = await storeImage(Buffer.from(await file.arrayBuffer()));
  } catch {
    throw new ValidationError({ file: ["تعذّرت قراءة الصورة؛ تأكد أنها ملف صورة سليم"] });
  }
  const [row] = await db
    .insert(media)
    .values({ ...stored, alt, caption, credit, createdBy: userId })
    .returning();
  return row!;
}
