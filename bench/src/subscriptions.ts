import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createEvent, createLogger, RedisStreamBus } from '@mcpr/platform';
import { createKey, GatewayClient, ROOT, startStackProcess, type StackProcess } from '@mcpr/e2e';
import { openLeanConnection, type LeanConnection, type LiveMessage } from '@mcpr/gateway/subscriptions/index';

/**
 * bench/subscriptions: 1,000 concurrent graphql-ws subscribers on loopback receive a burst of 1,000
 * events; prints delivery latency p50/p99 and the platform process's memory, with one deliberately
 * stalled client (its socket is not read during the burst) — and the same burst without it, for
 * comparison.
 *
 * Modes (the platform runs as a child process, `gateway/dist/embedded-main.js`):
 * - `embedded` (default): in-process bus. The burst is 1,000 HTTP requests with a malformed
 *   Authorization header, each of which the gateway answers 401 and reports as `auth.failed`
 *   (subscribers hold AUDIT_READ keys); latency is measured from the event's `occurredAt`. The
 *   requests are served by the same process that fans out, so the burst spreads over the run.
 * - `redis` (`--mode redis`, REDIS_URL or redis://127.0.0.1:6379): Redis Streams. The benchmark
 *   XADDs 1,000 `bench.tick` events itself (a true burst; a type no subgraph consumes, visible to
 *   AUDIT_READ) carrying their send time; latency is measured from it, so it includes the Redis hop.
 *   Each event carries `--payload` bytes of filler that only the stalled client selects (`data`), so
 *   its socket buffers fill and its queue has to drop.
 *
 * Latency is per delivered message, from the event's send time to its arrival at the subscriber: with
 * 1,000 × 1,000 = 1,000,000 messages, it is dominated by the time the gateway takes to drain the burst.
 * A stalled client that reads nothing for a keepalive interval (15 s) is terminated by the gateway.
 *
 * Usage: npx tsc -b bench && node bench/dist/subscriptions.js [--mode embedded|redis] [--subscribers 1000]
 *        [--events 1000] [--payload 16384]
 */

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const mode = arg('mode', 'embedded') as 'embedded' | 'redis';
const SUBSCRIBERS = Number(arg('subscribers', '1000'));
const EVENTS = Number(arg('events', '1000'));
/** Bytes of filler in each synthetic event (redis mode), so a stalled socket's buffers fill. */
const PAYLOAD = Number(arg('payload', '16384'));
/** The gateway's default cap of subscriptions per key: subscribers are spread over enough keys. */
const PER_KEY = 100;

const now = () => performance.timeOrigin + performance.now();

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** RSS and peak RSS (VmHWM) of a process, in MiB. */
function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: round(kib('VmRSS') / 1024), peakMiB: round(kib('VmHWM') / 1024) };
}

interface Subscriber {
  connection: LeanConnection;
  latencies: number[];
  received: number;
  dropped: number;
  lastAt: number;
}

/** The subscription every subscriber runs; the stalled one also selects `data` (larger messages). */
function documentFor(
  eventType: string,
  withData: boolean,
): { query: string; variables: Record<string, unknown> } {
  return {
    query: `subscription Bench($filter: ActivityFilter) { activity(filter: $filter) { id type subject occurredAt${withData ? ' data' : ''} } }`,
    variables: { filter: { types: [eventType] } },
  };
}

async function main(): Promise<void> {
  const redisUrl = mode === 'redis' ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined;
  // A private logical database: the platform's stream and group names are fixed.
  const redisDbUrl = redisUrl ? `${redisUrl.replace(/\/\d*$/, '')}/${9 + (process.pid % 6)}` : undefined;
  process.stderr.write(`starting the platform (${mode})…\n`);
  const stack: StackProcess = await startStackProcess({
    env: { RATE_LIMITS: 'off', LOG_LEVEL: 'warn', ...(redisDbUrl ? { REDIS_URL: redisDbUrl } : {}) },
  });
  const pid = stack.child.pid!;
  const bus = redisDbUrl
    ? new RedisStreamBus({ redisUrl: redisDbUrl, logger: createLogger('bench', 'warn') })
    : undefined;
  const eventType = mode === 'redis' ? 'bench.tick' : 'auth.failed';
  const all: LeanConnection[] = [];
  try {
    const admin = new GatewayClient(stack.gatewayUrl, stack.adminKey);
    const keys: string[] = [];
    for (let i = 0; i <= Math.ceil(SUBSCRIBERS / PER_KEY); i += 1) {
      keys.push((await createKey(admin, { scopes: ['AUDIT_READ'], name: `bench-live-${i}` })).secret);
    }
    const memoryBefore = memoryOf(pid);

    process.stderr.write(`connecting ${SUBSCRIBERS} subscribers and one stalled client…\n`);
    const subscribers: Subscriber[] = [];
    let burstEvents = new Set<string>();
    // Embedded mode cannot know event ids in advance: every auth.failed after the reset belongs to the burst.
    const inBurst = (id: string) => (bus ? burstEvents.has(id) : true);
    const { query, variables } = documentFor(eventType, false);
    for (let start = 0; start < SUBSCRIBERS; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, SUBSCRIBERS - start) }, (_, j) =>
          openLeanConnection(stack.gatewayUrl, { apiKey: keys[Math.floor((start + j) / PER_KEY)]! }),
        ),
      );
      for (const connection of batch) {
        all.push(connection);
        const subscriber: Subscriber = { connection, latencies: [], received: 0, dropped: 0, lastAt: 0 };
        connection.subscribe(query, variables, (message: LiveMessage) => onMessage(subscriber, message));
        subscribers.push(subscriber);
      }
    }
    const stalledConnection = await openLeanConnection(stack.gatewayUrl, { apiKey: keys.at(-1)! });
    all.push(stalledConnection);
    const stalled: Subscriber = {
      connection: stalledConnection,
      latencies: [],
      received: 0,
      dropped: 0,
      lastAt: 0,
    };
    let stalledClose: { code: number } | undefined;
    void stalledConnection.closed.then((closed) => (stalledClose = closed));
    const stalledDoc = documentFor(eventType, true);
    stalledConnection.subscribe(stalledDoc.query, stalledDoc.variables, (message) =>
      onMessage(stalled, message),
    );

    function onMessage(subscriber: Subscriber, message: LiveMessage): void {
      const at = performance.timeOrigin + message.receivedAt;
      const activity = message.payload.data?.activity as
        | { id: string; occurredAt: string; subject: string }
        | undefined;
      subscriber.dropped += Number(message.payload.extensions?.dropped ?? 0);
      if (!activity || !inBurst(activity.id)) return;
      subscriber.received += 1;
      subscriber.lastAt = at;
      // redis mode: the send time travels in the subject (`bench/<ms>`), sub-millisecond; else occurredAt.
      const sentAt = activity.subject.startsWith('bench/')
        ? Number(activity.subject.slice(6))
        : Date.parse(activity.occurredAt);
      subscriber.latencies.push(at - sentAt);
    }

    const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
    /** Sends `count` events as fast as possible; returns their ids (embedded mode: learnt on arrival). */
    async function burst(count: number): Promise<void> {
      if (bus) {
        const events = Array.from({ length: count }, () =>
          createEvent({
            type: 'bench.tick',
            source: 'bench',
            actor: 'bench',
            subject: `bench/${now()}`,
            data: { filler: 'x'.repeat(PAYLOAD) },
          }),
        );
        for (const event of events) burstEvents.add(event.id);
        // Pipelines of 100 XADDs; the send time is stamped just before each pipeline leaves.
        for (let i = 0; i < events.length; i += 100) {
          const chunk = events.slice(i, i + 100);
          for (const event of chunk) event.subject = `bench/${now()}`;
          await bus.publish(chunk);
        }
        return;
      }
      let next = 0;
      const worker = async () => {
        while (next < count) {
          next += 1;
          const response = await request(`${stack.gatewayUrl}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Basic not-a-key' },
            body: '{"query":"{ __typename }"}',
            dispatcher,
          });
          await response.body.dump();
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
    }

    // Warm-up: every subscription is live once each subscriber has received an event.
    const warm = async () => {
      const deadline = Date.now() + 30_000;
      while (subscribers.some((s) => s.received === 0)) {
        if (Date.now() > deadline) throw new Error('subscriptions did not become live');
        await burst(1);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await warm();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const runBurst = async (label: string, stall: boolean) => {
      for (const subscriber of [...subscribers, stalled]) {
        subscriber.latencies = [];
        subscriber.received = 0;
        subscriber.dropped = 0;
      }
      if (bus) burstEvents = new Set();
      if (stall) stalledConnection.pause();
      let peak = memoryOf(pid).rssMiB;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memoryOf(pid).rssMiB);
      }, 50);
      const started = now();
      await burst(EVENTS);
      const sentIn = now() - started;
      const deadline = Date.now() + 120_000;
      while (subscribers.some((s) => s.received < EVENTS) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const allDelivered = now() - started;
      clearInterval(sampler);
      const afterBurst = memoryOf(pid);
      const latencies = Float64Array.from(subscribers.flatMap((s) => s.latencies)).sort();
      const completion = Float64Array.from(subscribers.map((s) => s.lastAt - started)).sort();
      let stalledReport: Record<string, number> | undefined;
      if (stall) {
        const whileStalled = stalled.received;
        stalledConnection.resume();
        const until = Date.now() + 30_000;
        while (stalled.received + stalled.dropped < EVENTS && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        stalledReport = {
          receivedWhileStalled: whileStalled,
          receivedAfterResume: stalled.received - whileStalled,
          droppedReported: stalled.dropped,
          accountedFor: stalled.received + stalled.dropped,
          // 1006: the gateway terminated it (no pong while it read nothing for a keepalive interval).
          closeCode: stalledClose?.code ?? 0,
        };
      }
      const result = {
        label,
        subscribers: SUBSCRIBERS,
        events: EVENTS,
        deliveries: latencies.length,
        complete: subscribers.every((s) => s.received === EVENTS),
        burstSentMs: round(sentIn),
        allDeliveredMs: round(allDelivered),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p90: round(percentile(latencies, 90)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.at(-1) ?? NaN),
        },
        subscriberCompletionMs: {
          p50: round(percentile(completion, 50)),
          p99: round(percentile(completion, 99)),
          max: round(completion.at(-1) ?? NaN),
        },
        platformMemoryMiB: {
          before: memoryBefore.rssMiB,
          peakDuringBurst: peak,
          afterBurst: afterBurst.rssMiB,
        },
        ...(stalledReport ? { stalledClient: stalledReport } : {}),
      };
      process.stderr.write(`${JSON.stringify(result)}\n`);
      return result;
    };

    const withStall = await runBurst('burst with one stalled client', true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const baseline = await runBurst('same burst, no stalled client', false);
    await dispatcher.close();

    const table = [withStall, baseline]
      .map(
        (r) =>
          `${r.label.padEnd(32)} deliveries ${String(r.deliveries).padStart(8)}  p50 ${String(r.latencyMs.p50).padStart(7)} ms  ` +
          `p99 ${String(r.latencyMs.p99).padStart(7)} ms  max ${String(r.latencyMs.max).padStart(7)} ms  ` +
          `all delivered in ${r.allDeliveredMs} ms  RSS ${r.platformMemoryMiB.before}→${r.platformMemoryMiB.peakDuringBurst} MiB`,
      )
      .join('\n');
    const summary = {
      benchmark: 'subscriptions',
      mode,
      payloadBytes: bus ? PAYLOAD : undefined,
      runs: [withStall, baseline],
    };
    process.stdout.write(`\n${table}\n`);
    if (withStall.stalledClient) {
      const s = withStall.stalledClient;
      process.stdout.write(
        `stalled client: ${s.receivedWhileStalled} received while stalled, ${s.receivedAfterResume} after resuming, ` +
          `${s.droppedReported} dropped (reported in extensions.dropped); ${s.accountedFor}/${EVENTS} accounted for` +
          (s.closeCode ? `; its connection was closed (${s.closeCode}: terminated without pong)` : '') +
          '\n',
      );
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', `subscriptions-${mode}.json`),
      JSON.stringify(summary, null, 2),
    );
  } finally {
    for (const connection of all) connection.socket.terminate();
    await bus?.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
