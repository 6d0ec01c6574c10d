import { createClient } from "@redis/client";

/**
 * Removes every key under `prefix` from the Redis at `url`: what a test or a benchmark wrote under
 * its own random REDIS_KEY_PREFIX, so the machine's shared Redis is left as it was found.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = createClient({ url });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.unlink(keys);
  } finally {
    await redis.close();
  }
}
