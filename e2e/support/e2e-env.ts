import path from "node:path";

// What the e2e server (scripts/e2e-server.ts) sets up and the specs read back: one place, so the
// two cannot disagree.

export const e2ePort = Number(process.env.E2E_PORT || 3100);
/** The Varnish that edge specs start in front of the e2e server; the server purges it. */
export const e2eEdgePort = e2ePort + 80;
export const e2eEdgeUrl = `http://127.0.0.1:${e2eEdgePort}`;

/** An editor's API key, made by the e2e server with the app's own command (never through the UI). */
export const e2eEditorApiKeyFile = path.resolve(".data-e2e", "editor-api-key");

/** The e2e server's own Postgres database beside DATABASE_URL's (none in embedded mode). */
export function e2eDatabaseUrl(): string | undefined {
  if (!process.env.DATABASE_URL) return undefined;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${url.pathname.slice(1) || "newsroom"}_e2e`;
  return url.toString();
}

export const e2eAuthSecret = () => process.env.AUTH_SECRET || "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
