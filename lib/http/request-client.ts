import "server-only";
import { getEnv } from "@/lib/env";
import { clientAddress, type HeaderSource } from "@/lib/http/client-address";
import { stampedSocketAddress } from "@/lib/http/socket-stamp";

/** The address of the client behind this request, as far as TRUSTED_PROXIES lets us know it. */
export function requestClientAddress(headers: HeaderSource): string {
  return clientAddress(headers, stampedSocketAddress(headers), getEnv().trustedProxies);
}
