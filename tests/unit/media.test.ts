import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { ValidationError } from "@/lib/errors";
import { UploadTooLargeError } from "@/lib/media/commands";
import { imageJobLoad, runImageJob } from "@/lib/media/image-jobs";
import { canonicalMediaWidth, MEDIA_WIDTHS, resolveMediaRequest, UPLOAD_MESSAGES } from "@/lib/media/rules";
import { ImageRejectedError, inspectImage, sniffImageFormat } from "@/lib/media/storage";
import { readImageUploadForm, UPLOAD_FORM_OVERHEAD_BYTES } from "@/lib/media/upload-request";
import { paths } from "@/lib/urls";
import { solidImage, svgImage } from "@/tests/support/images";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "media-test-"));
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("MAX_UPLOAD_BYTES", "");
  resetEnvForTests();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  await rm(dataDir, { recursive: true, force: true });
});

describe("canonical widths", () => {
  it("are the widths the pages ask for, and any other width maps to the next one up", () => {
    expect(MEDIA_WIDTHS).toEqual([320, 640, 960, 1280]);
    expect(canonicalMediaWidth(10)).toBe(320);
    expect(canonicalMediaWidth(320)).toBe(320);
    expect(canonicalMediaWidth(321)).toBe(640);
    expect(canonicalMediaWidth(700)).toBe(960);
    expect(canonicalMediaWidth(9999)).toBe(1280);
    expect(paths.media("/media/2026/01/a.webp", 640)).toBe("/media/2026/01/a.webp?w=640");
  });

  it("serve only ?w=<canonical> or no query; other numbers and queries redirect, junk is not found", () => {
    expect(resolveMediaRequest("")).toEqual({ kind: "serve", width: undefined });
    expect(resolveMediaRequest("?w=640")).toEqual({ kind: "serve", width: 640 });
    expect(resolveMediaRequest("?w=0640")).toEqual({ kind: "redirect", width: 640 });
    expect(resolveMediaRequest("?w=641")).toEqual({ kind: "redirect", width: 960 });
    expect(resolveMediaRequest("?w=10")).toEqual({ kind: "redirect", width: 320 });
    expect(resolveMediaRequest("?w=999999")).toEqual({ kind: "redirect", width: 1280 });
    expect(resolveMediaRequest("?w=640&v=2")).toEqual({ kind: "redirect", width: 640 });
    expect(resolveMediaRequest("?v=2")).toEqual({ kind: "redirect", width: undefined });
    expect(resolveMediaRequest("?")).toEqual({ kind: "redirect", width: undefined });
    for (const junk of ["?w=abc", "?w=-1", "?w=1e3", "?w=64.0", "?w=", "?w=1234567"]) {
      expect(resolveMediaRequest(junk)).toEqual({ kind: "not-found" });
    }
  });

  it("make a srcset of canonical URLs, each described by the width it really serves", () => {
    const image = "/media/2026/01/a.webp";
    expect(paths.mediaSrcSet(image, 1600)).toBe(
      `${image}?w=320 320w, ${image}?w=640 640w, ${image}?w=960 960w, ${image}?w=1280 1280w`,
    );
    expect(paths.mediaSrcSet(image, 1600, [320, 640])).toBe(`${image}?w=320 320w, ${image}?w=640 640w`);
    // Never enlarged: w=960 of an 800-pixel image is 800 pixels, and w=1280 would be the same bytes.
    expect(paths.mediaSrcSet(image, 800)).toBe(`${image}?w=320 320w, ${image}?w=640 640w, ${image}?w=960 800w`);
    expect(paths.mediaSrcSet(image, 640)).toBe(`${image}?w=320 320w, ${image}?w=640 640w`);
    expect(paths.mediaSrcSet(image, 200)).toBe(`${image}?w=320 200w`);
  });
});

describe("upload content checks", () => {
  it("knows JPEG, PNG and WebP by their first bytes, and nothing else", async () => {
    expect(sniffImageFormat(await solidImage("jpeg"))).toBe("jpeg");
    expect(sniffImageFormat(await solidImage("png"))).toBe("png");
    expect(sniffImageFormat(await solidImage("webp"))).toBe("webp");
    expect(sniffImageFormat(await solidImage("gif"))).toBeNull();
    expect(sniffImageFormat(await solidImage("tiff"))).toBeNull();
    expect(sniffImageFormat(svgImage)).toBeNull();
    expect(sniffImageFormat(Buffer.from("RIFF\0\0\0\0WAVEfmt "))).toBeNull();
  });

  it("refuses other formats, unreadable bytes and too many pixels, with the reason", async () => {
    const reason = (input: Buffer) => inspectImage(input).then(() => null, (error: ImageRejectedError) => error.reason);
    expect(await reason(await solidImage("png"))).toBeNull();
    expect(await reason(svgImage)).toBe("format");
    expect(await reason(await solidImage("gif"))).toBe("format");
    expect(await reason(await solidImage("tiff"))).toBe("format");
    // JPEG magic bytes on a PNG body: the header must agree with the signature.
    const png = await solidImage("png");
    expect(await reason(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png]))).not.toBeNull();
    expect(await reason(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0]))).toBe("unreadable");
    // 48 million pixels of white compress to a small PNG: a decompression bomb in miniature.
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "white" } }).png({ compressionLevel: 1 }).toBuffer();
    expect(await reason(bomb)).toBe("pixels");
  });
});

describe("image jobs", () => {
  it("run one at a time however many are queued", async () => {
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        runImageJob(async () => {
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(imageJobLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it("free the slot when a job fails", async () => {
    await expect(runImageJob(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(imageJobLoad()).toEqual({ running: 0, waiting: 0 });
  });
});

describe("reading an upload request", () => {
  const maxBytes = 100 * 1024;
  const multipart = (file: Buffer) => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(file)], "x.jpg", { type: "image/jpeg" }));
    form.set("alt", "نص بديل");
    return new Request("http://site.test/admin/media/upload", { method: "POST", body: form });
  };

  it("parses the file and texts", async () => {
    const upload = await readImageUploadForm(multipart(Buffer.alloc(1000, 1)), maxBytes);
    expect(upload.file?.size).toBe(1000);
    expect(upload.alt).toBe("نص بديل");
    expect(upload.caption).toBe("");
  });

  it("refuses a body over the limit by its declared length, without reading it", async () => {
    let pulled = false;
    const body = new ReadableStream(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://site.test/admin/media/upload", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(maxBytes + UPLOAD_FORM_OVERHEAD_BYTES + 1) },
    } as RequestInit);
    const error = await readImageUploadForm(request, maxBytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadTooLargeError);
    expect((error as UploadTooLargeError).fieldErrors.file).toEqual([UPLOAD_MESSAGES.tooLarge(maxBytes)]);
    expect(pulled).toBe(false);
  });

  it("counts a body without a length as it streams, and stops at the limit", async () => {
    let sent = 0;
    const chunk = new Uint8Array(16 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request("http://site.test/admin/media/upload", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "multipart/form-data; boundary=x" },
    } as RequestInit);
    await expect(readImageUploadForm(request, maxBytes)).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(sent).toBeLessThan(maxBytes + UPLOAD_FORM_OVERHEAD_BYTES + 4 * chunk.byteLength);
  });

  it("refuses what is not a multipart form", async () => {
    const request = new Request("http://site.test/admin/media/upload", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    await expect(readImageUploadForm(request, maxBytes)).rejects.toBeInstanceOf(ValidationError);
  });
});
