import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { getEnv } from "@/lib/env";
import { runImageJob } from "@/lib/media/image-jobs";
import { MAX_IMAGE_PIXELS, type MediaWidth } from "@/lib/media/rules";

const MAX_STORED_WIDTH = 2400;

export type StoredImage = { path: string; mimeType: "image/webp"; width: number; height: number; bytes: number };

/** Why an upload was refused; lib/media/commands.ts turns it into the Arabic message. */
export class ImageRejectedError extends Error {
  constructor(public readonly reason: "format" | "pixels" | "unreadable") {
    super(`image refused: ${reason}`);
  }
}

type AcceptedFormat = "jpeg" | "png" | "webp";

/**
 * The format the bytes say they are, from their first bytes alone: JPEG, PNG and WebP are the
 * only ones accepted. Everything else (SVG, GIF, TIFF, HEIC, AVIF…) is refused before libvips
 * parses any of it, whatever the file's name or the browser's declared type.
 */
export function sniffImageFormat(bytes: Uint8Array): AcceptedFormat | null {
  const startsWith = (signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte);
  if (startsWith([0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  return null;
}

/**
 * Checks an upload by its content: an accepted format by its magic bytes and by libvips's own
 * reading of the header, and no more than MAX_IMAGE_PIXELS (read from the header, before decoding).
 */
export async function inspectImage(input: Buffer): Promise<{ format: AcceptedFormat; width: number; height: number }> {
  const sniffed = sniffImageFormat(input);
  if (!sniffed) throw new ImageRejectedError("format");
  const metadata = await sharp(input)
    .metadata()
    .catch(() => {
      throw new ImageRejectedError("unreadable");
    });
  if (metadata.format !== sniffed) throw new ImageRejectedError("format");
  const { width, height } = metadata;
  if (!width || !height) throw new ImageRejectedError("unreadable");
  if (width * height > MAX_IMAGE_PIXELS) throw new ImageRejectedError("pixels");
  return { format: sniffed, width, height };
}

/**
 * Stores an uploaded image on local disk under the media dir. The bytes are decoded and
 * re-encoded, so what we keep is a real image with no metadata (EXIF location) and no smuggled
 * payload. Throws ImageRejectedError for anything but a sane JPEG, PNG or WebP.
 * Another backend (S3, …) only needs this and readImageVariant.
 */
export async function storeImage(input: Buffer): Promise<StoredImage> {
  await inspectImage(input);
  const encoded = await runImageJob(() =>
    sharp(input, { failOn: "error", limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize({ width: MAX_STORED_WIDTH, withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true }),
  ).catch(() => {
    // A header that reads but a body that does not decode (truncated, corrupt).
    throw new ImageRejectedError("unreadable");
  });
  const now = new Date();
  const relative = path.posix.join(
    String(now.getUTCFullYear()),
    String(now.getUTCMonth() + 1).padStart(2, "0"),
    `${randomBytes(12).toString("hex")}.webp`,
  );
  await writeFileAtomically(path.join(getEnv().mediaDir, relative), encoded.data);
  return {
    path: `/media/${relative}`,
    mimeType: "image/webp",
    width: encoded.info.width,
    height: encoded.info.height,
    bytes: encoded.data.length,
  };
}

// Originals are named by 96 random bits; a width's copy sits beside it as <name>.w<width>.webp,
// which this pattern does not match, so a copy is never served (or resized) as an original.
const ORIGINAL_PATH = /^\/media\/(\d{4}\/\d{2}\/[a-f0-9]{24})\.webp$/;

/** Whether a public path names a stored original (the only paths /media serves). */
export function isStoredImagePath(publicPath: string): boolean {
  return ORIGINAL_PATH.test(publicPath);
}

/** Where a width's copy of an original is kept (for tests and clean-ups). */
export function storedVariantFile(publicPath: string, width: MediaWidth): string | null {
  const match = ORIGINAL_PATH.exec(publicPath);
  return match ? path.join(getEnv().mediaDir, `${match[1]}.w${width}.webp`) : null;
}

/**
 * A stored image, as stored or at one of MEDIA_WIDTHS; null when there is no such image.
 * A width is made once (in an image slot, and once however many requests ask at the same time),
 * written beside the original, and read from disk ever after.
 */
export async function readImageVariant(publicPath: string, width: MediaWidth | undefined): Promise<Buffer | null> {
  const match = ORIGINAL_PATH.exec(publicPath);
  if (!match) return null;
  const originalFile = path.join(getEnv().mediaDir, `${match[1]}.webp`);
  if (!width) return readFileOrNull(originalFile);
  const variantFile = path.join(getEnv().mediaDir, `${match[1]}.w${width}.webp`);
  return (await readFileOrNull(variantFile)) ?? makeVariantOnce(originalFile, variantFile, width);
}

const variantsInProgress = new Map<string, Promise<Buffer | null>>();

function makeVariantOnce(originalFile: string, variantFile: string, width: MediaWidth): Promise<Buffer | null> {
  let job = variantsInProgress.get(variantFile);
  if (!job) {
    job = makeVariant(originalFile, variantFile, width).finally(() => variantsInProgress.delete(variantFile));
    variantsInProgress.set(variantFile, job);
  }
  return job;
}

async function makeVariant(originalFile: string, variantFile: string, width: MediaWidth): Promise<Buffer | null> {
  const original = await readFileOrNull(originalFile);
  if (!original) return null;
  return runImageJob(async () => {
    // Another instance sharing the media dir may have made it while this one waited.
    const madeMeanwhile = await readFileOrNull(variantFile);
    if (madeMeanwhile) return madeMeanwhile;
    const encoded = await sharp(original, { failOn: "error", limitInputPixels: MAX_IMAGE_PIXELS })
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    await writeFileAtomically(variantFile, encoded);
    return encoded;
  });
}

async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Readers (and other instances) see the whole file or none of it: a temp file, then a rename. */
async function writeFileAtomically(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, data, { flag: "wx" });
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
