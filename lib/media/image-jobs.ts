import "server-only";
import sharp from "sharp";

// Decoding and encoding images is the costliest thing a request can ask of this server, and some
// of it is reachable without signing in (the first request for a width). So: libvips gets one
// thread per image, and at most IMAGE_JOB_SLOTS images are worked on at once in this process;
// the rest wait their turn. Page rendering keeps the other cores.
sharp.concurrency(1);

const IMAGE_JOB_SLOTS = 1;

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when an image slot is free. */
export async function runImageJob<T>(work: () => Promise<T>): Promise<T> {
  if (running >= IMAGE_JOB_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` never dips in between.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** For tests: how many jobs run and wait right now. */
export function imageJobLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}
