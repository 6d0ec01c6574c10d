import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apiKeys, loginAttempts, sections, users } from "@/db/schema";
import { API_KEY_PREFIX, createApiKey, hashApiKey, redeemApiKey, revokeApiKey } from "@/lib/api-keys/commands";
import { apiFieldErrors, apiArticleInputSchema, resolveApiArticleInput } from "@/lib/articles/api-input";
import { getApiArticleById, getArticleDraftInput, listApiArticles } from "@/lib/articles/api-queries";
import { createArticle, updateArticle } from "@/lib/articles/commands";
import { attemptLogin } from "@/lib/auth/login";
import { readJsonBody, RequestBodyError } from "@/lib/http/json";
import {
  ACCOUNT_DELAY_BASE_MS,
  accountDelayMs,
  ATTEMPT_RETENTION_MS,
  MAX_ACCOUNT_DELAY_MS,
  MAX_FAILURES_PER_ACCOUNT_CLIENT,
  MAX_FAILURES_PER_CLIENT,
  pruneLoginAttempts,
  WINDOW_MS,
} from "@/lib/auth/rate-limit";
import { signTrustedDevice, verifyTrustedDevice } from "@/lib/auth/trusted-device";
import { VerificationSlots } from "@/lib/auth/verification-slots";
import { clientAddress, parseTrustedProxies } from "@/lib/http/client-address";
import { loadActiveStaffUser, revokeSession, roleAtLeast, SESSION_MAX_AGE_MS } from "@/lib/auth/staff";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "@/lib/errors";
import { clearLoginThrottle, createUser, resetPassword, setUserDisabled } from "@/lib/users/commands";
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

/** attemptLogin with a recorded, instant sleep: the delays it asked for, without waiting them. */
function recordingLogin() {
  const delays: number[] = [];
  const login = (input: Parameters<typeof attemptLogin>[1], now: Date, slots?: VerificationSlots) =>
    attemptLogin(db, input, now, { sleep: async (ms) => void delays.push(ms), slots });
  return { delays, login };
}

async function failTimes(email: string, ip: string, times: number, now: Date) {
  for (let i = 0; i < times; i++) {
    const result = await attemptLogin(db, { email, password: "wrong-password-x", ip }, at(now, i * 1000), { sleep: async () => {} });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
  }
}

async function userId(email: string): Promise<number> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row!.id;
}

describe("login throttle (database)", () => {
  it("refuses a client's 6th attempt on one account within 15 minutes, even with the right password, then lets it in", async () => {
    const t0 = new Date("2026-03-01T10:00:00Z");
    await failTimes("reporter@test.example", "198.51.100.1", MAX_FAILURES_PER_ACCOUNT_CLIENT, t0);
    const refused = await attemptLogin(db, { email: "Reporter@Test.example ", password: PASSWORD, ip: "198.51.100.1" }, at(t0, 60_000), {
      sleep: async () => {},
    });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited", message: expect.stringMatching(/محاولات كثيرة.*حاول بعد/) });
    // The oldest of the five failures leaves the window 15 minutes after it happened.
    const later = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "198.51.100.1" }, at(t0, WINDOW_MS + 5_000), {
      sleep: async () => {},
    });
    expect(later.ok).toBe(true);
  });

  it("wrong passwords from client A never lock out client B with the right password", async () => {
    const t0 = new Date("2026-03-02T10:00:00Z");
    const { delays, login } = recordingLogin();
    // A keeps hammering long after its own door has shut.
    for (let i = 0; i < 40; i++) await login({ email: "desk@test.example", password: `guess-${i}`, ip: "203.0.113.1" }, at(t0, i * 100));
    const fromA = await login({ email: "desk@test.example", password: PASSWORD, ip: "203.0.113.1" }, at(t0, 5_000));
    expect(fromA).toMatchObject({ ok: false, reason: "rate_limited" });
    const fromB = await login({ email: "desk@test.example", password: PASSWORD, ip: "203.0.113.2" }, at(t0, 6_000));
    expect(fromB.ok).toBe(true);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_ACCOUNT_DELAY_MS);
  });

  it("the per-account delay grows with failures from many clients, stays bounded, and never refuses the owner", async () => {
    expect([0, 1, 4].map(accountDelayMs)).toEqual([0, 0, 0]);
    expect(accountDelayMs(5)).toBe(ACCOUNT_DELAY_BASE_MS);
    expect(accountDelayMs(6)).toBeGreaterThan(accountDelayMs(5));
    expect(accountDelayMs(1_000_000)).toBe(MAX_ACCOUNT_DELAY_MS);
    expect(MAX_ACCOUNT_DELAY_MS).toBeLessThanOrEqual(5_000);

    const t0 = new Date("2026-03-03T10:00:00Z");
    const { delays, login } = recordingLogin();
    // A botnet: one guess per address, so no per-client rule ever trips.
    for (let i = 0; i < 30; i++) {
      const result = await login({ email: "chief@test.example", password: `guess-${i}`, ip: `198.18.0.${i + 1}` }, at(t0, i * 100));
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
    }
    // The first five failures cost nothing; each later one waits longer, up to the cap.
    expect(delays).toHaveLength(25);
    expect(delays.slice(0, 5)).toEqual([250, 500, 1000, 2000, 3000].map((ms) => Math.min(ms, MAX_ACCOUNT_DELAY_MS)));
    expect(delays.at(-1)).toBe(MAX_ACCOUNT_DELAY_MS);
    delays.length = 0;
    const owner = await login({ email: "chief@test.example", password: PASSWORD, ip: "198.18.1.1" }, at(t0, 4_000));
    expect(owner.ok).toBe(true);
    expect(delays).toEqual([MAX_ACCOUNT_DELAY_MS]);
  });

  it("a trusted-device cookie for the account skips the per-account delay; one for another account does not", async () => {
    const t0 = new Date("2026-03-04T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      await attemptLogin(db, { email: "desk@test.example", password: "nope-nope-nope", ip: `198.18.2.${i + 1}` }, at(t0, i * 100), {
        sleep: async () => {},
      });
    }
    const desk = await userId("desk@test.example");
    const chief = await userId("chief@test.example");
    const secret = "s".repeat(40);
    const cookie = signTrustedDevice(desk, secret, t0);
    expect(verifyTrustedDevice(cookie, secret, t0)).toBe(desk);

    const trusted = recordingLogin();
    const ok = await trusted.login(
      { email: "desk@test.example", password: PASSWORD, ip: "198.18.3.1", trustedDeviceUserId: verifyTrustedDevice(cookie, secret, t0) },
      at(t0, 2_000),
    );
    expect(ok.ok).toBe(true);
    expect(trusted.delays).toEqual([]);

    for (let i = 0; i < 12; i++) {
      await attemptLogin(db, { email: "desk@test.example", password: "nope-nope-nope", ip: `198.18.4.${i + 1}` }, at(t0, 3_000 + i * 100), {
        sleep: async () => {},
      });
    }
    const other = recordingLogin();
    await other.login({ email: "desk@test.example", password: PASSWORD, ip: "198.18.3.2", trustedDeviceUserId: chief }, at(t0, 5_000));
    expect(other.delays).toHaveLength(1);
  });

  it("limits one client across accounts, without touching other clients", async () => {
    const t0 = new Date("2026-03-05T10:00:00Z");
    for (let i = 0; i < MAX_FAILURES_PER_CLIENT; i++) {
      await attemptLogin(db, { email: `nobody${i}@test.example`, password: "wrong-password-x", ip: "192.0.2.50" }, at(t0, i * 1000), {
        sleep: async () => {},
      });
    }
    const sameClient = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "192.0.2.50" }, at(t0, 30_000));
    expect(sameClient).toMatchObject({ ok: false, reason: "rate_limited" });
    const otherClient = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "192.0.2.51" }, at(t0, 31_000));
    expect(otherClient.ok).toBe(true);
  });

  it("keys the limit by the socket address when no proxy is trusted: a client-sent X-Forwarded-For changes nothing", async () => {
    const t0 = new Date("2026-03-06T10:00:00Z");
    const fromSpoofer = (n: number) =>
      clientAddress(new Headers({ "x-forwarded-for": `10.9.${n}.1` }), "203.0.113.77", parseTrustedProxies(""));
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_CLIENT; i++) {
      const result = await attemptLogin(db, { email: "reporter@test.example", password: "wrong-password-x", ip: fromSpoofer(i) }, at(t0, i * 1000), {
        sleep: async () => {},
      });
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
    }
    const sixth = await attemptLogin(db, { email: "reporter@test.example", password: "wrong-password-x", ip: fromSpoofer(99) }, at(t0, 10_000), {
      sleep: async () => {},
    });
    expect(sixth).toMatchObject({ ok: false, reason: "rate_limited" });

    // Behind a trusted proxy (as in the e2e server) each forwarded client has its own count.
    const viaProxy = (n: number) => clientAddress(new Headers({ "x-forwarded-for": `10.8.${n}.1` }), "127.0.0.1", parseTrustedProxies("127.0.0.1"));
    expect(viaProxy(1)).not.toBe(viaProxy(2));
    const proxied = await attemptLogin(db, { email: "reporter@test.example", password: "wrong-password-x", ip: viaProxy(1) }, at(t0, 11_000), {
      sleep: async () => {},
    });
    expect(proxied).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("an admin clearing the throttle lets the refused client try again, without delay", async () => {
    const t0 = new Date("2026-03-07T10:00:00Z");
    await failTimes("reporter@test.example", "192.0.2.90", MAX_FAILURES_PER_ACCOUNT_CLIENT, t0);
    const before = await attemptLogin(db, { email: "reporter@test.example", password: PASSWORD, ip: "192.0.2.90" }, at(t0, 20_000));
    expect(before).toMatchObject({ ok: false, reason: "rate_limited" });
    await clearLoginThrottle(db, await userId("reporter@test.example"), at(t0, 30_000));
    const { delays, login } = recordingLogin();
    const after = await login({ email: "reporter@test.example", password: PASSWORD, ip: "192.0.2.90" }, at(t0, 40_000));
    expect(after.ok).toBe(true);
    expect(delays).toEqual([]);
    await expect(clearLoginThrottle(db, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses with the limit message when every password check slot stays busy", async () => {
    const slots = new VerificationSlots(1, 4, 30);
    let release!: () => void;
    const occupied = slots.run(() => new Promise<void>((resolve) => (release = resolve)));
    const result = await attemptLogin(db, { email: "chief@test.example", password: PASSWORD, ip: "192.0.2.95" }, new Date("2026-03-08T10:00:00Z"), {
      slots,
    });
    expect(result).toMatchObject({ ok: false, reason: "rate_limited", message: expect.stringContaining("محاولات كثيرة") });
    release();
    await occupied;
  });

  it("records every attempt, and a success clears the account's earlier failures", async () => {
    const t0 = new Date("2026-03-09T10:00:00Z");
    const before = await db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, "chief@test.example"));
    await failTimes("chief@test.example", "192.0.2.60", 4, t0);
    expect((await attemptLogin(db, { email: "chief@test.example", password: PASSWORD, ip: "192.0.2.60" }, at(t0, 5_000))).ok).toBe(true);
    await failTimes("chief@test.example", "192.0.2.60", 4, at(t0, 6_000));
    expect((await attemptLogin(db, { email: "chief@test.example", password: PASSWORD, ip: "192.0.2.60" }, at(t0, 20_000))).ok).toBe(true);
    const after = await db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, "chief@test.example"));
    expect(after[0]!.n - before[0]!.n).toBe(10);
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
});

describe("session re-check", () => {
  it("loads an active user, refuses a disabled one at once, and refuses tokens older than a password reset", async () => {
    const [desk] = await db.select().from(users).where(eq(users.email, "desk@test.example"));
    const session = (issuedAt: Date, sessionId = "session-a") => ({ userId: desk!.id, issuedAt, sessionId });
    expect(await loadActiveStaffUser(db, session(new Date(Date.now() + 1000)))).toMatchObject({ id: desk!.id, role: "editor", slug: "desk" });

    const [chief] = await db.select().from(users).where(eq(users.email, "chief@test.example"));
    await setUserDisabled(db, desk!.id, true, chief!.id);
    expect(await loadActiveStaffUser(db, session(new Date(Date.now() + 60_000)))).toBeNull();
    await setUserDisabled(db, desk!.id, false, chief!.id);

    const tokenBeforeReset = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await resetPassword(db, desk!.id, "a-brand-new-password");
    expect(await loadActiveStaffUser(db, session(tokenBeforeReset))).toBeNull();
    expect(await loadActiveStaffUser(db, session(new Date(Date.now() + 1000)))).not.toBeNull();
    expect(await loadActiveStaffUser(db, { userId: 999_999, issuedAt: new Date(), sessionId: "x" })).toBeNull();
    await resetPassword(db, desk!.id, PASSWORD);
  });

  it("refuses a session after its logout, keeps the user's other sessions, and refuses tokens without a session id", async () => {
    const [desk] = await db.select().from(users).where(eq(users.email, "desk@test.example"));
    const issuedAt = new Date(Date.now() + 60_000);
    const laptop = { userId: desk!.id, issuedAt, sessionId: "laptop-session" };
    const phone = { userId: desk!.id, issuedAt, sessionId: "phone-session" };
    expect(await loadActiveStaffUser(db, laptop)).not.toBeNull();
    await revokeSession(db, { sessionId: laptop.sessionId, userId: desk!.id, expiresAt: new Date(Date.now() + 3_600_000) });
    await revokeSession(db, { sessionId: laptop.sessionId, userId: desk!.id, expiresAt: new Date(Date.now() + 3_600_000) });
    expect(await loadActiveStaffUser(db, laptop)).toBeNull();
    expect(await loadActiveStaffUser(db, phone)).not.toBeNull();
    expect(await loadActiveStaffUser(db, { ...phone, sessionId: "" })).toBeNull();
    // However often next-auth slides the cookie forward, a session ends 12 hours after sign-in, so
    // the revoked row (kept that long) outlives every copy of the cookie.
    expect(await loadActiveStaffUser(db, phone, new Date(issuedAt.getTime() + SESSION_MAX_AGE_MS - 1000))).not.toBeNull();
    expect(await loadActiveStaffUser(db, phone, new Date(issuedAt.getTime() + SESSION_MAX_AGE_MS + 1000))).toBeNull();
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
    const article = await getApiArticleById(db, saved.id, { userId: null, role: "editor" });
    expect(article).toMatchObject({ section: "politics", authors: ["reporter"], tags: ["الحكومة"], status: "published", version: 1 });
    expect(article!.url).toMatch(/^https?:\/\/.+\/news\/\d+\//);

    const current = await getArticleDraftInput(db, saved.id, { userId: null, role: "editor" });
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
    const listed = await listApiArticles(db, { userId: null, role: "editor" }, { status: "published", tag: "الحكومة", limit: 10 });
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
