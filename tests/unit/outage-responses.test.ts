import { DrizzleQueryError } from "drizzle-orm/errors";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/db-errors";

// What an editor's form and an API client get back when the database is down. The session lookup
// is replaced so the action wrapper can be driven through an outage without Next.js or a database.
const session = vi.hoisted(() => ({ getStaffUser: vi.fn() }));
vi.mock("@/lib/auth/session", () => session);

const { staffAction } = await import("@/lib/auth/action");
const { withDatabaseOutage } = await import("@/lib/http/errors");

const refused = () =>
  new DrizzleQueryError("select \"id\" from \"users\" where \"id\" = $1", [1], Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
const editor = { id: 1, email: "e@example.test", displayName: "محرر", slug: "editor", role: "editor" as const };

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("staffAction when the database is down", () => {
  const save = staffAction(["editor"], z.object({ title: z.string() }), async () => {
    throw refused();
  });

  beforeEach(() => {
    session.getStaffUser.mockReset();
    vi.spyOn(console, "error").mockImplementation(() => {});
  });

  it("answers the session check's failure with the Arabic message and the text typed", async () => {
    session.getStaffUser.mockRejectedValue(refused());
    const state = await save({ status: "idle" }, form({ title: "عنوان الخبر", password: "secret" }));
    expect(state).toEqual({ status: "error", message: DATABASE_UNAVAILABLE_MESSAGE, values: { title: "عنوان الخبر" } });
  });

  it("answers the handler's failure the same way, without the driver's text", async () => {
    session.getStaffUser.mockResolvedValue(editor);
    const state = await save({ status: "idle" }, form({ title: "عنوان الخبر" }));
    expect(state).toEqual({ status: "error", message: DATABASE_UNAVAILABLE_MESSAGE, values: { title: "عنوان الخبر" } });
    expect(JSON.stringify(state)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|select/);
  });

  it("still rethrows what is not an outage", async () => {
    const bug = new TypeError("bug");
    session.getStaffUser.mockRejectedValue(bug);
    await expect(save({ status: "idle" }, form({ title: "x" }))).rejects.toBe(bug);
  });
});

describe("the JSON API when the database is down", () => {
  it("answers 503 database_unavailable with Retry-After, and nothing of the driver's text", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = withDatabaseOutage(async (_request: Request) => {
      throw refused();
    });
    const response = await handler(new Request("http://site.test/api/v1/tags"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.json()).toEqual({ error: "database_unavailable" });
  });

  it("lets other errors through, and answers normally otherwise", async () => {
    const bug = new TypeError("bug");
    await expect(withDatabaseOutage(async () => Promise.reject(bug))()).rejects.toBe(bug);
    const ok = await withDatabaseOutage(async () => Response.json({ ok: true }))();
    expect(ok.status).toBe(200);
  });
});
