import "server-only";
import { getEnv } from "@/lib/env";
import type { DateConfig } from "@/lib/i18n/dates";

export function getDateConfig(): DateConfig {
  const env = getEnv();
  return { timeZone: env.timeZone, digits: env.dateDigits, showHijri: env.showHijri };
}
