import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";

// The /api/v1 wrapper: what each refusal looks like on the wire, and in which order the request's
// parts are checked. The key lookup is replaced so no database is needed.
const auth = vi.hoisted(() => ({ authenticateApiKey: vi.fn() }));
vi.mock("@/lib/auth/api", () => auth);

const { withApiKey } = await import("@/lib/http/with-api-key");

const writerKey = { keyId: 7, role: "writer" as const };
const context = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const post = (body: string, url = "http://site.test/api/v1/things/1", headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

const idPath = z.object({ id: z.string().regex(/^\d+$/, { error: "الشيء غير موجود" }).transform(Number) });
const body = z.strictObject({ title: z.string({ error: "العنوان نص" }) });

describe("withApiKey", () => {
  beforeEach(() => {
    auth.authenticateApiKey.mockReset();
    auth.authenticateApiKey.mockResolvedValue(writerKey);
  });

  it("answers 401 with a Bearer challenge when the key is missing, before reading anything", async () => {
    auth.authenticateApiKey.mockResolvedValue(null);
    const handler = vi.fn();
    const response = await withApiKey({ permission: "write", body }, handler)(post("{"), context());
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a key whose role lacks the route's permission with 403", async () => {
    const response = await withApiKey({ permission: "publish" }, async () => Response.json({}))(post("{}"), context());
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: new ForbiddenError().message });
  });

  it("answers a path that names nothing with 404 before the body is read", async () => {
    const response = await withApiKey({ permission: "write", params: idPath, body }, async () => Response.json({}))(post("not json"), context({ id: "x" }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "الشيء غير موجود" });
  });

  it("answers a bad query with 400 and its field errors", async () => {
    const query = z.object({ limit: z.coerce.number({ error: "limit رقم" }) });
    const response = await withApiKey({ permission: "write", query }, async () => Response.json({}))(
      new Request("http://site.test/api/v1/things?limit=many"),
      context(),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "معاملات الطلب غير صالحة", fieldErrors: { limit: ["limit رقم"] } });
  });

  it("answers bodies that are too large, not JSON or not valid with 413 and 400", async () => {
    const route = withApiKey({ permission: "write", body }, async ({ body: input }) => Response.json(input));
    const tooLarge = await route(post("{}", undefined, { "content-length": String(2 * 1024 * 1024) }), context());
    expect(tooLarge.status).toBe(413);
    const broken = await route(post("{"), context());
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: "جسم الطلب ليس JSON صالحاً" });
    const invalid = await route(post('{"title": 1}'), context());
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: "تحقق من الحقول", fieldErrors: { title: ["العنوان نص"] } });
    const ok = await route(post('{"title": "خبر"}'), context());
    expect(await ok.json()).toEqual({ title: "خبر" });
  });

  it("hands the handler the key and the parsed parts", async () => {
    const handler = vi.fn(async () => Response.json({ ok: true }));
    await withApiKey({ permission: "write", params: idPath, body }, handler)(post('{"title": "خبر"}'), context({ id: "12" }));
    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ key: writerKey, params: { id: 12 }, body: { title: "خبر" }, query: undefined }));
  });

  it("answers domain errors with their own status, and lets bugs through", async () => {
    const throwing = (error: Error) => withApiKey({ permission: "write" }, async () => Promise.reject(error))(post("{}"), context());
    const invalid = await throwing(new ValidationError({ title: ["مطلوب"] }, "تحقق من الحقول"));
    expect([invalid.status, await invalid.json()]).toEqual([400, { error: "تحقق من الحقول", fieldErrors: { title: ["مطلوب"] } }]);
    const missing = await throwing(new NotFoundError("الخبر غير موجود"));
    expect([missing.status, await missing.json()]).toEqual([404, { error: "الخبر غير موجود" }]);
    const conflict = await throwing(new VersionConflictError(4));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ currentVersion: 4 });
    expect(conflict.headers.get("cache-control")).toBe("private, no-store");
    const bug = new TypeError("bug");
    await expect(throwing(bug)).rejects.toBe(bug);
  });
});
