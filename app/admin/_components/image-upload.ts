"use client";

import { idleFormStateForClient, type UploadedImage } from "./types";
import { uploadImageAction } from "@/app/admin/articles/actions";

/** Sends one image with its texts to the upload action; returns the media row or field errors. */
export async function sendImage(input: { file: File | null; alt: string; caption: string; credit?: string }) {
  const data = new FormData();
  if (input.file) data.set("file", input.file);
  data.set("alt", input.alt);
  data.set("caption", input.caption);
  data.set("credit", input.credit ?? "");
  const state = await uploadImageAction(idleFormStateForClient, data);
  if (state.status === "ok" && state.values) {
    return { image: state.values as unknown as UploadedImage, errors: undefined, message: state.message };
  }
  return { image: undefined, errors: state.fieldErrors ?? {}, message: state.message ?? "تعذّر رفع الصورة" };
}
