import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { actionAccess, allowedRoles, pageAccess, ROLES as ROLES_WEAKEST_FIRST, routeAccess, wireApiAccess, type Permission } from "../lib/auth/permissions";
import { E2E_USERS } from "./support/accounts";
import { contextAs, expect, test } from "./support/fixtures";

// Authorization sweep (issue 4, "Tests"). Nothing here lists routes by hand: admin pages come from
// app/admin/**/page.tsx, route handlers from app/api/**/route.ts and app/admin/**/route.ts, server
// actions from the build's server-reference-manifest.json. The roles each one allows are the
// declarations it passes to its own check (pageAccess, actionAccess, routeAccess in
// lib/auth/permissions), imported here. A new page, route or action is swept the next time this
// runs; one without a declaration fails it loudly.

type Role = "admin" | "editor" | "writer";

type Identity = "anonymous" | "forged" | Role;

const ROOT = process.cwd();
const APP = path.join(ROOT, "app");
const ROLES: Role[] = [...ROLES_WEAKEST_FIRST];
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

// ---------------------------------------------------------------------------------------------
// Enumeration from the source tree.

function walk(dir: string, fileName: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full, fileName));
    else if (entry.name === fileName) found.push(path.relative(ROOT, full).split(path.sep).join("/"));
  }
  return found.sort();
}

/** app/admin/articles/[id]/page.tsx → /admin/articles/[id]; route groups `(x)` vanish. */
function routePattern(file: string): string {
  const segments = path.posix.dirname(file).split("/").slice(1); // drop "app"
  return "/" + segments.filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@")).join("/");
}

/** A declaration from lib/auth/permissions, looked up by route or action name; null when there is none. */
function declared(declarations: Record<string, readonly Role[]>, key: string): Role[] | null {
  return Object.hasOwn(declarations, key) ? [...declarations[key]!] : null;
}

type AdminPage = { file: string; pattern: string; guarded: boolean; roles: Role[] };

function adminPages(): AdminPage[] {
  return walk(path.join(APP, "admin"), "page.tsx").map((file) => {
    const text = read(file);
    const pattern = routePattern(file);
    return { file, pattern, guarded: /requireStaffPage\(/.test(text), roles: declared(pageAccess, pattern) ?? [] };
  });
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof HTTP_METHODS)[number];
type RouteHandler = { file: string; pattern: string; methods: Method[]; roles: Role[] | null };

function exportedMethods(text: string): Method[] {
  const methods = new Set<Method>();
  for (const match of text.matchAll(/export\s+(?:async\s+)?(?:function\s+|const\s+)(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) {
    methods.add(match[1] as Method);
  }
  for (const block of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of block[1]!.split(",")) {
      const exported = name.trim().split(/\s+as\s+/).pop()?.trim();
      if (exported && (HTTP_METHODS as readonly string[]).includes(exported)) methods.add(exported as Method);
    }
  }
  return HTTP_METHODS.filter((method) => methods.has(method));
}

function routeHandlers(): RouteHandler[] {
  const files = [...walk(path.join(APP, "api"), "route.ts"), ...walk(path.join(APP, "admin"), "route.ts")];
  return files.map((file) => {
    const text = read(file);
    const pattern = routePattern(file);
    return { file, pattern, methods: exportedMethods(text), roles: declared(routeAccess, pattern) };
  });
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
type AdminAction = { id: string; file: string; name: string; workers: string[]; roles: Role[] | null };

/**
 * Server actions from the build. Shape (Next 16): { node: { <actionId>: { workers: { "app/admin/tags/page": {...} },
 * filename: "app/admin/tags/actions.ts", exportedName: "renameTagAction" } }, edge: {...}, encryptionKey }.
 */
function adminActions(): AdminAction[] {
  const manifestPath = path.join(ROOT, ".next", "server", "server-reference-manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`no build manifest at ${manifestPath}; the sweep needs the built app`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, Record<string, ManifestEntry> | string>;
  const actions: AdminAction[] = [];
  for (const runtime of ["node", "edge"]) {
    const entries = manifest[runtime];
    if (!entries || typeof entries !== "object") continue;
    for (const [id, entry] of Object.entries(entries)) {
      const file = entry.filename ?? "";
      if (!file.startsWith("app/admin/")) continue;
      const name = entry.exportedName ?? "";
      actions.push({ id, file, name, workers: Object.keys(entry.workers), roles: declared(actionAccess, name) });
    }
  }
  return actions.sort((a, b) => `${a.file}#${a.name}`.localeCompare(`${b.file}#${b.name}`));
}

/** Every `export const X = staffAction(` and `export async function X` in app/admin/**\/actions.ts. */
function actionExportsInSource(): string[] {
  const names: string[] = [];
  for (const file of walk(path.join(APP, "admin"), "actions.ts")) {
    const text = read(file);
    for (const match of text.matchAll(/export\s+(?:const\s+(\w+)\s*=|async\s+function\s+(\w+))/g)) {
      names.push(`${file}#${match[1] ?? match[2]}`);
    }
  }
  return names.sort();
}

const tooWeak = (allowed: Role[]) => ROLES.filter((role) => !allowed.includes(role));

// Messages the app uses to refuse, read from where they are defined so a rewording does not break the sweep.
function constantIn(file: string, name: string): string {
  const match = new RegExp(`const\\s+${name}\\s*=\\s*"([^"]+)"`).exec(read(file));
  if (!match?.[1]) throw new Error(`${name} not found in ${file}`);
  return match[1];
}
const SIGNED_OUT_MESSAGE = constantIn("lib/auth/action.ts", "SIGNED_OUT_MESSAGE");
const WRONG_ROLE_MESSAGE = constantIn("lib/auth/action.ts", "WRONG_ROLE_MESSAGE");
const NOT_FOUND_HEADING = /<h1>([^<]+)<\/h1>/.exec(read("app/admin/not-found.tsx"))?.[1] ?? "ليست لديك صلاحية";

// ---------------------------------------------------------------------------------------------
// Sessions.

/** Roles get the sessions e2e/global-setup.ts saved (contextAs): this runs in beforeAll, where test fixtures cannot. */
async function contextFor(browser: Browser, identity: Identity): Promise<BrowserContext> {
  if (identity !== "anonymous" && identity !== "forged") return contextAs(browser, identity);
  const context = await browser.newContext();
  if (identity === "forged") {
    // Gets past proxy.ts (which only looks for the cookie), so the page, action or route must refuse by itself.
    const url = new URL(test.info().project.use.baseURL!);
    await context.addCookies([{ name: "next-auth.session-token", value: "forged.sweep.token", domain: url.hostname, path: "/" }]);
  }
  return context;
}

// ---------------------------------------------------------------------------------------------
// Dynamic segments: each `[name]` is filled by following a link from the page one level up, as an
// admin would (/admin/articles → /admin/articles/123 fills [id]); 1000 when no link is found.

async function fillPatterns(page: Page, patterns: string[]): Promise<Map<string, string>> {
  const filled = new Map<string, string>();
  const values = new Map<string, string>();
  const fill = async (pattern: string): Promise<string> => {
    const known = filled.get(pattern);
    if (known) return known;
    const segments = pattern.split("/");
    let concrete = "";
    for (const segment of segments.slice(1)) {
      const dynamic = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment);
      if (!dynamic) {
        concrete += `/${segment}`;
        continue;
      }
      const name = dynamic[1]!;
      let value: string | undefined;
      if (concrete.startsWith("/admin")) {
        await page.goto(concrete);
        const hrefs = await page.locator(`main a[href^="${concrete}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
        const escaped = concrete.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        value = hrefs.map((href) => new RegExp(`^${escaped}/(\\d+)(?:[/?#]|$)`).exec(href)?.[1]).find(Boolean);
      }
      value ??= values.get(name) ?? "1000";
      values.set(name, value);
      concrete += `/${value}`;
    }
    filled.set(pattern, concrete);
    return concrete;
  };
  // Shorter patterns first, so /admin/articles/[id] is known before /admin/articles/[id]/revisions/[revisionId].
  for (const pattern of [...patterns].sort((a, b) => a.split("/").length - b.split("/").length)) await fill(pattern);
  return filled;
}

/** What an admin sees on every listing and editor page, minus times: a change made by a refused call would show here. */
async function snapshot(page: Page, paths: string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const target of paths) {
    await page.goto(target);
    result[target] = await page.locator("main").evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("time").forEach((time) => time.remove());
      const fields = [...main.querySelectorAll("input, textarea, select")]
        .filter((field) => (field as HTMLInputElement).type !== "hidden" && (field as HTMLInputElement).type !== "password")
        .map((field) => `${field.getAttribute("name") ?? ""}=${(field as HTMLInputElement).value}`);
      return `${copy.innerText}\n${fields.join("\n")}`;
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

const pages = adminPages();
const handlers = routeHandlers();


test.describe("authorization sweep", () => {
  test.setTimeout(240_000);
  let contexts: Record<Identity, BrowserContext>;
  let adminPage: Page;
  let filled: Map<string, string>;

  test.beforeAll(async ({ browser }) => {
    const identities: Identity[] = ["anonymous", "forged", ...ROLES];
    contexts = Object.fromEntries(await Promise.all(identities.map(async (id) => [id, await contextFor(browser, id)] as const))) as Record<
      Identity,
      BrowserContext
    >;
    adminPage = await contexts.admin.newPage();
    const routePatterns = handlers.map((handler) => handler.pattern);
    filled = await fillPatterns(adminPage, [...pages.map((p) => p.pattern), ...routePatterns]);
  });

  test.afterAll(async () => {
    for (const context of Object.values(contexts ?? {})) await context.close();
  });

  test("the enumeration finds pages, route handlers and server actions, and understands each", async () => {
    const actions = adminActions();
    console.log(
      `sweep: ${pages.length} admin pages, ${handlers.length} route handlers (${handlers.reduce((n, h) => n + h.methods.length, 0)} methods), ${actions.length} admin server actions`,
    );
    expect(pages.length, "admin pages found under app/admin").toBeGreaterThan(0);
    expect(handlers.length, "route handlers found under app/api and app/admin").toBeGreaterThan(0);
    expect(actions.length, "admin server actions in .next/server/server-reference-manifest.json").toBeGreaterThan(0);
    for (const handler of handlers) expect(handler.methods, `${handler.file} exports no HTTP method the sweep recognises`).not.toEqual([]);
    for (const handler of handlers.filter((h) => h.pattern.startsWith("/admin/"))) {
      expect(handler.roles, `${handler.file} has no entry in routeAccess (lib/auth/permissions)`).not.toBeNull();
    }
    for (const action of actions) {
      expect(action.roles, `${action.file}#${action.name} has no entry in actionAccess (lib/auth/permissions)`).not.toBeNull();
      expect(action.roles!.length, `${action.file}#${action.name} allows no role`).toBeGreaterThan(0);
    }
    // The build must be of this source: every exported action in app/admin/**/actions.ts is in the manifest.
    const inManifest = new Set(actions.map((action) => `${action.file}#${action.name}`));
    for (const exported of actionExportsInSource()) expect(inManifest.has(exported), `${exported} missing from the build's manifest (stale build?)`).toBe(true);
    // Every admin page checks the session itself; only the sign-in page is open.
    for (const page of pages) {
      if (page.pattern === "/admin/login") continue;
      expect(page.guarded, `${page.file} does not call requireStaffPage()`).toBe(true);
      expect(page.roles.length, `${page.file} has no entry in pageAccess (lib/auth/permissions)`).toBeGreaterThan(0);
    }
  });

  test("admin pages: no session goes to the sign-in page, a too-weak role gets the not-found page", async () => {
    let checked = 0;
    for (const adminPageInfo of pages) {
      if (adminPageInfo.pattern === "/admin/login") {
        test.info().annotations.push({ type: "skipped", description: "/admin/login: the sign-in page is for signed-out visitors by design" });
        continue;
      }
      const target = filled.get(adminPageInfo.pattern)!;
      // Plain HTTP with each identity's cookies (fast); redirects are followed, as a browser would.
      for (const identity of ["anonymous", "forged"] as const) {
        const response = await contexts[identity].request.get(target);
        const body = await response.text();
        expect.soft(new URL(response.url()).pathname, `${identity} → ${target} must land on the sign-in page`).toBe("/admin/login");
        expect.soft(body, `${identity} → ${target} must show the sign-in form`).toContain('type="password"');
        checked++;
      }
      for (const role of ROLES) {
        const response = await contexts[role].request.get(target);
        const body = await response.text();
        expect.soft(new URL(response.url()).pathname, `${role} → ${target} must not be sent to sign in (the session is valid)`).not.toBe("/admin/login");
        expect.soft(response.status(), `${role} → ${target}: no server error`).toBeLessThan(500);
        // notFound() answers 404 with the admin's not-found page (in the RSC payload; the browser renders it).
        const refused = response.status() === 404 && body.includes(NOT_FOUND_HEADING);
        if (!adminPageInfo.roles.includes(role)) {
          expect.soft(refused, `${role} → ${target} (allowed: ${adminPageInfo.roles.join(", ")}) must get a 404 with the not-found page`).toBe(true);
        } else if (role === "admin") {
          // The positive control: the filled URL is a real page, so the 404s above are refusals, not a bad id.
          expect.soft(response.status(), `admin → ${target} must render the page (is the dynamic segment filled with a real id?)`).toBe(200);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("server actions: with no session and with each too-weak role every admin action is refused, and nothing changes", async () => {
    const actions = adminActions();
    expect(actions.length).toBeGreaterThan(0);
    const snapshotPages = pages
      .filter((p) => p.pattern !== "/admin/login" && p.pattern !== "/admin")
      .map((p) => filled.get(p.pattern)!)
      .filter(Boolean);
    const before = await snapshot(adminPage, snapshotPages);

    const origin = new URL(test.info().project.use.baseURL!).origin;
    // What a form submission through useActionState sends (logged from a real one in Chromium):
    // POST to the page with `Next-Action: <id>`, multipart, the FormData's own entries prefixed "_1_",
    // then field "0" = the argument list `[{"status":"idle"},"$K1"]`. "0" must come LAST: the server
    // decodes while the body streams in, and a "0" sent first resolves $K1 to an empty FormData.
    // (A plain object would put the integer-like key "0" first, hence FormData.)
    // The fields are plausible values, so a missing check would show up as a change in the snapshot.
    const fields: Record<string, string> = {
      title: "خبر من اختبار الصلاحيات",
      name: "مفتاح من اختبار الصلاحيات",
      email: `sweep${Date.now()}@e2e.example`,
      displayName: "حساب من اختبار الصلاحيات",
      role: "writer",
      password: "sweep-password-123",
      disabled: "true",
      into: "sweep",
      intent: "save",
    };
    const actionForm = (entries: Record<string, string>) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(entries)) form.append(`_1_${key}`, value);
      form.append("0", JSON.stringify([{ status: "idle" }, "$K1"]));
      return form;
    };
    const idFields = (target: string) => {
      const ids = [...target.matchAll(/\/(\d+)(?=\/|$)/g)].map((m) => m[1]!);
      const first = ids[0] ?? "1";
      return { id: first, articleId: first, revisionId: ids[1] ?? "1", version: "1", keyId: "1", tagId: "1", userId: "1" };
    };

    async function callAction(request: APIRequestContext, action: AdminAction, target: string, asText = false) {
      const headers = { "Next-Action": action.id, Accept: "text/x-component", Origin: origin };
      const response = asText
        ? await request.post(target, { headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" }, data: "[{},{}]", maxRedirects: 0 })
        : await request.post(target, { headers, multipart: actionForm({ ...fields, ...idFields(target) }), maxRedirects: 0 });
      return { status: response.status(), location: response.headers()["location"] ?? "", body: await response.text() };
    }

    let calls = 0;
    for (const action of actions) {
      const label = `${action.file}#${action.name}`;
      // Workers are the pages that import the action ("app/admin/tags/page"); post to one of them.
      const workerPatterns = action.workers.map((worker) => routePattern(`${worker}.tsx`));
      const worker = workerPatterns.find((pattern) => filled.has(pattern)) ?? workerPatterns[0]!;
      const target = filled.get(worker) ?? worker.replace(/\[[^\]]+\]/g, "1000");
      const roles = action.roles ?? [];

      // No cookie at all: the proxy sends the request to sign in before anything runs.
      const anonymous = await callAction(contexts.anonymous.request, action, target);
      expect.soft(anonymous.status, `${label}: anonymous POST ${target} is redirected`).toBeGreaterThanOrEqual(300);
      expect.soft(anonymous.location, `${label}: anonymous POST ${target} goes to sign in`).toContain("/admin/login");
      calls++;

      for (const asText of [false, true]) {
        const forged = await callAction(contexts.forged.request, action, target, asText);
        expect.soft(forged.body, `${label}: forged session (${asText ? "text" : "multipart"}) gets the signed-out message`).toContain(SIGNED_OUT_MESSAGE);
        expect.soft(forged.body, `${label}: forged session must not succeed`).not.toContain('"status":"ok"');
        calls++;
        for (const role of tooWeak(roles)) {
          const refused = await callAction(contexts[role].request, action, target, asText);
          expect.soft(refused.status, `${label}: ${role} gets an answer, not a crash`).toBeLessThan(500);
          expect.soft(refused.body, `${label}: ${role} (allowed: ${roles.join(", ")}) gets «${WRONG_ROLE_MESSAGE}»`).toContain(WRONG_ROLE_MESSAGE);
          expect.soft(refused.body, `${label}: ${role} must not succeed`).not.toContain('"status":"ok"');
          calls++;
        }
      }
      // The positive control: an allowed role with an empty form reaches the wrapper and gets past the
      // role check (a validation error, not a refusal), so the refusals above are the wrapper's doing.
      const allowed = roles.includes("admin") ? "admin" : roles[0]!;
      const control = await contexts[allowed].request.post(target, {
        headers: { "Next-Action": action.id, Accept: "text/x-component", Origin: origin },
        multipart: actionForm({ sweep: "x" }),
        maxRedirects: 0,
      });
      const controlBody = await control.text();
      expect.soft(control.status(), `${label}: ${allowed} with an empty form is answered`).toBeLessThan(500);
      expect.soft(controlBody, `${label}: ${allowed} gets past the role check`).not.toContain(WRONG_ROLE_MESSAGE);
      expect.soft(controlBody, `${label}: ${allowed} is signed in`).not.toContain(SIGNED_OUT_MESSAGE);
      expect.soft(controlBody, `${label}: ${allowed} with an empty form does not succeed`).not.toContain('"status":"ok"');
      // …and the form's fields arrive (the error echoes them back), so the encoding above is the real one.
      expect.soft(controlBody, `${label}: the submitted fields reach the action`).toContain('"sweep":"x"');
    }
    expect(calls).toBeGreaterThan(0);

    const after = await snapshot(adminPage, snapshotPages);
    for (const target of snapshotPages) expect.soft(after[target], `${target} unchanged after the refused actions`).toBe(before[target]);
  });

  test("route handlers: the JSON API wants a key, the scheduler its token, admin routes a session; writers may only draft", async ({ playwright, writerApiKey: writerKey, editorApiKey: editorKey, adminApiKey: adminKey }) => {
    const baseURL = test.info().project.use.baseURL!;
    const api = await playwright.request.newContext({ baseURL });
    const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
    let checked = 0;

    // A story the writer key may draft, and then must not publish.
    const list = await api.get("/api/v1/articles?limit=1", { headers: bearer(writerKey) });
    expect(list.status()).toBe(200);
    const section = ((await list.json()) as { items: { section: string }[] }).items[0]!.section;
    const writerSlug = E2E_USERS.find((user) => user.role === "writer")!.slug;
    const story = { title: "مسودة من اختبار الصلاحيات", bodyText: "فقرة.", section, authors: [writerSlug] };

    for (const handler of handlers) {
      const pattern = handler.pattern;
      if (pattern.startsWith("/api/auth/")) {
        test.info().annotations.push({ type: "skipped", description: `${pattern}: next-auth's own endpoints (sign-in, CSRF, session); covered by admin-auth.spec.ts` });
        continue;
      }
      if (pattern === "/api/health") {
        test.info().annotations.push({ type: "skipped", description: `${pattern}: public liveness probe, answers only db ok/unavailable` });
        continue;
      }
      for (const method of handler.methods) {
        const label = `${method} ${pattern} (${handler.file})`;
        if (pattern === "/api/views") {
          // The «الأكثر قراءة» view beacon is public by design (readers have no credentials); it
          // refuses what is not a story id, and changes nothing else (e2e/most-read.spec.ts).
          const response = await api.fetch(pattern, { method });
          expect.soft(response.status(), `${label}: public beacon, no story id → 400`).toBe(400);
          checked++;
          continue;
        }
        if (pattern.endsWith("/live-entries")) {
          // Live entries are not publishing: a writer key posts to the coverages it writes
          // (lib/live), so its own draft refuses only the input (not a live story), and a story it
          // did not write is missing to it.
          const own = (await (await api.post("/api/v1/articles", { headers: bearer(writerKey), data: story })).json()) as { id: number };
          const published = (await (await api.get("/api/v1/articles?status=published&limit=1", { headers: bearer(writerKey) })).json()) as { items: { id: number }[] };
          const entry = { title: "تحديث من اختبار الصلاحيات", bodyText: "نص." };
          const ownTarget = pattern.replace(/\[[^\]]+\]/, String(own.id));
          for (const headers of [{}, bearer("nr_live_not-a-real-key-0000000000000000000000000")]) {
            const response = await api.fetch(ownTarget, { method, headers, data: method === "POST" ? entry : undefined });
            expect.soft(response.status(), `${label} without a valid key → 401`).toBe(401);
            checked++;
          }
          if (method === "POST") {
            const onOwn = await api.post(ownTarget, { headers: bearer(writerKey), data: entry });
            expect.soft(onOwn.status(), `${label}: a writer key on its own story that is not live → 400`).toBe(400);
            const onOthers = await api.post(pattern.replace(/\[[^\]]+\]/, String(published.items[0]!.id)), { headers: bearer(writerKey), data: entry });
            expect.soft(onOthers.status(), `${label}: a writer key on a story it did not write → 404`).toBe(404);
            checked += 2;
          } else {
            expect.soft((await api.get(ownTarget, { headers: bearer(writerKey) })).status(), `${label}: a writer key reads its own`).toBe(200);
            checked++;
          }
          continue;
        }
        if (pattern.startsWith("/api/v1/wire/")) {
          // The wire desk: each route's permission, asked of every role's key. Ids name nothing, so
          // an allowed key gets past the role check to a 404 (or a 400 for its empty body).
          const permission = (wireApiAccess as Record<string, Permission>)[pattern];
          expect(permission, `${label} has no entry in wireApiAccess (lib/auth/permissions)`).toBeDefined();
          const target = pattern.replace(/\[[^\]]+\]/g, "2147483000");
          const data = method === "GET" ? undefined : {};
          for (const headers of [{}, bearer("nr_live_not-a-real-key-0000000000000000000000000")]) {
            expect.soft((await api.fetch(target, { method, headers, data })).status(), `${label} without a valid key → 401`).toBe(401);
            checked++;
          }
          for (const [role, key] of [["writer", writerKey], ["editor", editorKey], ["admin", adminKey]] as const) {
            const status = (await api.fetch(target, { method, headers: bearer(key), data })).status();
            if (allowedRoles(permission!).includes(role)) expect.soft([200, 400, 404], `${label}: a ${role} key is allowed`).toContain(status);
            else expect.soft(status, `${label}: a ${role} key → 403`).toBe(403);
            checked++;
          }
          continue;
        }
        if (pattern.startsWith("/api/v1/")) {
          const isItem = /\[[^\]]+\]/.test(pattern);
          const draft = isItem ? await api.post("/api/v1/articles", { headers: bearer(writerKey), data: story }) : null;
          const draftBody = draft ? ((await draft.json()) as { id: number; version: number; status: string }) : null;
          if (draft) expect(draft.status(), "a writer key may create a draft").toBe(201);
          const target = draftBody ? pattern.replace(/\[[^\]]+\]/, String(draftBody.id)) : (filled.get(pattern) ?? pattern);
          const body = method === "GET" || method === "HEAD" ? undefined : isItem ? { version: draftBody!.version, status: "published" } : { ...story, status: "published" };
          for (const headers of [{}, bearer("nr_live_not-a-real-key-0000000000000000000000000")]) {
            const response = await api.fetch(target, { method, headers, data: body });
            expect.soft(response.status(), `${label} without a valid key → 401`).toBe(401);
            checked++;
          }
          if (body) {
            const response = await api.fetch(target, { method, headers: bearer(writerKey), data: body });
            expect.soft(response.status(), `${label}: a writer key publishing → 403`).toBe(403);
            checked++;
            if (draftBody) {
              const still = await api.get(target, { headers: bearer(writerKey) });
              expect.soft(((await still.json()) as { status: string }).status, `${label}: the story stays a draft`).toBe("draft");
            }
          } else {
            const response = await api.fetch(target, { method, headers: bearer(writerKey) });
            expect.soft(response.status(), `${label}: a writer key may read`).toBe(200);
            checked++;
          }
          continue;
        }
        const target = filled.get(pattern) ?? pattern;
        if (pattern.startsWith("/api/internal/")) {
          for (const headers of [{}, { "x-scheduler-token": "not-the-token" }] as Record<string, string>[]) {
            const response = await api.fetch(target, { method, headers });
            expect.soft(response.status(), `${label} without its token → 401`).toBe(401);
            checked++;
          }
          continue;
        }
        if (pattern.startsWith("/admin/")) {
          // Cookie-authenticated writes also check Origin (CSRF); this site's own is sent, as a browser would.
          const headers = { origin: new URL(baseURL).origin };
          const anonymous = await contexts.anonymous.request.fetch(target, { method, headers, maxRedirects: 0 });
          expect.soft(anonymous.status(), `${label}: no session → redirected by the proxy`).toBeGreaterThanOrEqual(300);
          expect.soft(anonymous.headers()["location"] ?? "", `${label}: no session → sign in`).toContain("/admin/login");
          const forged = await contexts.forged.request.fetch(target, { method, headers, maxRedirects: 0 });
          expect.soft(forged.status(), `${label}: forged session → 401 from the handler itself`).toBe(401);
          for (const role of ROLES) {
            const response = await contexts[role].request.fetch(target, { method, headers, maxRedirects: 0 });
            if (!(handler.roles ?? []).includes(role)) expect.soft([401, 403, 404], `${label}: ${role} is refused`).toContain(response.status());
            else if (method === "GET" || method === "HEAD") expect.soft(response.status(), `${label}: ${role} is allowed`).toBe(200);
            // A write with an empty body gets past the session check and is refused for its input.
            else expect.soft(response.status(), `${label}: ${role} is allowed, and told what is missing`).toBe(400);
          }
          checked += 2 + ROLES.length;
          continue;
        }
        // Anything new under /api without a rule above: it must at least refuse a caller with no credentials.
        const response = await api.fetch(target, { method });
        expect.soft([401, 403], `${label}: unknown API area refuses anonymous callers`).toContain(response.status());
        checked++;
      }
    }
    console.log(`sweep: ${checked} route handler checks`);
    expect(checked).toBeGreaterThan(0);
    await api.dispose();
  });
});
