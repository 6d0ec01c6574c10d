import "server-only";
import type { Database } from "@/db/client";
import { media, type Media } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { UPLOAD_MESSAGES } from "@/lib/media/rules";
import { ImageRejectedError, inspectImage, storeImage } from "@/lib/media/storage";

export type ImageUpload = { file: File | null | undefined; alt: string; caption?: string; credit?: string };

/** A file over MAX_UPLOAD_BYTES (or a request body that cannot hold less): answered with 413. */
export class UploadTooLargeError extends ValidationError {
  override readonly status = 413;

  constructor(maxBytes: number) {
    super({ file: [UPLOAD_MESSAGES.tooLarge(maxBytes)] });
  }
}

const MAX_TEXT = 300;

/**
 * Validates an uploaded image (size, alt text, and its format and pixel count by content: the
 * file's name and the browser's declared type are ignored), re-encodes it through storeImage and
 * records a media row.
 */
export async function uploadImage(db: Database, upload: ImageUpload, userId: number | null): Promise<Media> {
  const errors: Record<string, string[]> = {};
  const alt = upload.alt.trim();
  const caption = (upload.caption ?? "").trim();
  const credit = (upload.credit ?? "").trim();
  const maxBytes = getEnv().maxUploadBytes;
  const file = upload.file;
  if (file && file.size > maxBytes) throw new UploadTooLargeError(maxBytes);
  const bytes = file && file.size > 0 ? Buffer.from(await file.arrayBuffer()) : null;
  if (!bytes) errors.file = [UPLOAD_MESSAGES.missing];
  // The header alone says whether the file is acceptable: cheap, so it is reported with the rest.
  else {
    const rejection = await inspectImage(bytes).then(
      () => null,
      (error: unknown) => (error instanceof ImageRejectedError ? error.reason : Promise.reject(error)),
    );
    if (rejection) errors.file = [UPLOAD_MESSAGES[rejection]];
  }
  if (!alt) errors.alt = ["النص البديل للصورة مطلوب"];
  else if (alt.length > MAX_TEXT) errors.alt = [`النص البديل أطول من ${MAX_TEXT} حرف`];
  if (caption.length > MAX_TEXT) errors.caption = [`التعليق أطول من ${MAX_TEXT} حرف`];
  if (credit.length > 120) errors.credit = ["اسم المصوّر أطول من 120 حرفاً"];
  if (Object.keys(errors).length || !bytes) throw new ValidationError(errors);

  let stored;
  try {
    stored = await storeImage(db, bytes);
  } catch (error) {
    if (error instanceof ImageRejectedError) throw new ValidationError({ file: [UPLOAD_MESSAGES[error.reason]] });
    throw error;
  }
  const [row] = await db
    .insert(media)
    .values({ ...stored, alt, caption, credit, createdBy: userId })
    .returning();
  return row!;
}
