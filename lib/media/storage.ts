import "server-only";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { getDb, type Executor } from "@/db/client";
import { mediaFiles } from "@/db/schema";
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
 * Stores an uploaded image in the database (media_files, width 0). The bytes are decoded and
 * re-encoded, so what we keep is a real image with no metadata (EXIF location) and no smuggled
 * payload. Throws ImageRejectedError for anything but a sane JPEG, PNG or WebP.
 * In the database rather than on a disk, so every instance sharing it serves every image.
 */
export async function storeImage(db: Executor, input: Buffer): Promise<StoredImage> {
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
  const publicPath = `/media/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${randomBytes(12).toString("hex")}.webp`;
  await db.insert(mediaFiles).values({ path: publicPath, width: ORIGINAL_WIDTH, data: encoded.data });
  return {
    path: publicPath,
    mimeType: "image/webp",
    width: encoded.info.width,
    height: encoded.info.height,
    bytes: encoded.data.length,
  };
}

/** The original's row in media_files; widths are stored under their own number. */
const ORIGINAL_WIDTH = 0;

// Originals are named by 96 random bits: /media/<year>/<month>/<24 hex>.webp.
const ORIGINAL_PATH = /^\/media\/(\d{4}\/\d{2}\/[a-f0-9]{24})\.webp$/;

/** Whether a public path names a stored original (the only paths /media serves). */
export function isStoredImagePath(publicPath: string): boolean {
  return ORIGINAL_PATH.test(publicPath);
}

/** Whether a width's copy of an image has been made and kept (for tests and diagnostics). */
export async function hasStoredVariant(db: Executor, publicPath: string, width: MediaWidth): Promise<boolean> {
  const rows = await db.select({ width: mediaFiles.width }).from(mediaFiles).where(and(eq(mediaFiles.path, publicPath), eq(mediaFiles.width, width)));
  return rows.length > 0;
}

async function readStored(db: Executor, publicPath: string, width: number): Promise<Buffer | null> {
  const [row] = await db.select({ data: mediaFiles.data }).from(mediaFiles).where(and(eq(mediaFiles.path, publicPath), eq(mediaFiles.width, width)));
  return row?.data ?? null;
}

/**
 * A stored image, as stored or at one of MEDIA_WIDTHS; null when there is no such image.
 * A width is made once (in an image slot, and once however many requests of this instance ask at
 * the same time; two instances racing both make it, and the first write wins), kept in the
 * database, and read from there ever after.
 */
export async function readImageVariant(db: Executor, publicPath: string, width: MediaWidth | undefined): Promise<Buffer | null> {
  if (!ORIGINAL_PATH.test(publicPath)) return null;
  if (!width) return readOriginal(db, publicPath);
  return (await readStored(db, publicPath, width)) ?? makeVariantOnce(db, publicPath, width);
}

/** What /media serves, from the process's database. */
export function readPublicImage(publicPath: string, width: MediaWidth | undefined): Promise<Buffer | null> {
  return readImageVariant(getDb(), publicPath, width);
}

const variantsInProgress = new Map<string, Promise<Buffer | null>>();

function makeVariantOnce(db: Executor, publicPath: string, width: MediaWidth): Promise<Buffer | null> {
  const key = `${publicPath}@${width}`;
  let job = variantsInProgress.get(key);
  if (!job) {
    job = makeVariant(db, publicPath, width).finally(() => variantsInProgress.delete(key));
    variantsInProgress.set(key, job);
  }
  return job;
}

async function makeVariant(db: Executor, publicPath: string, width: MediaWidth): Promise<Buffer | null> {
  const original = await readOriginal(db, publicPath);
  if (!original) return null;
  return runImageJob(async () => {
    // Another instance may have made it while this one waited for a slot.
    const madeMeanwhile = await readStored(db, publicPath, width);
    if (madeMeanwhile) return madeMeanwhile;
    const encoded = await sharp(original, { failOn: "error", limitInputPixels: MAX_IMAGE_PIXELS })
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    await db.insert(mediaFiles).values({ path: publicPath, width, data: encoded }).onConflictDoNothing();
    return (await readStored(db, publicPath, width)) ?? encoded;
  });
}

/**
 * The original from the database; one stored on disk by an earlier version (DATA_DIR/media) is
 * moved into the database the first time it is asked for, so upgrading loses no image.
 */
async function readOriginal(db: Executor, publicPath: string): Promise<Buffer | null> {
  const stored = await readStored(db, publicPath, ORIGINAL_WIDTH);
  if (stored) return stored;
  const match = ORIGINAL_PATH.exec(publicPath);
  const legacy = match ? await readFileOrNull(path.join(getEnv().mediaDir, `${match[1]}.webp`)) : null;
  if (!legacy) return null;
  await db.insert(mediaFiles).values({ path: publicPath, width: ORIGINAL_WIDTH, data: legacy }).onConflictDoNothing();
  return legacy;
}

async function readFileOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
