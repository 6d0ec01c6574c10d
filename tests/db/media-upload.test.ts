import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/db/client";
import { media, mediaFiles } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { uploadImage, UploadTooLargeError } from "@/lib/media/commands";
import { UPLOAD_MESSAGES } from "@/lib/media/rules";
import { noiseJpeg, solidImage, svgImage } from "@/tests/support/images";
import { openTestDatabase } from "./support";

// Uploads are checked by content and by MAX_UPLOAD_BYTES (5 MB here), never by name or declared
// type; a news photo of 4.5 MB goes through.
let db: Database;
let close: () => Promise<void>;
let dataDir: string;
const MAX = 5 * 1024 * 1024;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "media-upload-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("MAX_UPLOAD_BYTES", String(MAX));
  resetEnvForTests();
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
});
afterAll(async () => {
  await close();
  vi.unstubAllEnvs();
  resetEnvForTests();
  await rm(dataDir, { recursive: true, force: true });
});

const file = (bytes: Buffer, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });

async function refusal(run: Promise<unknown>): Promise<ValidationError> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("uploading an image", () => {
  it("accepts a 4.5 MB JPEG, whatever the browser called it, and stores a WebP", async () => {
    const photo = await noiseJpeg(4.5 * 1024 * 1024);
    expect(photo.length).toBeGreaterThan(4.5 * 1024 * 1024);
    expect(photo.length).toBeLessThan(MAX);
    const row = await uploadImage(db, { file: file(photo, "IMG_0001.bin", "application/octet-stream"), alt: "صورة من الميدان" }, null);
    expect(row.mimeType).toBe("image/webp");
    expect(row.width).toBeLessThanOrEqual(2400);
    const [storedFile] = await db.select().from(mediaFiles).where(and(eq(mediaFiles.path, row.path), eq(mediaFiles.width, 0)));
    expect(storedFile?.data.length).toBe(row.bytes);
    const [stored] = await db.select().from(media).where(eq(media.id, row.id));
    expect(stored?.alt).toBe("صورة من الميدان");
  }, 60_000);

  it("refuses a 6 MB JPEG as too large, with the Arabic message", async () => {
    const photo = await noiseJpeg(6 * 1024 * 1024);
    const error = await refusal(uploadImage(db, { file: file(photo, "big.jpg", "image/jpeg"), alt: "كبيرة" }, null));
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect(error.fieldErrors.file).toEqual(["حجم الصورة أكبر من 5 ميغابايت"]);
  }, 60_000);

  it("refuses SVG (even named .jpg), GIF and TIFF by their content, next to the file field", async () => {
    for (const [bytes, name, type] of [
      [svgImage, "photo.jpg", "image/jpeg"],
      [await solidImage("gif"), "anim.png", "image/png"],
      [await solidImage("tiff"), "scan.webp", "image/webp"],
    ] as const) {
      const error = await refusal(uploadImage(db, { file: file(bytes, name, type), alt: "صورة" }, null));
      expect(error.fieldErrors.file, name).toEqual([UPLOAD_MESSAGES.format]);
    }
  });

  it("reports a refused format together with a missing alt text", async () => {
    const error = await refusal(uploadImage(db, { file: file(svgImage, "x.jpg", "image/jpeg"), alt: " " }, null));
    expect(error.fieldErrors).toEqual({ file: [UPLOAD_MESSAGES.format], alt: ["النص البديل للصورة مطلوب"] });
  });

  it("refuses an image of more than 40 million pixels before decoding it", async () => {
    const sharp = (await import("sharp")).default;
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "white" } }).png({ compressionLevel: 1 }).toBuffer();
    const error = await refusal(uploadImage(db, { file: file(bomb, "bomb.png", "image/png"), alt: "قنبلة" }, null));
    expect(error.fieldErrors.file).toEqual([UPLOAD_MESSAGES.pixels]);
  });

  it("stores no row for a refused upload", async () => {
    const rows = await db.select({ alt: media.alt }).from(media);
    expect(rows.map((r) => r.alt)).toEqual(["صورة من الميدان"]);
  });
});
