"use client";

import type { UploadedImage } from "./types";
import { MEDIA_UPLOAD_PATH, UPLOAD_MESSAGES } from "@/lib/media/rules";

type UploadResult =
  | { image: UploadedImage; errors: undefined; message: string | undefined }
  | { image: undefined; errors: Record<string, string[]>; message: string };

/**
 * Sends one image with its texts to the upload route (app/admin/media/upload); returns the media
 * row or the field errors to show. A file over `maxBytes` is refused here, before it is sent; the
 * server checks the same limit (and everything else) again.
 */
export async function sendImage(
  input: { file: File | null; alt: string; caption: string; credit?: string },
  maxBytes?: number,
): Promise<UploadResult> {
  if (input.file && maxBytes && input.file.size > maxBytes) {
    return { image: undefined, errors: { file: [UPLOAD_MESSAGES.tooLarge(maxBytes)] }, message: "تعذّر رفع الصورة" };
  }
  const data = new FormData();
  if (input.file) data.set("file", input.file);
  data.set("alt", input.alt);
  data.set("caption", input.caption);
  data.set("credit", input.credit ?? "");
  let status = 0;
  let body: { message?: string; fieldErrors?: Record<string, string[]>; image?: UploadedImage } = {};
  try {
    const response = await fetch(MEDIA_UPLOAD_PATH, { method: "POST", body: data, headers: { Accept: "application/json" } });
    status = response.status;
    body = (await response.json()) as typeof body;
  } catch {
    // Offline, or an answer that is not ours (a proxy's error page).
  }
  if (status === 201 && body.image) return { image: body.image, errors: undefined, message: body.message };
  const message = body.message ?? "تعذّر رفع الصورة؛ تحقق من الاتصال وحاول مجدداً.";
  return { image: undefined, errors: body.fieldErrors ?? { file: [message] }, message };
}
