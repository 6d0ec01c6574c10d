// Image rules shared by the server and the editor's browser code: no server imports here.

/**
 * The only widths `/media/…?w=` serves, smallest first: the ones reader pages ask for (cards 320
 * and 640, the lead card and article 960, srcset and og:image up to 1280). Each is made once and
 * stored; any other `w` is redirected to one of these, so a URL cannot buy a fresh resize.
 */
export const MEDIA_WIDTHS = [320, 640, 960, 1280] as const;
export type MediaWidth = (typeof MEDIA_WIDTHS)[number];

/** The canonical width for a requested one: the next one up (never blurrier than asked), else the largest. */
export function canonicalMediaWidth(requested: number): MediaWidth {
  return MEDIA_WIDTHS.find((width) => width >= requested) ?? MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]!;
}

/** A stored image's URL, at a canonical width or as stored. */
export function mediaUrl(path: string, width?: MediaWidth): string {
  return width ? `${path}?w=${width}` : path;
}

/**
 * A `srcset` of a stored image at `widths` (canonical, smallest first). The route never enlarges
 * (storage.ts resizes withoutEnlargement), so a width above the stored image's serves the stored
 * width: that candidate is described by the width the browser really gets, and the wider ones
 * after it are left out, being the same picture under another URL.
 */
export function mediaSrcSet(path: string, storedWidth: number, widths: readonly MediaWidth[] = MEDIA_WIDTHS): string {
  const candidates: string[] = [];
  for (const width of widths) {
    candidates.push(`${mediaUrl(path, width)} ${Math.min(width, storedWidth)}w`);
    if (width >= storedWidth) break;
  }
  return candidates.join(", ");
}

/** Decoding is refused above this many pixels (a small PNG can claim 100 000 × 100 000). */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Where the editor sends images (app/admin/media/upload/route.ts). */
export const MEDIA_UPLOAD_PATH = "/admin/media/upload";

export const UPLOAD_MESSAGES = {
  missing: "اختر صورة لرفعها",
  format: "الصيغ المقبولة: JPEG و PNG و WebP فقط. هذا الملف ليس صورة بإحداها (SVG و GIF و TIFF وغيرها غير مقبولة).",
  pixels: `أبعاد الصورة كبيرة جداً: الحد ${MAX_IMAGE_PIXELS / 1_000_000} مليون بكسل (مثل 8000×5000). صغّرها ثم ارفعها.`,
  unreadable: "تعذّرت قراءة الصورة؛ تأكد أنها ملف صورة سليم",
  tooLarge: (maxBytes: number) => `حجم الصورة أكبر من ${Math.floor((maxBytes / 1024 / 1024) * 10) / 10} ميغابايت`,
} as const;

export type MediaRequest = { kind: "serve"; width: MediaWidth | undefined } | { kind: "redirect"; width: MediaWidth | undefined } | { kind: "not-found" };

/**
 * What `/media/<image>` does with its query string (`search`, with its "?"). Only `?w=<canonical>`
 * and no query at all are served; any other number (w=700, w=0640, w=99999) is redirected to the
 * next canonical width up, and any other query to the same image without it, so the set of URLs
 * that are served (and cached at the edge) is four widths and the original per image. A `w` that
 * is not a number is not ours: 404.
 */
export function resolveMediaRequest(search: string): MediaRequest {
  const params = new URLSearchParams(search);
  const requested = params.get("w");
  if (requested === null) return search === "" ? { kind: "serve", width: undefined } : { kind: "redirect", width: undefined };
  if (!/^\d{1,6}$/.test(requested)) return { kind: "not-found" };
  const width = canonicalMediaWidth(Number(requested));
  return search === `?w=${width}` ? { kind: "serve", width } : { kind: "redirect", width };
}
