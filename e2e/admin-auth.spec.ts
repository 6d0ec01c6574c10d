import type { Browser } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { E2E_PASSWORD } from "./support/accounts";
import { expect, test } from "./support/fixtures";

// Sign-in and roles. Signing in is what these tests are about, so they use the form
// in fresh contexts, not the fixtures' shared sessions (two of them log out, which revokes the
// session on the server). An admin who only sets the stage comes from the fixtures.

/** A signed-out browser on this machine, at the login form. */
async function freshLogin(browser: Browser): Promise<LoginPage> {
  const context = await browser.newContext();
  return new LoginPage(await context.newPage());
}

// A password guesser plays another machine: the e2e server trusts loopback as a proxy
// (TRUSTED_PROXIES), so the X-Forwarded-For it sends is its client address, and the limits that
// lock it out lock out no one else in the suite.
const runOctet = Math.floor(Math.random() * 250) + 1;
let ipCounter = 0;
async function guesserLogin(browser: Browser): Promise<LoginPage> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `10.${runOctet}.${++ipCounter}.1` } });
  return new LoginPage(await context.newPage());
}

test.describe("admin sign-in", () => {
  test("an editor signs in and lands on the articles dashboard, without admin-only links", async ({ browser }) => {
    const login = await freshLogin(browser);
    const page = login.page;
    const response = await page.goto("/admin/users");
    // The proxy sends a visitor without a session to the login page, remembering where they were going.
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/admin/users");
    expect(response?.headers()["cache-control"]).toContain("no-store");
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);

    await login.goto();
    await login.submit("editor@e2e.example", E2E_PASSWORD);
    await page.waitForURL(/\/admin\/articles/);
    const header = page.locator("header.admin-header");
    await expect(header.getByText("محرر الاختبار")).toBeVisible();
    await expect(header.getByRole("link", { name: "الأخبار" })).toBeVisible();
    await expect(header.getByRole("link", { name: "المستخدمون" })).toHaveCount(0);
    await expect(header.getByRole("link", { name: "مفاتيح API" })).toHaveCount(0);

    // An editor may not open the users admin.
    await page.goto("/admin/users");
    await expect(page.getByText("ليست لديك صلاحية")).toBeVisible();
    await expect(page.getByRole("heading", { name: "المستخدمون" })).toHaveCount(0);

    await header.getByRole("button", { name: "تسجيل الخروج" }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.goto("/admin/articles");
    expect(new URL(page.url()).pathname).toBe("/admin/login");
    await page.context().close();
  });

  test("a wrong password shows the Arabic error beside the field", async ({ browser }) => {
    const login = await freshLogin(browser);
    const page = login.page;
    await login.goto();
    await login.submit("writer@e2e.example", "not-the-password");
    const error = login.error;
    await expect(error).toHaveText("البريد الإلكتروني أو كلمة المرور غير صحيحة");
    await expect(login.password).toHaveAttribute("aria-describedby", "login-error");
    expect(new URL(page.url()).pathname).toBe("/admin/login");

    await login.email.fill("");
    await login.submitButton.click();
    await expect(login.emailError).toHaveText("البريد الإلكتروني مطلوب");
    await expect(login.email).toHaveAttribute("aria-describedby", "login-email-error");
    await page.context().close();
  });

  test("the 6th failed attempt from one client is refused; the owner elsewhere is not locked out; an admin lifts the limit", async ({
    browser,
    adminPage: admin,
  }) => {
    const login = await guesserLogin(browser);
    const guesser = login.page;
    await login.goto();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await login.submit("writer@e2e.example", `wrong-password-${attempt}`);
      await expect(login.error).toHaveText("البريد الإلكتروني أو كلمة المرور غير صحيحة");
      await expect(login.submitButton).toBeEnabled();
    }
    await login.submit("writer@e2e.example", "wrong-password-6");
    await expect(login.error).toContainText("محاولات كثيرة");
    await expect(login.error).toContainText("حاول بعد");
    // Even the right password is refused from this client on this account…
    const answered = guesser.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
    await login.submit("writer@e2e.example", E2E_PASSWORD);
    await answered;
    await expect(login.submitButton).toBeEnabled();
    await expect(login.error).toContainText("محاولات كثيرة");
    expect(new URL(guesser.url()).pathname).toBe("/admin/login");

    // …until an admin clears the account's throttle.
    await admin.goto("/admin/users");
    const row = admin.locator('tr[data-email="writer@e2e.example"]');
    await row.getByRole("button", { name: "رفع تقييد الدخول" }).click();
    await expect(row.getByText("رُفع تقييد الدخول عن الحساب.")).toBeVisible();
    await login.submit("writer@e2e.example", E2E_PASSWORD);
    await login.waitUntilSignedIn();
    await guesser.context().close();
  });

  test("the owner signs in from another client while a guesser is locked out", async ({ browser }) => {
    const guesser = await guesserLogin(browser);
    await guesser.goto();
    for (let attempt = 1; attempt <= 6; attempt++) {
      await guesser.submit("editor@e2e.example", `wrong-password-${attempt}`);
      await expect(guesser.error).toBeVisible();
      await expect(guesser.submitButton).toBeEnabled();
    }
    await expect(guesser.error).toContainText("محاولات كثيرة");
    const owner = await freshLogin(browser);
    await owner.signIn("editor@e2e.example", { callbackUrl: "/admin/articles" });
    expect(new URL(owner.page.url()).pathname).toBe("/admin/articles");
    await guesser.page.context().close();
    await owner.page.context().close();
  });

  test("callbackUrl stays inside the site", async ({ browser }) => {
    const login = await freshLogin(browser);
    const page = login.page;
    await login.signIn("writer@e2e.example", { callbackUrl: "//evil.example/steal" });
    const url = new URL(page.url());
    expect(url.host).toBe(new URL(test.info().project.use.baseURL!).host);
    expect(url.pathname).toMatch(/^\/admin/);
    await page.context().close();
  });

  test("a callbackUrl that parses into //evil.example lands on this site's /admin, signed out or signed in", async ({ browser }) => {
    const baseURL = new URL(test.info().project.use.baseURL!);
    const login = await freshLogin(browser);
    const page = login.page;
    // Signed out: the right password sends the browser to the (sanitised) callback.
    await login.signIn("writer@e2e.example", { callbackUrl: "/.//evil.example" });
    expect(new URL(page.url()).host).toBe(baseURL.host);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin(\/|$)/);
    // Signed in: the login page answers with a redirect straight away.
    for (const callbackUrl of ["/.//evil.example", "/admin/..//evil.example", "/%2e//evil.example"]) {
      const response = await page.request.get(`/admin/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      expect(response.status(), callbackUrl).toBe(307);
      expect(new URL(response.headers()["location"]!, baseURL).href, callbackUrl).toBe(new URL("/admin", baseURL).href);
    }
    await page.goto("/admin/login?callbackUrl=%2F.%2F%2Fevil.example");
    expect(new URL(page.url()).host).toBe(baseURL.host);
    expect(new URL(page.url()).pathname).toMatch(/^\/admin/);
    await page.context().close();
  });

  test("logging out ends the session on the server: the old cookie, replayed, is refused", async ({ browser }) => {
    // Its own sign-in: the logout below revokes this session.
    const login = await freshLogin(browser);
    const page = login.page;
    await login.signIn("editor@e2e.example", { callbackUrl: "/admin/articles" });
    const cookies = await page.context().cookies();
    const sessionCookies = cookies.filter((cookie) => cookie.name.includes("next-auth.session-token"));
    expect(sessionCookies.length).toBeGreaterThan(0);
    // The sign-in also marked this device as trusted for the account (it skips the account's delay).
    expect(cookies.find((cookie) => cookie.name === "nr_trusted_device")).toMatchObject({ httpOnly: true, path: "/api/auth" });
    await page.locator("header.admin-header").getByRole("button", { name: "تسجيل الخروج" }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.context().close();

    const replay = await browser.newContext();
    await replay.addCookies(sessionCookies);
    const replayed = await replay.newPage();
    await replayed.goto("/admin/articles");
    expect(new URL(replayed.url()).pathname).toBe("/admin/login");
    await replay.close();
  });

  test("a disabled user loses access on the next request; the admin cannot disable herself", async ({ browser, adminPage: admin }) => {
    await admin.goto("/admin/users");
    await expect(admin.getByRole("heading", { name: "المستخدمون", level: 1 })).toBeVisible();
    const email = `temp${Date.now()}@e2e.example`;
    await admin.getByLabel("البريد الإلكتروني").fill(email);
    await admin.getByLabel("الاسم المعروض").fill("حساب مؤقت");
    await admin.getByLabel("الدور").selectOption("writer");
    await admin.getByLabel("كلمة المرور (10 أحرف على الأقل)").fill("short");
    await admin.getByRole("button", { name: "إنشاء الحساب" }).click();
    await expect(admin.locator("#new-user-password-error")).toContainText("10 أحرف");
    await expect(admin.getByLabel("الاسم المعروض")).toHaveValue("حساب مؤقت");
    await admin.getByLabel("كلمة المرور (10 أحرف على الأقل)").fill(E2E_PASSWORD);
    await admin.getByRole("button", { name: "إنشاء الحساب" }).click();
    await expect(admin.getByText(`أُنشئ حساب حساب مؤقت (${email})`)).toBeVisible();

    const login = await freshLogin(browser);
    const user = login.page;
    await login.signIn(email, { callbackUrl: "/admin/tags" });
    expect(new URL(user.url()).pathname).toBe("/admin/tags");

    const row = admin.locator(`tr[data-email="${email}"]`);
    await row.getByRole("button", { name: "تعطيل" }).click();
    await expect(row.getByText("معطّل")).toBeVisible();

    await user.goto("/admin/tags");
    expect(new URL(user.url()).pathname).toBe("/admin/login");

    const selfRow = admin.locator('tr[data-email="admin@e2e.example"]');
    await expect(selfRow.getByRole("button", { name: "تعطيل" })).toBeDisabled();
    await user.context().close();
  });
});
