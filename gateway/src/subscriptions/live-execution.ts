import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { LiveStream } from './live-stream';

/** What a live source stream yields: the value for the root field and a key unique to that value. */
export interface LivePayload<T = unknown> {
  /** Event id or snapshot sequence: identical documents share one execution per key. */
  key: string;
  value: T;
}

/** The part of the operation context the executor reads. */
export interface LiveExecutionContext {
  /** Document, operation name, variables and caller class: results are shared between equal keys. */
  documentKey: string;
}

interface CacheEntry {
  result: Promise<ExecutionResult>;
  expiresAt: number;
}

/**
 * Runs subscriptions for graphql-ws (its `subscribe` option): creates the source stream with the
 * subscription resolver, then executes the selection once per payload and document — 1,000 subscribers
 * with the same document cost one execution per event, not 1,000 — and adds `extensions.dropped` to a
 * message when events were dropped for this subscriber since its previous message.
 */
export class LiveExecutor {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  readonly subscribe = async (
    args: ExecutionArgs,
  ): Promise<AsyncGenerator<ExecutionResult, void, unknown> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
    const iterator = (source as AsyncIterable<LivePayload>)[Symbol.asyncIterator]();
    const context = args.contextValue as LiveExecutionContext;
    const run = (payload: LivePayload) =>
      this.cached(`${context.documentKey}\n${payload.key}`, () => execute({ ...args, rootValue: payload }));
    const done = (): IteratorResult<ExecutionResult, void> => ({ value: undefined, done: true });
    const results: AsyncGenerator<ExecutionResult, void, unknown> = {
      async next() {
        const item = await iterator.next();
        if (item.done) return done();
        const result = await run(item.value);
        const dropped = iterator instanceof LiveStream ? iterator.takeDropped() : 0;
        return {
          value: dropped > 0 ? { ...result, extensions: { ...result.extensions, dropped } } : result,
          done: false,
        };
      },
      async return() {
        await iterator.return?.();
        return done();
      },
      async throw(error: unknown) {
        await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      async [Symbol.asyncDispose]() {
        await iterator.return?.();
      },
    };
    return results;
  };

  get cacheSize(): number {
    return this.cache.size;
  }

  private cached(
    key: string,
    compute: () => ExecutionResult | Promise<ExecutionResult>,
  ): Promise<ExecutionResult> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.result;
    for (const [oldKey, entry] of this.cache) {
      if (entry.expiresAt > now && this.cache.size < this.maxEntries) break;
      this.cache.delete(oldKey);
    }
    const result = Promise.resolve(compute());
    this.cache.set(key, { result, expiresAt: now + this.ttlMs });
    return result;
  }
}
