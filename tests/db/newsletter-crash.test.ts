import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { openThrowawayDatabase } from "@/db/throwaway";
import { sendDueEmails } from "@/lib/newsletters/sender";
import { createMailTransport } from "@/lib/newsletters/transport";
import { startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";

// Kill the sender mid-batch (SIGKILL, while a message is in flight) and start it again: every
// e-mail arrives exactly once. Skipped on PGlite, with reason: the sender under test runs in a
// child process against the same database, and PGlite is one process's database.

const MESSAGES = 30;
const KILL_AT = 12;

describe.skipIf(!process.env.DATABASE_URL)("the newsletter sender, killed mid-batch", () => {
  let db: Database;
  let close: () => Promise<void>;
  let url: string;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    const name = `newsletter_crash_${process.pid}_${Date.now().toString(36)}`;
    const opened = await openThrowawayDatabase(name);
    db = opened.handle.db;
    close = opened.close;
    const base = new URL(process.env.DATABASE_URL!);
    base.pathname = `/${name}`;
    url = base.toString();
    smtp = await startSmtpCatcher();
    await db.insert(emailOutbox).values(
      Array.from({ length: MESSAGES }, (_, i) => ({
        kind: "confirmation" as const,
        toAddress: `reader${i}@example.com`,
        subject: `رسالة ${i}`,
        html: `<p dir="rtl">رسالة ${i}</p>`,
        text: `رسالة ${i}`,
        messageId: `<crash-${i}@example.com>`,
      })),
    );
  });
  afterAll(async () => {
    await smtp?.close();
    await close?.();
  });

  it("loses nothing and sends nothing twice", async () => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "tests/support/newsletter-sender-child.ts"], {
      env: { ...process.env, CHILD_DATABASE_URL: url, CHILD_SMTP_URL: smtp.url, AUTH_SECRET: process.env.AUTH_SECRET ?? "a-secret-of-at-least-thirty-two-characters" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    // The moment message KILL_AT+1 is in flight (its recipient given, its data not yet sent), and
    // every earlier one was accepted: the sender dies.
    smtp.onRecipient = (_address, accepted) => {
      if (accepted >= KILL_AT && child.exitCode === null) child.kill("SIGKILL");
    };
    expect(await exited).toBe("SIGKILL");
    smtp.onRecipient = null;
    const afterCrash = await db.select().from(emailOutbox);
    expect(smtp.mails.length).toBe(KILL_AT);
    expect(afterCrash.filter((row) => row.status === "sent")).toHaveLength(KILL_AT);
    // The rest of its batch is still held by the dead sender's lease…
    expect(afterCrash.filter((row) => row.status === "sending").length).toBe(MESSAGES - KILL_AT);

    // …which runs out; a new sender picks the batch up where it stopped.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    const transport = createMailTransport({ smtpUrl: smtp.url, from: "news@example.com" });
    for (let round = 0; round < 5; round++) {
      const report = await sendDueEmails(db, transport, { ratePerSecond: 200, instance: "restarted", leaseMs: 3_000 });
      if (report && report.sent === 0 && report.retried === 0) break;
      // A transient SMTP error (a loaded machine) is retried after its back-off: bring that forward.
      await db.update(emailOutbox).set({ nextAttemptAt: new Date() }).where(eq(emailOutbox.status, "queued"));
    }
    transport.close();

    const delivered = smtp.mails.map((mail) => mail.messageId);
    expect(delivered).toHaveLength(MESSAGES);
    expect(new Set(delivered).size).toBe(MESSAGES);
    const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.status, "sent"));
    expect(rows).toHaveLength(MESSAGES);
  });
});
