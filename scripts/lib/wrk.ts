import { writeFileSync } from "node:fs";
import { spawnTracked } from "./bench-processes";

// wrk (https://github.com/wg/wrk, Debian's /usr/bin/wrk) run from the benchmarks, and its report
// read back into numbers.

export type WrkResult = {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles from `--latency`, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Answers outside 2xx/3xx, and connect/read/write/timeout errors: a fast error is not a fast page. */
  non2xx3xx: number;
  socketErrors: number;
};

export type WrkOptions = {
  url: string;
  durationSeconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** A Lua script (wrk -s). */
  script?: string;
};

export async function runWrk({ url, durationSeconds, connections, headers = {}, script }: WrkOptions): Promise<WrkResult> {
  const args = [
    // One load thread: on a 2-core machine the other core belongs to the server under test.
    "-t1",
    `-c${connections}`,
    `-d${durationSeconds}s`,
    "--latency",
    "--timeout",
    "10s",
    ...Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    ...(script ? ["-s", script] : []),
    url,
  ];
  const wrk = spawnTracked("wrk", args);
  const code = await wrk.exited;
  const output = wrk.output();
  if (code !== 0) throw new Error(`wrk ${args.join(" ")} exited with ${code}:\n${output.trim()}`);
  return parseWrkOutput(output);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function parseWrkOutput(output: string): WrkResult {
  const number = (pattern: RegExp, what: string) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk's report has no ${what}:\n${output.trim()}`);
    return match;
  };
  const percentile = (p: number) => {
    const match = number(new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m"), `${p}% latency (was --latency given?)`);
    return Number(match[1]) * UNIT_MS[match[2]!]!;
  };
  const total = number(/(\d+) requests in ([\d.]+)(us|ms|s|m)/, "request count");
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requests: Number(total[1]),
    seconds: (Number(total[2]) * UNIT_MS[total[3]!]!) / 1000,
    requestsPerSecond: Number(number(/Requests\/sec:\s+([\d.]+)/, "Requests/sec")[1]),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    non2xx3xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0,
  };
}

export type WrkTotals = Pick<WrkResult, "requests" | "seconds" | "non2xx3xx" | "socketErrors">;

/**
 * wrk in rounds until at least `requests` answers have come back: wrk only knows durations (its
 * Lua thread:stop() ends the requests but not the run). Each round is sized from the last one's
 * rate, so the total overshoots by a little.
 */
export async function runWrkForRequests(options: Omit<WrkOptions, "durationSeconds"> & { requests: number }): Promise<WrkTotals> {
  const totals: WrkTotals = { requests: 0, seconds: 0, non2xx3xx: 0, socketErrors: 0 };
  let durationSeconds = 5;
  while (totals.requests < options.requests) {
    const round = await runWrk({ ...options, durationSeconds });
    if (round.requests === 0) throw new Error(`wrk got no answer from ${options.url} in ${durationSeconds} s`);
    totals.requests += round.requests;
    totals.seconds += round.seconds;
    totals.non2xx3xx += round.non2xx3xx;
    totals.socketErrors += round.socketErrors;
    const rate = round.requests / round.seconds;
    durationSeconds = Math.min(30, Math.max(1, Math.ceil((options.requests - totals.requests) / rate)));
  }
  return totals;
}

export type TrafficMix = {
  /** Cached pages, each with its share of the requests (0–1). */
  pages: { path: string; share: number }[];
  /** Share of requests for stories that do not exist (404, never cached). */
  unknownStories: number;
  /** Share of search requests with a random query (each one a new URL). */
  randomSearches: number;
};

/** A wrk script (-s) that picks each request's path from the mix at random. */
export function writeTrafficMixScript(file: string, mix: TrafficMix) {
  const lua = (value: string) => JSON.stringify(value); // percent-encoded ASCII paths: JSON quoting is valid Lua
  let threshold = 0;
  const branches = mix.pages.map(({ path, share }) => {
    threshold += share;
    return `  if r < ${threshold.toFixed(4)} then return wrk.format(nil, ${lua(path)}) end`;
  });
  threshold += mix.unknownStories;
  branches.push(`  if r < ${threshold.toFixed(4)} then return wrk.format(nil, "/news/" .. math.random(100000000, 999999999) .. "/bench-miss") end`);
  // Arabic words, percent-encoded, with a random number so every query is a new URL.
  const words = ["بوتين", "الاقتصاد", "مفاوضات", "الانتخابات", "كرة القدم"].map(encodeURIComponent);
  const script = `-- written by npm run bench:http
math.randomseed(os.time())
local words = { ${words.map(lua).join(", ")} }

request = function()
  local r = math.random()
${branches.join("\n")}
  return wrk.format(nil, "/search?q=" .. words[math.random(#words)] .. "%20" .. math.random(1, 1000000))
end
`;
  if (Math.abs(threshold + mix.randomSearches - 1) > 0.001) throw new Error("the traffic mix's shares must add up to 1");
  writeFileSync(file, script);
}
