"use client";

import { useId, useState } from "react";
import { FieldError, errorProps } from "./form-kit";
import { sendImage } from "./image-upload";
import { mediaUrl } from "@/lib/media/rules";

export type HeroValue = { id: number; src: string; alt: string } | null;

/** The lead image: uploaded with its alt text (required), caption and credit, stored as a media row. */
export function HeroPicker({
  value,
  onChange,
  errors,
  maxBytes,
  label = "الصورة الرئيسية",
}: {
  label?: string;
  value: HeroValue;
  onChange: (hero: HeroValue) => void;
  errors: string[] | undefined;
  maxBytes: number;
}) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState("");
  const [caption, setCaption] = useState("");
  const [credit, setCredit] = useState("");
  const [uploadErrors, setUploadErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function upload() {
    setBusy(true);
    const result = await sendImage({ file, alt, caption, credit }, maxBytes);
    setBusy(false);
    if (result.image) {
      onChange({ id: result.image.id, src: result.image.src, alt: result.image.alt });
      setUploadErrors({});
      setMessage(undefined);
      setFile(null);
      setAlt("");
      setCaption("");
      setCredit("");
    } else {
      setUploadErrors(result.errors ?? {});
      setMessage(result.message);
    }
  }

  return (
    <div className="adm-field">
      <span className="adm-label">{label}</span>
      {value ? (
        <div className="hero-preview">

          <img src={mediaUrl(value.src, 320)} alt={value.alt} />
          <div>
            <p className="adm-hint">{value.alt}</p>
            <button type="button" className="adm-btn small danger" onClick={() => onChange(null)}>
              أزل الصورة
            </button>
          </div>
        </div>
      ) : null}
      <input type="hidden" name="heroMediaId" value={value?.id ?? ""} />
      <label htmlFor={`${id}-file`} className="adm-hint">
        {value ? "استبدل الصورة" : "ارفع صورة"} (JPEG أو PNG أو WebP، حتى {Math.round(maxBytes / 1024 / 102.4) / 10} ميغابايت)
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        {...errorProps(`${id}-file-error`, uploadErrors.file ?? errors)}
      />
      <FieldError id={`${id}-file-error`} errors={uploadErrors.file ?? errors} />
      {file ? (
        <>
          <label htmlFor={`${id}-alt`} className="adm-hint">
            النص البديل (مطلوب)
          </label>
          <input id={`${id}-alt`} type="text" value={alt} onChange={(e) => setAlt(e.target.value)} {...errorProps(`${id}-alt-error`, uploadErrors.alt)} />
          <FieldError id={`${id}-alt-error`} errors={uploadErrors.alt} />
          <label htmlFor={`${id}-caption`} className="adm-hint">
            التعليق
          </label>
          <input id={`${id}-caption`} type="text" value={caption} onChange={(e) => setCaption(e.target.value)} />
          <label htmlFor={`${id}-credit`} className="adm-hint">
            المصوّر / المصدر
          </label>
          <input id={`${id}-credit`} type="text" value={credit} onChange={(e) => setCredit(e.target.value)} />
          <button type="button" className="adm-btn small" onClick={upload} disabled={busy}>
            {busy ? "جارٍ الرفع…" : "ارفع الصورة"}
          </button>
          {message && !Object.keys(uploadErrors).length ? <p className="adm-error">{message}</p> : null}
        </>
      ) : null}
    </div>
  );
}
