import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { getEnv } from "@/lib/env";

export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];

/** Widths the image route will produce; anything else is rounded up to the next one. */
export const IMAGE_WIDTHS = [320, 640, 960, 1280, 1600] as const;

const MAX_STORED_WIDTH = 2400;

export type StoredImage = { path: string; mimeType: "image/webp"; width: number; height: number; bytes: number };

/**
 * Stores an uploaded image on local disk under MEDIA dir. The bytes are decoded and re-encoded,
 * so what we keep is a real image with no metadata (EXIF location) and no smuggled payload.
 * Another backend (S3, …) only needs these two functions.
 */
export async function storeImage(input: Buffer): Promise<StoredImage> {
  const image = sharp(input, { failOn: "error", limitInputPixels: 40_000_000 }).rotate();
  const encoded = await image
    .resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  const now = new Date();
  const relative = path.posix.join(
    String(now.getUTCFullYear()),
    String(now.getUTCMonth() + 1).padStart(2, "0"),
    `${randomBytes(12).toString("hex")}.webp`,
  );
  const absolute = path.join(getEnv().mediaDir, relative);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, encoded.data);
  return {
    path: `/media/${relative}`,
    mimeType: "image/webp",
    width: encoded.info.width,
    height: encoded.info.height,
    bytes: encoded.data.length,
  };
}

/** Reads a stored image, resized to one of IMAGE_WIDTHS; null when the path is not ours. */
export async function readImage(publicPath: string, width: number | undefined): Promise<Buffer | null> {
  const relative = publicPath.replace(/^\/media\//, "");
  if (!/^\d{4}\/\d{2}\/[a-f0-9]{24}\.webp$/.test(relative)) return null;
  let original: Buffer;
  try {
    original = await readFile(path.join(getEnv().mediaDir, relative));
  } catch {
    return null;
  }
  if (!width) return original;
  const target = IMAGE_WIDTHS.find((w) => w >= width) ?? IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];
  return sharp(original).resize({ width: target, withoutEnlargement: true }).webp({ quality: 78 }).toBuffer();
}
