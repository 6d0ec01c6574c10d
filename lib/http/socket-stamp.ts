import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { readHeader, type HeaderSource } from "@/lib/http/client-address";

// Next.js gives route handlers and server actions the request's headers but not its socket. Node
// publishes every incoming request on the `http.server.request.start` diagnostics channel before
// the server sees it; we write the socket's address into a header there, overwriting any copy the
// client sent. The value carries a token made fresh in each process, so a request that arrived
// before the subscription existed (or a process where it was never installed) cannot pass off a
// header of its own: without the token it reads as "no socket address".
export const SOCKET_ADDRESS_HEADER = "x-newsroom-socket-address";

type StampState = { token: string };
// On globalThis: instrumentation.ts and the app's routes are separate bundles in one process.
const STATE_KEY = Symbol.for("newsroom.socketStamp");
const holder = globalThis as typeof globalThis & { [STATE_KEY]?: StampState };

export function installSocketStamp(): void {
  if (holder[STATE_KEY]) return;
  const state: StampState = { token: randomBytes(16).toString("hex") };
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = socket.remoteAddress;
    if (address) request.headers[SOCKET_ADDRESS_HEADER] = `${state.token} ${address}`;
    else delete request.headers[SOCKET_ADDRESS_HEADER];
  });
  holder[STATE_KEY] = state;
}

/** The socket address stamped on this request, or undefined when it carries no genuine stamp. */
export function stampedSocketAddress(headers: HeaderSource): string | undefined {
  const state = holder[STATE_KEY];
  const value = readHeader(headers, SOCKET_ADDRESS_HEADER);
  if (!state || !value) return undefined;
  const [token, address, extra] = value.split(" ");
  if (token !== state.token || !address || extra !== undefined) return undefined;
  return address;
}
