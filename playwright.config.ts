import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { e2ePort } from "./e2e/support/e2e-env";

// `npx playwright install` cannot download here, so Debian's Chromium is used when present.
const chromiumPath = process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
export const baseURL = `http://127.0.0.1:${e2ePort}`;
const chromiumUse = { ...devices["Desktop Chrome"], launchOptions: { executablePath: chromiumPath } };

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "ar",
    timezoneId: "Asia/Riyadh",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // Signs each role in once and saves its browser state for the fixtures (e2e/support/fixtures.ts).
  globalSetup: "./e2e/global-setup.ts",
  projects: [
    { name: "chromium", testIgnore: /screenshots\.spec\.ts$/, use: chromiumUse },
    // Pictures for people, which assert nothing: only `npm run screenshots` (E2E_SCREENSHOTS=1) has
    // this project, so `npm test` and a plain `npx playwright test` never run it.
    ...(process.env.E2E_SCREENSHOTS ? [{ name: "screenshots", testMatch: /screenshots\.spec\.ts$/, use: chromiumUse }] : []),
  ],
  webServer: {
    // A fresh, migrated, seeded database and the built app (scripts/e2e-server.ts).
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(e2ePort), SITE_URL: baseURL },
  },
});
