import { mediaUrl, resolveMediaRequest } from "@/lib/media/rules";
import { isStoredImagePath, readPublicImage } from "@/lib/media/storage";

// Stored images, as stored or at one of the canonical widths (lib/media/rules.ts MEDIA_WIDTHS),
// each width made once and then read from the database. Any other query is a cheap redirect, never a
// resize. Originals are named by a random name and never rewritten, and a width's copy is made
// from them, so every served URL keeps its bytes forever: a long immutable cache is safe.

const IMMUTABLE = "public, max-age=31536000, immutable";
// Canonical widths may change one day; a day is long enough for an edge to absorb repeats.
const REDIRECT_CACHE = "public, max-age=86400";

export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const publicPath = `/media/${(await params).path.join("/")}`;
  if (!isStoredImagePath(publicPath)) return notFound();
  const decision = resolveMediaRequest(new URL(request.url).search);
  if (decision.kind === "not-found") return notFound();
  if (decision.kind === "redirect") {
    // Relative, so it holds behind any proxy whatever Host the origin was reached by.
    return new Response(null, { status: 301, headers: { Location: mediaUrl(publicPath, decision.width), "Cache-Control": REDIRECT_CACHE } });
  }
  const image = await readPublicImage(publicPath, decision.width);
  if (!image) return notFound();
  return new Response(new Uint8Array(image), {
    headers: { "Content-Type": "image/webp", "Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff" },
  });
}

// Misses are not cached anywhere: an image uploaded a moment later must not stay hidden.
function notFound() {
  return new Response("الصورة غير موجودة", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
