import path from "node:path";
import type { E2eRole } from "./accounts";

// What the e2e server (scripts/e2e-server.ts) sets up and the specs read back: one place, so the
// two cannot disagree.

export const e2ePort = Number(process.env.E2E_PORT || 3100);
/** The Varnish that edge specs start in front of the e2e server; the server purges it. */
export const e2eEdgePort = e2ePort + 80;
export const e2eEdgeUrl = `http://127.0.0.1:${e2eEdgePort}`;
/** The SMTP server the newsletter spec runs (smtp-server); with none there, sends wait and retry. */
export const e2eSmtpPort = e2ePort + 25;

/** An editor's and a writer's API key, made by the e2e server with the app's own command (never through the UI). */
export const e2eEditorApiKeyFile = path.resolve(".data-e2e", "editor-api-key");
export const e2eWriterApiKeyFile = path.resolve(".data-e2e", "writer-api-key");
/** An admin's key: the wire desk's sources are registered with one (POST /api/v1/wire/sources). */
export const e2eAdminApiKeyFile = path.resolve(".data-e2e", "admin-api-key");

/** A signed-in browser state per role, written once per run by e2e/global-setup.ts. */
export const e2eStorageStateFile = (role: E2eRole) => path.resolve(".data-e2e", "storage-state", `${role}.json`);

/** The e2e server's own Postgres database beside DATABASE_URL's (none in embedded mode). */
export function e2eDatabaseUrl(): string | undefined {
  if (!process.env.DATABASE_URL) return undefined;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${url.pathname.slice(1) || "newsroom"}_e2e`;
  return url.toString();
}

export const e2eAuthSecret = () => process.env.AUTH_SECRET || "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
