import "server-only";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { getEnv } from "@/lib/env";

// How e-mails leave: SMTP through nodemailer when SMTP_URL is set; otherwise (embedded mode, a
// laptop) each message is written as an .eml file under DATA_DIR/outbox, so `npm start` needs no
// mail server and a person can open what would have been sent.

export type OutgoingEmail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  /** One-click unsubscribe (RFC 8058); absent on a confirmation e-mail. */
  unsubscribeUrl: string | null;
};

export type DeliveryResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export type MailTransport = { send(email: OutgoingEmail): Promise<DeliveryResult>; close(): void; describe: string };

function message(email: OutgoingEmail, from: string) {
  return {
    from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: email.messageId,
    headers: email.unsubscribeUrl
      ? { "List-Unsubscribe": `<${email.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
      : undefined,
  };
}

export function createMailTransport(options: { smtpUrl?: string; outboxDir?: string; from?: string } = {}): MailTransport {
  const env = getEnv();
  const from = options.from ?? env.newsletterFrom;
  // An empty smtpUrl means "no SMTP" whatever the environment says (tests of the file outbox).
  const smtpUrl = options.smtpUrl === "" ? undefined : (options.smtpUrl ?? env.smtpUrl);
  if (smtpUrl) {
    const transporter = nodemailer.createTransport(smtpUrl);
    return {
      describe: `smtp ${new URL(smtpUrl).host}`,
      async send(email) {
        try {
          await transporter.sendMail(message(email, from));
          return { ok: true };
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          // 5xx: the server refused this message for good (no such mailbox); anything else may pass later.
          return { ok: false, permanent: typeof code === "number" && code >= 500 && code < 600, error: describeError(error) };
        }
      },
      close: () => transporter.close(),
    };
  }
  const dir = options.outboxDir ?? path.join(env.dataDir, "outbox");
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `.eml files in ${dir}`,
    async send(email) {
      try {
        const info = await transporter.sendMail(message(email, from));
        await mkdir(dir, { recursive: true });
        const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${email.messageId.replace(/[^\w.-]/g, "")}.eml`;
        await writeFile(path.join(dir, name), info.message as Buffer);
        return { ok: true };
      } catch (error) {
        return { ok: false, permanent: false, error: describeError(error) };
      }
    },
    close: () => transporter.close(),
  };
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
