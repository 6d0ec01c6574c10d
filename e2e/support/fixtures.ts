import { readFileSync } from "node:fs";
import { test as base, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import type { E2eRole } from "./accounts";
import { e2eAdminApiKeyFile, e2eEditorApiKeyFile, e2eStorageStateFile, e2eWriterApiKeyFile } from "./e2e-env";

// What a spec needs to start from, handed over by Playwright fixtures rather than written out in
// each spec: signed-in pages per role (from the browser state e2e/global-setup.ts saved once per
// run, so no spec signs in through the form unless sign-in is what it tests), and the API keys
// the e2e server made. A spec that logs out must sign in on its own (LoginPage): logging out
// revokes the session on the server, and the shared state would be dead for every later spec.

/** A new browser context signed in as `role`. For beforeAll hooks, where test fixtures cannot be used. */
export function contextAs(browser: Browser, role: E2eRole, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, storageState: e2eStorageStateFile(role) });
}

const readKey = (file: string) => readFileSync(file, "utf8").trim();

type Fixtures = {
  /** A page in a new context signed in as `role`; every context it opens is closed after the test. */
  pageAs: (role: E2eRole, options?: BrowserContextOptions) => Promise<Page>;
  adminPage: Page;
  editorPage: Page;
  writerPage: Page;
  /** Bearer keys for /api/v1, made by scripts/e2e-server.ts. */
  adminApiKey: string;
  editorApiKey: string;
  writerApiKey: string;
};

// Each fixture hands its value to `provide` (Playwright's `use`, renamed so the React hooks lint
// rule does not mistake it for React's use()).
export const test = base.extend<Fixtures>({
  pageAs: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (role, options) => {
      const context = await contextAs(browser, role, options);
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
  adminPage: async ({ pageAs }, provide) => provide(await pageAs("admin")),
  editorPage: async ({ pageAs }, provide) => provide(await pageAs("editor")),
  writerPage: async ({ pageAs }, provide) => provide(await pageAs("writer")),
  adminApiKey: async ({}, provide) => provide(readKey(e2eAdminApiKeyFile)),
  editorApiKey: async ({}, provide) => provide(readKey(e2eEditorApiKeyFile)),
  writerApiKey: async ({}, provide) => provide(readKey(e2eWriterApiKeyFile)),
});

export { expect } from "@playwright/test";
