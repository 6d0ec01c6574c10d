import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type FullConfig } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { E2E_ROLES, accountFor } from "./support/accounts";
import { e2eStorageStateFile } from "./support/e2e-env";

// Runs once per `playwright test`, after the webServer is up: each role signs in through the real
// login form, from the browser's own address (no X-Forwarded-For), and its browser state is saved
// for the fixtures (e2e/support/fixtures.ts). Three sign-ins per run instead of one per test.
export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  const browser = await chromium.launch(launchOptions);
  try {
    for (const role of E2E_ROLES) {
      const file = e2eStorageStateFile(role);
      mkdirSync(path.dirname(file), { recursive: true });
      const context = await browser.newContext({ baseURL });
      const login = new LoginPage(await context.newPage());
      await login.signIn(accountFor(role).email, { callbackUrl: "/admin" }).catch((error: unknown) => {
        throw new Error(`global setup: ${role} could not sign in`, { cause: error });
      });
      const cookies = await context.cookies();
      if (!cookies.some((cookie) => cookie.name.includes("next-auth.session-token"))) throw new Error(`global setup: ${role} has no session cookie`);
      await context.storageState({ path: file });
      await context.close();
    }
  } finally {
    await browser.close();
  }
}
