import { randomUUID } from "node:crypto";
import { createClient } from "@redis/client";
import { parseCount, type ViewCount } from "@/lib/views/buffer";

// The view buffer shared by every instance when REDIS_URL is set (README "«الأكثر قراءة»").
// Keys, under REDIS_KEY_PREFIX:
//   views:seen:<key>   the repeat window (repeat-window.ts): "1", expiring with the window
//   views:buffer       hash "<story>:<hour>" → views, counted by every instance
//   views:flushing     the batch being written: the buffer renamed away by the one instance
//                      holding the flush's advisory lock, plus a "batch" field naming it
// The buffer hashes carry no TTL, so `maxmemory-policy volatile-lru` never evicts counts; the
// repeat keys do, and evicting one early only counts a repeat view.
// A flush that dies after its database commit but before deleting views:flushing is not written
// twice: the commit records the batch's id (flush.ts), and the next flush sees it was applied.

const DEFAULT_TIMEOUT_MS = 300;
const LOG_EVERY_MS = 60_000;
const BATCH_FIELD = "batch";

// One HINCRBY, refused once the buffer holds `max` (story, hour) fields and this one is new: ids
// are only checked against public stories at the flush, so made-up ids must not grow it without
// bound. One key, so it runs on Redis Cluster too.
const ADD_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
  return 1
end
return 0`;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error("redis timeout"), { code: "REDIS_TIMEOUT" })), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export type RedisBatch = { id: string; counts: ViewCount[] };

export type RedisViewStoreOptions = {
  url: string;
  keyPrefix?: string;
  timeoutMs?: number;
  maxEntries?: number;
  log?: (message: string) => void;
};

export class RedisViewStore {
  private readonly client: ReturnType<typeof createClient>;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly log: (message: string) => void;
  private lastLogAt = 0;
  readonly connecting: Promise<void>;

  constructor({ url, keyPrefix = "newsroom:", timeoutMs = DEFAULT_TIMEOUT_MS, maxEntries = 50_000, log = console.warn }: RedisViewStoreOptions) {
    this.prefix = `${keyPrefix}views:`;
    this.timeoutMs = timeoutMs;
    this.maxEntries = maxEntries;
    this.log = log;
    this.client = createClient({
      url,
      // A beacon must not wait for Redis: while it is away, views go to this process's memory.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(timeoutMs, 1000),
        reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 5), 3000),
      },
    });
    this.client.on("error", (error: { code?: string; message?: string }) =>
      this.warn(`views: Redis unavailable (${error?.code ?? error?.message ?? "error"}); counting in this instance's memory`),
    );
    this.connecting = this.client.connect().then(
      () => undefined,
      () => undefined, // the reconnect strategy keeps trying
    );
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.lastLogAt = now;
    this.log(message);
  }

  /** Starts the repeat window for `key`; true when it was not running (a first view). */
  async firstView(key: string, windowMs: number): Promise<boolean> {
    const reply = await within(this.client.set(`${this.prefix}seen:${key}`, "1", { condition: "NX", expiration: { type: "PX", value: windowMs } }), this.timeoutMs);
    return reply === "OK";
  }

  /** Counts one view of (story, hour); false when the shared buffer is full and the pair is new. */
  async add(countKey: string): Promise<boolean> {
    const reply = await within(
      this.client.eval(ADD_SCRIPT, { keys: [`${this.prefix}buffer`], arguments: [countKey, String(this.maxEntries)] }),
      this.timeoutMs,
    );
    return Number(reply) === 1;
  }

  /**
   * The batch to write: one left by a flush that did not finish, else everything counted since the
   * last flush (the buffer is renamed away in one step, so no count lands in both). Only the
   * instance holding the flush lock may call this. Null when there is nothing to write.
   */
  async takeBatch(): Promise<RedisBatch | null> {
    const flushing = `${this.prefix}flushing`;
    const timeout = this.timeoutMs * 3;
    if (!(await within(this.client.exists(flushing), timeout))) {
      const renamed = await within(this.client.renameNX(`${this.prefix}buffer`, flushing), timeout).catch((error: Error) => {
        if (/no such key/i.test(error.message)) return 0; // nothing counted since the last flush
        throw error;
      });
      if (!renamed) return null;
    }
    await within(this.client.hSetNX(flushing, BATCH_FIELD, randomUUID()), timeout);
    const fields = await within(this.client.hGetAll(flushing), timeout);
    const id = fields[BATCH_FIELD] ?? "";
    const counts = Object.entries(fields).flatMap(([key, views]) => (key === BATCH_FIELD ? [] : (parseCount(key, views) ?? [])));
    return { id, counts };
  }

  /** The batch is in the database: drop it. */
  async finishBatch(): Promise<void> {
    await within(this.client.unlink(`${this.prefix}flushing`), this.timeoutMs * 3);
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } catch {
      // already closed
    }
  }
}
