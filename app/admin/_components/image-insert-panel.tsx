"use client";

import { useId, useState } from "react";
import { FieldError, errorProps } from "./form-kit";
import { sendImage } from "./image-upload";
import type { UploadedImage } from "./types";

/** Uploads an image for the body and hands back its path, size, alt and caption. */
export function ImageInsertPanel({
  onInsert,
  onCancel,
  maxBytes,
}: {
  onInsert: (image: UploadedImage) => void;
  onCancel: () => void;
  maxBytes: number;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState("");
  const [caption, setCaption] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);

  async function upload() {
    setBusy(true);
    const result = await sendImage({ file, alt, caption }, maxBytes);
    setBusy(false);
    if (result.image) onInsert(result.image);
    else setErrors(result.errors ?? {});
  }

  return (
    <div className="image-insert" role="group" aria-label="إدراج صورة في المتن">
      <div className="adm-field">
        <label htmlFor={`${id}-file`}>الصورة (JPEG أو PNG أو WebP، حتى {Math.round(maxBytes / 1024 / 102.4) / 10} ميغابايت)</label>
        <input
          id={`${id}-file`}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          {...errorProps(`${id}-file-error`, errors.file)}
        />
        <FieldError id={`${id}-file-error`} errors={errors.file} />
      </div>
      <div className="adm-field">
        <label htmlFor={`${id}-alt`}>النص البديل (مطلوب)</label>
        <input id={`${id}-alt`} type="text" value={alt} onChange={(e) => setAlt(e.target.value)} {...errorProps(`${id}-alt-error`, errors.alt)} />
        <FieldError id={`${id}-alt-error`} errors={errors.alt} />
      </div>
      <div className="adm-field">
        <label htmlFor={`${id}-caption`}>التعليق</label>
        <input id={`${id}-caption`} type="text" value={caption} onChange={(e) => setCaption(e.target.value)} />
      </div>
      <div className="adm-actions">
        <button type="button" className="adm-btn small" onClick={upload} disabled={busy}>
          {busy ? "جارٍ الرفع…" : "ارفع وأدرج"}
        </button>
        <button type="button" className="adm-btn small secondary" onClick={onCancel}>
          إلغاء
        </button>
      </div>
    </div>
  );
}
