import type { EventBusOptions } from './delivery-retry';
import type { EventBus } from './event-bus';
import { InProcessEventBus } from './in-process-bus';
import { RedisStreamBus, type RedisStreamBusOptions } from './redis-stream-bus';

export interface CreateEventBusOptions extends EventBusOptions {
  /** Set (distributed mode): Redis Streams. Unset (embedded mode): the in-process bus. */
  redisUrl?: string;
  /** Redis stream key (default `mcpr:events`). */
  streamKey?: string;
  /** Further Redis tuning (MAXLEN, block and claim timings); ignored by the in-process bus. */
  redis?: Omit<RedisStreamBusOptions, keyof EventBusOptions | 'redisUrl' | 'streamKey'>;
}

/**
 * The bus for this runtime mode, chosen by configuration only (ARCHITECTURE §3): never by probing
 * whether a Redis server happens to answer.
 */
export function createEventBus(options: CreateEventBusOptions): EventBus {
  const { redisUrl, streamKey, redis, ...common } = options;
  if (redisUrl) return new RedisStreamBus({ ...common, ...redis, redisUrl, streamKey });
  return new InProcessEventBus(common);
}
