import { spawnSync } from "node:child_process";
import os from "node:os";
import type { WrkResult } from "./wrk";

// What `npm run bench:http` prints: the machine, the throughput table, and each target met or missed.

export const TARGETS = { articleVsTrivial: 1.0, varnishVsNginx: 0.8, varnishP99Ms: 5, rssGrowth: 1.2 };

export type Verdict = { what: string; value: string; target: string; met: boolean };
export type ThroughputRow = { what: string; result: WrkResult; body: string };

export const NGINX_ROW = "nginx static (article HTML)";
export const TRIVIAL_ROW = "trivial Next page";

export const section = (title: string) => console.log(`\n== ${title}`);
export const formatMs = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const formatMb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
export const formatVisible = (value: number | null) =>
  value === null || !Number.isFinite(value) ? "NOT visible within 30 s" : `${value.toFixed(0)} ms`;

export const isBusyMachine = () => os.loadavg()[0]! > 1.0;

export function printMachine() {
  const [one, five, fifteen] = os.loadavg().map((load) => load.toFixed(2));
  const versions = [`node ${process.version}`, firstLine("nginx", ["-v"]), firstLine("varnishd", ["-V"]), firstLine("wrk", ["-v"])];
  console.log(`machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), load average ${one} ${five} ${fifteen}`);
  console.log(`tools:   ${versions.filter(Boolean).join(" · ")}`);
  if (isBusyMachine()) console.log("WARNING: not a quiet machine (1-minute load average above 1.0): numbers are not comparable.");
}

function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  return `${result.stdout ?? ""}${result.stderr ?? ""}`.split("\n")[0]?.replace(/Copyright.*$/, "").trim() ?? "";
}

export function printThroughput(rows: ThroughputRow[]) {
  console.log("");
  console.log(`${"what".padEnd(30)}${"req/s".padStart(10)}${"p50".padStart(10)}${"p99".padStart(10)}   body           errors`);
  for (const { what, result, body } of rows) {
    const errors = result.non2xx3xx + result.socketErrors ? `${result.non2xx3xx} non-2xx/3xx, ${result.socketErrors} socket` : "0";
    const numbers = `${result.requestsPerSecond.toFixed(0).padStart(10)}${formatMs(result.p50Ms).padStart(10)}${formatMs(result.p99Ms).padStart(10)}`;
    console.log(`${what.padEnd(30)}${numbers}   ${body.padEnd(15)}${errors}`);
  }
}

/** Rows are named `<page> @origin` and `<page> @varnish`, plus the two baselines. */
export function throughputVerdicts(rows: ThroughputRow[], pageNames: string[]): Verdict[] {
  const row = (what: string) => {
    const found = rows.find((candidate) => candidate.what === what);
    if (!found) throw new Error(`no measurement named ${what}`);
    return found.result;
  };
  const verdicts: Verdict[] = [];
  const [articleName] = pageNames;
  const articleVsTrivial = row(`${articleName} @origin`).requestsPerSecond / row(TRIVIAL_ROW).requestsPerSecond;
  verdicts.push({
    what: `${articleName} @origin ÷ trivial Next (req/s)`,
    value: `${articleVsTrivial.toFixed(2)}×`,
    target: `≥ ${TARGETS.articleVsTrivial.toFixed(1)}×`,
    met: articleVsTrivial >= TARGETS.articleVsTrivial,
  });
  const nginx = row(NGINX_ROW).requestsPerSecond;
  for (const name of pageNames) {
    const ratio = row(`${name} @varnish`).requestsPerSecond / nginx;
    verdicts.push({ what: `${name} @varnish ÷ nginx static (req/s)`, value: ratio.toFixed(2), target: `≥ ${TARGETS.varnishVsNginx.toFixed(2)}`, met: ratio >= TARGETS.varnishVsNginx });
  }
  for (const name of pageNames) {
    const p99 = row(`${name} @varnish`).p99Ms;
    verdicts.push({ what: `${name} @varnish p99`, value: formatMs(p99), target: `≤ ${TARGETS.varnishP99Ms} ms`, met: p99 <= TARGETS.varnishP99Ms });
  }
  return verdicts;
}

export function rssVerdict(requests: number, growth: number): Verdict {
  return { what: `RSS growth over ${requests} requests`, value: `${growth.toFixed(2)}×`, target: `≤ ${TARGETS.rssGrowth}×`, met: growth <= TARGETS.rssGrowth };
}

export function printVerdicts(verdicts: Verdict[]) {
  section("targets");
  for (const verdict of verdicts) {
    console.log(`${verdict.what.padEnd(44)}${verdict.value.padStart(10)}   target ${verdict.target.padEnd(10)} ${verdict.met ? "met" : "MISSED"}`);
  }
  const missed = verdicts.filter((verdict) => !verdict.met).length;
  const busy = isBusyMachine() ? " — on a busy machine (load above 1.0): not comparable" : "";
  console.log(`${verdicts.length - missed} met, ${missed} missed${busy}`);
}
