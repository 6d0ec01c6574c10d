import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiKeys, loginAttempts, sections, users } from "@/db/schema";
import { API_KEY_PREFIX, createApiKey, hashApiKey, redeemApiKey, revokeApiKey } from "@/lib/api-keys/commands";
import { apiFieldErrors, apiArticleInputSchema, resolveApiArticleInput } from "@/lib/articles/api-input";
import { getApiArticleById, getArticleDraftInput, listApiArticles } from "@/lib/articles/api-queries";
import { createArticle, updateArticle } from "@/lib/articles/commands";
import { attemptLogin } from "@/lib/auth/login";
import { readJsonBody, RequestBodyError } from "@/lib/auth/api";
import { ATTEMPT_RETENTION_MS, clientIp, MAX_FAILURES, pruneLoginAttempts, WINDOW_MS } from "@/lib/auth/rate-limit";
import { loadActiveStaffUser, roleAtLeast } from "@/lib/auth/staff";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";
import { createUser, resetPassword, setUserDisabled } from "@/lib/users/commands";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;
const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await createUser(db, { email: "reporter@test.example", displayName: "مراسلة", slug: "reporter", role: "writer", password: PASSWORD });
  await createUser(db, { email: "desk@test.example", displayName: "مكتب الأخبار", slug: "desk", role: "editor", password: PASSWORD });
  await createUser(db, { email: "chief@test.example", displayName: "رئيس التحرير", slug: "chief", role: "admin", password: PASSWORD });
});
afterAll(() => close());

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

async function failTimes(email: string, ip: string, times: number, now: Date) {
  for (let i = 0; i < times; i++) {
    const result = await attemptLogin(db, { email, password: "wrong-password-x", ip }, at(now, i * 1000));
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
  }
}

describe("login rate limit (database)", () => {
  it("refuses the 6th attempt within 15 minutes even with the right password, then lets it in after the window", async () => {
    const t0 = new Date("2026-03-01T10:00:00Z");
    await failTimes("reporter@test.example", "198.51.100.1", MAX_FAILURES, t0);
    const refused = await attemptLogin(db, { email: "Reporter@Test.example ", password: PASSWORD, ip: "198.51.100.2" }, at(t0, 60_000));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.reason).toBe("rate_limited");
    expect(refused.message).toMatch(/محاولات كثيرة.*حاول بعد/);
    // The oldest of the five failures leaves the window 15 minutes after it happened.
    const later = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "198.51.100.2" }, at(t0, WINDOW_MS + 5_000));
    expect(later.ok).toBe(true);
  });

  it("limits unknown emails per account too, from any IP", async () => {
    const t0 = new Date("2026-03-02T10:00:00Z");
    for (let i = 0; i < MAX_FAILURES; i++) {
      await attemptLogin(db, { email: "ghost@test.example", password: "nope-nope-nope", ip: `203.0.113.${i + 1}` }, at(t0, i * 1000));
    }
    const sixth = await attemptLogin(db, { email: "ghost@test.example", password: "nope-nope-nope", ip: "203.0.113.99" }, at(t0, 10_000));
    expect(sixth).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("limits per IP across accounts, without touching other IPs", async () => {
    const t0 = new Date("2026-03-03T10:00:00Z");
    for (let i = 0; i < MAX_FAILURES; i++) {
      await attemptLogin(db, { email: `nobody${i}@test.example`, password: "wrong-password-x", ip: "192.0.2.50" }, at(t0, i * 1000));
    }
    const sameIp = await attemptLogin(db, { email: "desk@test.example", password: PASSWORD, ip: "192.0.2.50" }, at(t0, 10_000));
    expect(sameIp).toMatchObject({ ok: false, reason: "rate_limited" });
    const otherIp = await attemptLogin(db, { email: "desk@test.example", password: PASSWORD, ip: "192.0.2.51" }, at(t0, 11_000));
    expect(otherIp.ok).toBe(true);
  });

  it("records every attempt, and a success clears the account's earlier failures", async () => {
    const t0 = new Date("2026-03-04T10:00:00Z");
    const before = await db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, "chief@test.example"));
    await failTimes("chief@test.example", "192.0.2.60", 4, t0);
    expect((await attemptLogin(db, { email: "chief@test.example", password: PASSWORD, ip: "192.0.2.61" }, at(t0, 5_000))).ok).toBe(true);
    await failTimes("chief@test.example", "192.0.2.62", 4, at(t0, 6_000));
    expect((await attemptLogin(db, { email: "chief@test.example", password: PASSWORD, ip: "192.0.2.63" }, at(t0, 20_000))).ok).toBe(true);
    const after = await db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, "chief@test.example"));
    expect(after[0]!.n - before[0]!.n).toBe(10);
    const successes = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(eq(loginAttempts.succeeded, true));
    expect(successes[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("prunes attempts older than the retention period only", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    await db.insert(loginAttempts).values([
      { email: "old@test.example", ip: "192.0.2.80", succeeded: false, attemptedAt: new Date(now.getTime() - ATTEMPT_RETENTION_MS - 1000) },
      { email: "old@test.example", ip: "192.0.2.80", succeeded: false, attemptedAt: new Date(now.getTime() - 1000) },
    ]);
    await pruneLoginAttempts(db, now);
    const left = await db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, "old@test.example"));
    expect(left[0]!.n).toBe(1);
  });

  it("takes the first X-Forwarded-For hop, then X-Real-IP", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientIp({ "x-real-ip": "198.51.100.7" })).toBe("198.51.100.7");
    expect(clientIp({})).toBe("unknown");
  });
});

describe("session re-check", () => {
  it("loads an active user, refuses a disabled one at once, and refuses tokens older than a password reset", async () => {
    const [desk] = await db.select().from(users).where(eq(users.email, "desk@test.example"));
    const issuedAt = new Date(Date.now() + 1000);
    expect(await loadActiveStaffUser(db, desk!.id, issuedAt)).toMatchObject({ id: desk!.id, role: "editor", slug: "desk" });

    const [chief] = await db.select().from(users).where(eq(users.email, "chief@test.example"));
    await setUserDisabled(db, desk!.id, true, chief!.id);
    expect(await loadActiveStaffUser(db, desk!.id, new Date(Date.now() + 60_000))).toBeNull();
    await setUserDisabled(db, desk!.id, false, chief!.id);

    const tokenBeforeReset = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await resetPassword(db, desk!.id, "a-brand-new-password");
    expect(await loadActiveStaffUser(db, desk!.id, tokenBeforeReset)).toBeNull();
    expect(await loadActiveStaffUser(db, desk!.id, new Date(Date.now() + 1000))).not.toBeNull();
    expect(await loadActiveStaffUser(db, 999_999, new Date())).toBeNull();
  });

  it("refuses a disabled account at login, and refuses disabling yourself", async () => {
    const [reporter] = await db.select().from(users).where(eq(users.email, "reporter@test.example"));
    const [chief] = await db.select().from(users).where(eq(users.email, "chief@test.example"));
    await setUserDisabled(db, reporter!.id, true, chief!.id);
    const result = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "192.0.2.70" });
    expect(result).toMatchObject({ ok: false, reason: "disabled" });
    await setUserDisabled(db, reporter!.id, false, chief!.id);
    await expect(setUserDisabled(db, chief!.id, true, chief!.id)).rejects.toBeInstanceOf(ValidationError);
  });

  it("orders roles writer < editor < admin", () => {
    expect(roleAtLeast({ role: "admin" }, "editor")).toBe(true);
    expect(roleAtLeast({ role: "editor" }, "editor")).toBe(true);
    expect(roleAtLeast({ role: "writer" }, "editor")).toBe(false);
  });
});

describe("API keys", () => {
  it("stores only a SHA-256 hash, authenticates live keys, and refuses revoked ones", async () => {
    const created = await createApiKey(db, { name: "وكالة الأنباء", role: "writer" }, null);
    expect(created.key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(created.key.length).toBeGreaterThan(API_KEY_PREFIX.length + 40);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashApiKey(created.key));
    expect(row!.keyHash).not.toContain(created.key.slice(API_KEY_PREFIX.length));
    expect(row!.lastUsedAt).toBeNull();

    expect(await redeemApiKey(db, created.key)).toEqual({ keyId: created.id, role: "writer" });
    const [used] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(used!.lastUsedAt).not.toBeNull();
    expect(await redeemApiKey(db, `${created.key}x`)).toBeNull();
    expect(await redeemApiKey(db, "Bearer nonsense")).toBeNull();

    await revokeApiKey(db, created.id);
    expect(await redeemApiKey(db, created.key)).toBeNull();
    await expect(revokeApiKey(db, created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createApiKey(db, { name: "x", role: "admin" as "writer" }, null)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("API article input", () => {
  it("resolves section and author slugs, reports unknown ones under the API's field names, and maps status", async () => {
    const [section] = await db.insert(sections).values({ slug: "politics", name: "سياسة" }).returning();
    const bad = await resolveApiArticleInput(db, apiArticleInputSchema.parse({ title: "خبر", bodyText: "نص", section: "nope", authors: ["ghost"] }));
    expect(bad).toMatchObject({ fieldErrors: { section: [expect.any(String)], authors: [expect.stringContaining("ghost")] } });
    expect(apiArticleInputSchema.safeParse({ title: "x", colour: "red" }).success).toBe(false);

    const input = apiArticleInputSchema.parse({
      title: "اجتماع وزاري",
      bodyText: "الفقرة الأولى.\n\nالفقرة الثانية.",
      section: "politics",
      authors: ["reporter"],
      tags: ["الحكومة"],
      status: "published",
    });
    const resolved = await resolveApiArticleInput(db, input);
    if ("fieldErrors" in resolved) throw new Error(JSON.stringify(resolved.fieldErrors));
    expect(resolved.draft.sectionId).toBe(section!.id);
    expect(resolved.intent).toEqual({ action: "publish" });

    // A writer key may only draft: publishing is refused by createArticle.
    await expect(createArticle(db, resolved.draft, { userId: null, role: "writer" }, resolved.intent)).rejects.toBeInstanceOf(ForbiddenError);
    const saved = await createArticle(db, resolved.draft, { userId: null, role: "editor" }, resolved.intent);
    const article = await getApiArticleById(db, saved.id);
    expect(article).toMatchObject({ section: "politics", authors: ["reporter"], tags: ["الحكومة"], status: "published", version: 1 });
    expect(article!.url).toMatch(/^https?:\/\/.+\/news\/\d+\//);

    const current = await getArticleDraftInput(db, saved.id);
    const patch = await resolveApiArticleInput(db, apiArticleInputSchema.parse({ title: "عنوان معدل", version: 1 }), current!.draft);
    if ("fieldErrors" in patch) throw new Error("unexpected");
    await updateArticle(db, saved.id, 1, patch.draft, { userId: null, role: "editor" }, patch.intent);
    await expect(updateArticle(db, saved.id, 1, patch.draft, { userId: null, role: "editor" }, patch.intent)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    const backToDraft = await resolveApiArticleInput(
      db,
      apiArticleInputSchema.parse({ status: "draft", version: 2 }),
      current!.draft,
      "published",
    );
    expect(backToDraft).toMatchObject({ fieldErrors: { status: [expect.stringContaining("unpublished")] } });
    const listed = await listApiArticles(db, { status: "published", tag: "الحكومة", limit: 10 });
    expect(listed.items.map((item) => item.title)).toEqual(["عنوان معدل"]);
    expect(apiFieldErrors({ sectionId: ["x"], authorIds: ["y"], title: ["z"] })).toEqual({ section: ["x"], authors: ["y"], title: ["z"] });
  });
});

describe("API request bodies", () => {
  const streamed = (chunks: string[], headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/v1/articles", {
      method: "POST",
      headers,
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  const statusOf = async (request: Request, limit?: number) => {
    try {
      await readJsonBody(request, limit);
      return 200;
    } catch (error) {
      if (error instanceof RequestBodyError) return error.status;
      throw error;
    }
  };

  it("refuses a body over the limit by Content-Length and by the bytes actually read", async () => {
    expect(await statusOf(streamed(["{}"], { "content-length": "5000" }), 1000)).toBe(413);
    // A small (lying) Content-Length does not let a large body through.
    expect(await statusOf(streamed(['{"a":"', "x".repeat(600), "x".repeat(600), '"}'], { "content-length": "10" }), 1000)).toBe(413);
    expect(await statusOf(streamed(['{"title": "مقطوع']))).toBe(400);
    expect(await statusOf(streamed([]))).toBe(400);
    expect(await readJsonBody(streamed(['{"title":', ' "خبر"}']))).toEqual({ title: "خبر" });
  });
});
