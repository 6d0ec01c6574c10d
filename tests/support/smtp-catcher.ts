import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A real SMTP server for tests (smtp-server from npm), on 127.0.0.1: it accepts every message and
// keeps it parsed (mailparser), so a test reads what a mailbox would. `onRecipient` lets a test act
// at the moment a message is in flight (the crash test kills the sender there); `refuse` answers
// chosen recipients with a permanent 550, as a mailbox that does not exist.

export type CaughtMail = { to: string; messageId: string; subject: string; html: string; text: string; headers: ParsedMail["headers"]; raw: Buffer };

export type SmtpCatcher = {
  url: string;
  port: number;
  mails: CaughtMail[];
  /** Called with each RCPT TO address as it arrives, and the count of messages accepted so far. */
  onRecipient: ((address: string, accepted: number) => void) | null;
  refuse: Set<string>;
  waitFor: (count: number, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
};

export async function startSmtpCatcher(port = 0): Promise<SmtpCatcher> {
  const catcher: SmtpCatcher = {
    url: "",
    port: 0,
    mails: [],
    onRecipient: null,
    refuse: new Set(),
    waitFor: async (count, timeoutMs = 20_000) => {
      const until = Date.now() + timeoutMs;
      while (catcher.mails.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} e-mails, got ${catcher.mails.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      catcher.onRecipient?.(address.address, catcher.mails.length);
      if (catcher.refuse.has(address.address.toLowerCase())) {
        const error = Object.assign(new Error("No such mailbox"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        catcher.mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(","),
          messageId: parsed.messageId ?? "",
          subject: parsed.subject ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          text: parsed.text ?? "",
          headers: parsed.headers,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  catcher.port = (server.server.address() as AddressInfo).port;
  catcher.url = `smtp://127.0.0.1:${catcher.port}`;
  catcher.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return catcher;
}
