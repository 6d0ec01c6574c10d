// Runs Lighthouse's programmatic API for one page in plain Node. It lives outside tsx on purpose:
// tsx compiles with esbuild's keepNames, which adds `__name(...)` calls to Lighthouse's own
// functions, and Lighthouse sends those functions' source to the page, where `__name` does not
// exist. Usage: node lighthouse-runner.mjs <url> <chrome debugging port> <category,...>
// Prints the scores (0–100) and the failing audits of each category as one line of JSON.
import lighthouse from "lighthouse";

const [url, port, categories] = process.argv.slice(2);
const result = await lighthouse(url, {
  port: Number(port),
  output: "json",
  logLevel: "error",
  onlyCategories: categories.split(","),
});
if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
const { lhr } = result;
if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
const summary = {};
for (const [id, category] of Object.entries(lhr.categories)) {
  const failing = category.auditRefs
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit && audit.score !== null && audit.score < 1 && !["informative", "notApplicable", "manual"].includes(audit.scoreDisplayMode))
    .map((audit) => ({ id: audit.id, title: audit.title, items: (audit.details?.items ?? []).slice(0, 5).map((item) => item.node?.snippet ?? item.url ?? item.source ?? "") }));
  summary[id] = { score: Math.round((category.score ?? 0) * 100), failing };
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
