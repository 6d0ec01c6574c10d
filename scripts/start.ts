import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { getAuthSecret } from "@/lib/env";
import { createUser } from "@/lib/users/commands";
import { buildIfNeeded, nextBin } from "./lib/build";
import { loadEnvOrExit, openMigratedDatabase } from "./lib/cli";

// `npm start`: validate the environment, build when the sources changed, migrate, seed the demo
// newsroom once (embedded mode only), then hand the port to `next start`.
const DEMO_ADMIN_EMAIL = "admin@newsroom.example";

async function main() {
  const env = loadEnvOrExit();
  const authSecret = getAuthSecret();

  buildIfNeeded();

  // The migrations and seed run here, and the database is closed again before Next.js opens it:
  // an embedded PGlite directory must never be open in two processes at once.
  const handle = await openMigratedDatabase();
  let demoLogin: string | undefined;
  try {
    if (env.embedded) {
      const report = await seedDemoContent(handle.db);
      if (!report.skipped) console.log(`seeded demo content: ${report.stories} stories`);
      demoLogin = await ensureDemoAdmin(handle.db, env.dataDir);
    }
  } finally {
    await handle.close();
  }

  console.log(`\n  ${env.siteName} — ${env.siteUrl}  (${env.embedded ? `embedded PGlite in ${env.dataDir}` : "Postgres"})`);
  if (demoLogin) console.log(`  demo admin login: ${demoLogin}  →  ${env.siteUrl}/admin/login\n`);

  const next = spawn(process.execPath, [nextBin(), "start", "-p", String(env.port)], {
    stdio: "inherit",
    env: { ...process.env, AUTH_SECRET: authSecret, NEXTAUTH_SECRET: authSecret, NEXTAUTH_URL: env.siteUrl },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code) => process.exit(code ?? 0));
}

async function ensureDemoAdmin(db: Parameters<typeof seedDemoContent>[0], dataDir: string): Promise<string> {
  const file = path.join(dataDir, "demo-admin.txt");
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_ADMIN_EMAIL));
  if (existing && existsSync(file)) return readFileSync(file, "utf8").trim();
  if (existing) return `${DEMO_ADMIN_EMAIL} (password was set earlier; reset it with npm run user:create for a new admin)`;
  const password = randomBytes(12).toString("base64url");
  await createUser(db, {
    email: DEMO_ADMIN_EMAIL,
    displayName: "مدير التحرير التجريبي",
    slug: "demo-admin",
    role: "admin",
    password,
  });
  const login = `${DEMO_ADMIN_EMAIL} / ${password}`;
  writeFileSync(file, login, { mode: 0o600 });
  return login;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
