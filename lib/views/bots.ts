// Which requests are not a person reading a story. Most crawlers never run the page's JavaScript,
// so they never send the view beacon at all (app/(site)/_components/view-beacon.tsx); this check
// catches the ones that do (headless browsers, previewers, monitors) and scripts posting to the
// beacon by hand. A reader wrongly taken for a bot costs one count; a bot taken for a reader can
// push a story up the list, so in doubt it says "bot".

const BOT_PATTERNS: readonly RegExp[] = [
  // The words crawlers use for themselves (Googlebot, bingbot, AhrefsBot, YandexBot, Baiduspider,
  // facebookexternalhit, ia_archiver) and the "+http://…" contact address most of them carry.
  /bot\b|bot[/_;-]|crawl|spider|slurp|archiver|scrap|facebookexternalhit|mediapartners|\+https?:\/\//i,
  // Browsers driven by programs, and page checkers.
  /headless|phantomjs|electron\/|puppeteer|playwright|selenium|webdriver|lighthouse|pagespeed|gtmetrix/i,
  // Link previews, monitors and feed readers that present themselves as browsers.
  /preview|embedly|vkshare|monitor|uptime|pingdom|statuscake|synthetics|feedfetcher|python|node-fetch|http-?client/i,
];

// Real devices whose names the patterns above would catch ("CUBOT X19" holds "bot").
const DEVICE_NAMES = /cubot/gi;

/**
 * Whether a User-Agent belongs to a crawler, a script or a tool rather than a reader's browser.
 * A missing, empty or implausibly short or long value is a bot: every browser sends one, and every
 * mainstream browser (in-app browsers included) still starts it with "Mozilla/5.0".
 */
export function isBotUserAgent(userAgent: string | null | undefined): boolean {
  const agent = (userAgent ?? "").trim();
  if (agent.length < 20 || agent.length > 512) return true;
  if (!agent.startsWith("Mozilla/5.0 ")) return true;
  const checked = agent.replace(DEVICE_NAMES, "");
  return BOT_PATTERNS.some((pattern) => pattern.test(checked));
}
