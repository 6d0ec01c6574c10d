import { randomBytes } from "node:crypto";
import sharp from "sharp";

// Test images made on the spot. Random noise barely compresses, so a high-quality noise JPEG is
// as heavy as a camera's photo: the only honest way to get a 4.5 MB JPEG without a fixture file.

/** A JPEG of random noise of at least `minBytes` (a few percent more). */
export async function noiseJpeg(minBytes: number): Promise<Buffer> {
  const width = 2560;
  // About one byte per pixel at quality 95; grow until big enough.
  let height = Math.ceil(minBytes / width);
  for (;;) {
    const jpeg = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    if (jpeg.length >= minBytes) return jpeg;
    height = Math.ceil(height * Math.max(1.02, (minBytes / jpeg.length) * 1.01));
  }
}

/** A small solid image in any format sharp writes. */
export function solidImage(format: "png" | "jpeg" | "webp" | "gif" | "tiff", width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } }).toFormat(format).toBuffer();
}

export const svgImage = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="red"/></svg>');
