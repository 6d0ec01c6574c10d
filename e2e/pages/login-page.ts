import type { Locator, Page } from "@playwright/test";
import { E2E_PASSWORD } from "../support/accounts";

/** The admin's sign-in form (/admin/login). */
export class LoginPage {
  readonly page: Page;
  readonly email: Locator;
  readonly password: Locator;
  readonly submitButton: Locator;
  /** The form's own error (wrong password, too many attempts), tied to the password field. */
  readonly error: Locator;
  readonly emailError: Locator;

  constructor(page: Page) {
    this.page = page;
    this.email = page.getByLabel("البريد الإلكتروني");
    this.password = page.getByLabel("كلمة المرور");
    this.submitButton = page.getByRole("button", { name: "دخول" });
    this.error = page.locator("#login-error");
    this.emailError = page.locator("#login-email-error");
  }

  async goto(callbackUrl?: string) {
    return this.page.goto(callbackUrl ? `/admin/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/admin/login");
  }

  /** Fills the form and presses «دخول»; waits for nothing. */
  async submit(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submitButton.click();
  }

  /** Signs in from the login page and waits until the browser has left it. */
  async signIn(email: string, options: { password?: string; callbackUrl?: string } = {}) {
    await this.goto(options.callbackUrl);
    await this.submit(email, options.password ?? E2E_PASSWORD);
    await this.waitUntilSignedIn();
  }

  async waitUntilSignedIn() {
    await this.page.waitForURL((url) => url.pathname !== "/admin/login");
  }
}
