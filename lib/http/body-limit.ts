// Bodies of routes whose parser reads everything it is sent (next-auth's form parsing) are read
// here first, up to a limit, so a client cannot make the server buffer megabytes.

/**
 * The request's body if it is at most `limit` bytes, else null. The declared Content-Length is
 * checked first, and the stream is cut off at the limit, so a lying or absent length does not help.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function payloadTooLarge(limit: number): Response {
  return Response.json(
    { error: `الطلب أكبر من المسموح (${Math.round(limit / 1024)} كيلوبايت)` },
    { status: 413, headers: { "Cache-Control": "private, no-store" } },
  );
}
