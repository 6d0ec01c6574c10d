import { readImage } from "@/lib/media/storage";

// Stored images, resized on request to one of a few widths (?w=640). Paths are content-addressed
// by a random name, so a long immutable cache is safe.
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const widthParam = new URL(request.url).searchParams.get("w");
  const width = widthParam && /^\d{2,4}$/.test(widthParam) ? Number(widthParam) : undefined;
  const image = await readImage(`/media/${path.join("/")}`, width);
  if (!image) return new Response("الصورة غير موجودة", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(image), {
    headers: {
      "Content-Type": "image/webp",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
