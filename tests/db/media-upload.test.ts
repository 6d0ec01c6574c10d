import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getMedia } from "@/app/media/[...path]/route";
import type { Database } from "@/db/client";
import { media, mediaFiles } from "@/db/schema";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { uploadImage, UploadTooLargeError } from "@/lib/media/commands";
import { canonicalMediaWidth, UPLOAD_MESSAGES } from "@/lib/media/rules";
import { hasStoredVariant, readImageVariant, storeImage } from "@/lib/media/storage";
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

// Images live in the database (media_files): the original and each canonical width made from it,
// so every instance sharing the database serves every image. /media is exercised through its route.
const mediaRequest = (publicPath: string) => {
  const url = new URL(publicPath, "http://site.test");
  const segments = url.pathname.replace(/^\/media\//, "").split("/");
  return getMedia(new Request(url), { params: Promise.resolve({ path: segments }) });
};

describe("stored images", () => {
  it("are kept in the database, re-encoded, and served from it", async () => {
    const stored = await storeImage(db, await solidImage("jpeg", 1500, 1000));
    const [row] = await db.select().from(mediaFiles).where(and(eq(mediaFiles.path, stored.path), eq(mediaFiles.width, 0)));
    expect(row?.data.length).toBe(stored.bytes);
    expect((await sharp(row!.data).metadata()).format).toBe("webp");
    const response = await mediaRequest(stored.path);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(row!.data)).toBe(true);
  });

  it("refuse a decompression bomb before storing anything", async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "white" } }).png({ compressionLevel: 1 }).toBuffer();
    const before = await db.$count(mediaFiles);
    await expect(storeImage(db, bomb)).rejects.toMatchObject({ reason: "pixels" });
    expect(await db.$count(mediaFiles)).toBe(before);
  });
});

describe("stored widths", () => {
  it("are made once, kept beside the original, and served from the database after that", async () => {
    const stored = await storeImage(db, await solidImage("jpeg", 1500, 1000));
    expect(await hasStoredVariant(db, stored.path, 640)).toBe(false);

    const first = await mediaRequest(`${stored.path}?w=640`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/webp");
    expect(first.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const made = Buffer.from(await first.arrayBuffer());
    expect((await sharp(made).metadata()).width).toBe(640);
    expect(await hasStoredVariant(db, stored.path, 640)).toBe(true);

    // Whatever is stored is what is served: the second request does not resize again.
    const marker = await solidImage("webp", 640, 427);
    await db.update(mediaFiles).set({ data: marker }).where(and(eq(mediaFiles.path, stored.path), eq(mediaFiles.width, 640)));
    const second = await mediaRequest(`${stored.path}?w=640`);
    expect(Buffer.from(await second.arrayBuffer()).equals(marker)).toBe(true);
  });

  it("are made once when many ask at the same time", async () => {
    const stored = await storeImage(db, await solidImage("png", 1400, 800));
    const results = await Promise.all(Array.from({ length: 6 }, () => readImageVariant(db, stored.path, 960)));
    // The same bytes for all: a caller whose first read returned after the shared job ended reads
    // the stored width back (a different Buffer with the same bytes), so identity is not the test.
    expect(new Set(results.map((result) => result!.toString("base64"))).size).toBe(1);
    expect((await sharp(results[0]!).metadata()).width).toBe(960);
    expect(await db.$count(mediaFiles, and(eq(mediaFiles.path, stored.path), eq(mediaFiles.width, 960)))).toBe(1);
  });

  it("answers other widths with a redirect and unknown images with 404", async () => {
    const stored = await storeImage(db, await solidImage("png", 800, 600));
    for (const [query, location] of [
      ["?w=0640", `${stored.path}?w=640`],
      ["?w=700", `${stored.path}?w=960`],
      ["?w=5000", `${stored.path}?w=1280`],
      ["?w=320&x=1", `${stored.path}?w=320`],
      ["?utm_source=x", stored.path],
    ] as const) {
      const response = await mediaRequest(`${stored.path}${query}`);
      expect(response.status, query).toBe(301);
      expect(response.headers.get("location")).toBe(location);
      expect(await hasStoredVariant(db, stored.path, canonicalMediaWidth(700))).toBe(false);
    }
    const original = await mediaRequest(stored.path);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/webp");

    // A narrower original is not enlarged; its copy still has the canonical URL.
    const wide = await mediaRequest(`${stored.path}?w=1280`);
    expect((await sharp(Buffer.from(await wide.arrayBuffer())).metadata()).width).toBe(800);

    const missing = stored.path.replace(/[a-f0-9]{24}/, "0".repeat(24));
    for (const url of [missing, `${missing}?w=640`, `${stored.path}?w=abc`, `${stored.path.replace(".webp", ".w640.webp")}`, "/media/../../etc/passwd"]) {
      const response = await mediaRequest(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("an original an earlier version stored on disk is still served, and moved into the database", async () => {
    const legacyPath = "/media/2025/03/" + "ab".repeat(12) + ".webp";
    const bytes = await solidImage("webp", 900, 600);
    await mkdir(path.join(getEnv().mediaDir, "2025", "03"), { recursive: true });
    await writeFile(path.join(getEnv().mediaDir, legacyPath.replace(/^\/media\//, "")), bytes);
    const response = await mediaRequest(`${legacyPath}?w=640`);
    expect(response.status).toBe(200);
    expect((await sharp(Buffer.from(await response.arrayBuffer())).metadata()).width).toBe(640);
    expect(await db.$count(mediaFiles, and(eq(mediaFiles.path, legacyPath), eq(mediaFiles.width, 0)))).toBe(1);
  });
});
