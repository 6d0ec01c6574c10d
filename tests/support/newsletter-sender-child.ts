// The newsletter sender in a process of its own, for tests/db/newsletter-crash.test.ts to kill -9
// mid-batch: it sends what the outbox holds through CHILD_SMTP_URL until nothing is left.
import { openDatabase, setDatabaseHandle } from "@/db/client";
import { sendDueEmails } from "@/lib/newsletters/sender";
import { createMailTransport } from "@/lib/newsletters/transport";

async function main() {
  const handle = openDatabase({ url: process.env.CHILD_DATABASE_URL! });
  setDatabaseHandle(handle);
  const transport = createMailTransport({ smtpUrl: process.env.CHILD_SMTP_URL!, from: "news@example.com" });
  for (;;) {
    const report = await sendDueEmails(handle.db, transport, { ratePerSecond: 20, instance: "child", leaseMs: 3_000 });
    if (report && report.sent + report.retried + report.failed + report.bounced === 0) break;
  }
  transport.close();
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
