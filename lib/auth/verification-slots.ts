// Argon2 costs ~19 MiB and ~50 ms of CPU per check, and anyone may ask for one by posting the
// login form. At most MAX_CONCURRENT checks run at once; a few more wait briefly for a slot, and
// the rest are refused (the caller answers with the rate-limit message).
export const MAX_CONCURRENT_VERIFICATIONS = 4;
export const MAX_WAITING_VERIFICATIONS = 32;
export const MAX_WAIT_MS = 2000;

export class VerificationSlots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency = MAX_CONCURRENT_VERIFICATIONS,
    private readonly maxWaiting = MAX_WAITING_VERIFICATIONS,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  /** Runs `task` in a slot, or resolves `{ busy: true }` without running it when none frees up in time. */
  async run<T>(task: () => Promise<T>): Promise<{ busy: false; value: T } | { busy: true }> {
    if (!(await this.acquire())) return { busy: true };
    try {
      return { busy: false, value: await task() };
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<boolean> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve(false);
    return new Promise((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(false);
      }, this.maxWaitMs);
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `running` stays the same.
    if (next) next();
    else this.running--;
  }
}

// One per process: the CPU it protects is this process's.
export const passwordVerificationSlots = new VerificationSlots();
