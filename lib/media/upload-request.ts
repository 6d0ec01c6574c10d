import "server-only";
import { ValidationError } from "@/lib/errors";
import { readBodyWithin } from "@/lib/http/body-limit";
import { UploadTooLargeError, type ImageUpload } from "@/lib/media/commands";

/** Room in a multipart body beyond the file itself: boundaries, headers, alt, caption and credit. */
export const UPLOAD_FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads an image upload (multipart/form-data: file, alt, caption, credit) of at most `maxBytes`
 * for the file, through readBodyWithin: a declared Content-Length over the limit is refused before
 * reading anything, and the stream is counted as it arrives, so a missing or lying length cannot
 * get more through. Nothing is buffered beyond the limit. Throws UploadTooLargeError (413) or ValidationError (400).
 */
export async function readImageUploadForm(request: Request, maxBytes: number): Promise<ImageUpload> {
  const ceiling = maxBytes + UPLOAD_FORM_OVERHEAD_BYTES;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;/i.test(contentType)) throw unreadableForm();
  // No body at all reads as zero bytes, which the multipart parser refuses (unreadableForm).
  const body = await readBodyWithin(request, ceiling);
  if (body === null) throw new UploadTooLargeError(maxBytes);

  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw unreadableForm();
  }
  const file = form.get("file");
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return { file: file instanceof File ? file : null, alt: text("alt"), caption: text("caption"), credit: text("credit") };
}

const unreadableForm = () => new ValidationError({ file: ["تعذّرت قراءة الطلب؛ أعد اختيار الصورة وحاول مجدداً"] }, "تعذّر رفع الصورة");
