import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The part of ioredis this helper uses (ioredis is the platform's dependency, not this package's). */
interface RedisLike {
  set(key: string, value: string, ...args: (string | number)[]): Promise<string | null>;
  flushdb(): Promise<string>;
  quit(): Promise<string>;
}
type RedisCtor = new (url: string, options?: Record<string, unknown>) => RedisLike;

const requireFromPlatform = createRequire(
  join(__dirname, '..', '..', 'packages', 'platform', 'package.json'),
);

export interface ClaimedRedisDb {
  /** `base` with the claimed logical database as its path (`redis://127.0.0.1:6379/7`). */
  url: string;
  db: number;
  /** Flushes the database and frees the claim. */
  release(): Promise<void>;
}

/**
 * Claims an otherwise unused logical Redis database (1–15) for one platform stack and flushes it. The
 * platform's stream key and consumer group names are fixed (`mcpr:events`, `audit`, …), so two stacks on
 * one database would share — and steal — each other's events; a database per stack isolates them.
 */
export async function claimRedisDb(base: string, ttlSeconds = 900): Promise<ClaimedRedisDb> {
  const { Redis } = requireFromPlatform('ioredis') as { Redis: RedisCtor };
  const root = base.replace(/\/\d*$/, '');
  for (let db = 1; db <= 15; db += 1) {
    const url = `${root}/${db}`;
    const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    const claimed = await redis.set('mcpr:test:claim', `${process.pid}`, 'EX', ttlSeconds, 'NX');
    if (claimed !== 'OK') {
      await redis.quit();
      continue;
    }
    await redis.flushdb();
    await redis.set('mcpr:test:claim', `${process.pid}`, 'EX', ttlSeconds);
    return {
      url,
      db,
      async release() {
        await redis.flushdb();
        await redis.quit();
      },
    };
  }
  throw new Error('claimRedisDb: every logical database 1–15 is claimed');
}
