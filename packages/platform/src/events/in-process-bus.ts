import type { Logger } from '../logging/logger';
import { settlesWithin } from './async-timers';
import {
  deliverWithRetry,
  resolveRetryPolicy,
  type EventBusOptions,
  type ParkedEvent,
  type RetryPolicy,
} from './delivery-retry';
import type { EventEnvelope } from './envelope';
import type { BusSubscription, EventBus, EventHandler, SubscribeOptions } from './event-bus';
import { eventTypeFilter, eventTypeFilterKey } from './event-type-filter';
import { FifoQueue } from './fifo-queue';

export interface InProcessEventBusOptions extends EventBusOptions {
  /** How long `close()` lets queued events drain before dropping them (default 5,000 ms). */
  drainTimeoutMs?: number;
}

interface Member {
  handler: EventHandler;
  inFlight: Promise<void> | null;
}

/** A queued event and the publisher waiting for this group to finish with it. */
interface Pending {
  payload: string;
  done: () => void;
  failed: (error: Error) => void;
}

interface Group {
  name: string;
  filterKey: string;
  matches: (type: string) => boolean;
  members: Member[];
  /** Round-robin cursor over `members`. */
  next: number;
  /** Pending events as JSON (one string shared by every group: the same copy semantics as Redis). */
  queue: FifoQueue<Pending>;
  pumping: Promise<void> | null;
  /** Aborted when the group goes away (last member left, or the bus closed). */
  stop: AbortController;
}

/**
 * The embedded-mode bus: one ordered queue per consumer group, served one event at a time (so per-group
 * order holds), round-robin over the group's members. Memory holds only pending events.
 *
 * Unlike Redis it keeps no history: a group receives only events published after its first subscription,
 * and a group is forgotten (with its pending events) when its last subscription closes. Embedded boot
 * therefore subscribes every consumer before starting the outbox relays; the relays' resend-on-start
 * covers whatever was committed before.
 *
 * Because memory is not durable, `publish` resolves only when every matching group has handled (or
 * parked) the events, and rejects when a group is dropped first. The outbox relay marks rows sent after
 * `publish` resolves, so a crash loses nothing: unhandled rows stay unsent and are resent on restart.
 */
export class InProcessEventBus implements EventBus {
  private readonly groups = new Map<string, Group>();
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly drainTimeoutMs: number;
  private readonly onParked?: (parked: ParkedEvent) => void;
  private closing: Promise<void> | null = null;

  constructor(options: InProcessEventBusOptions) {
    this.logger = options.logger;
    this.policy = resolveRetryPolicy(options.retry);
    this.drainTimeoutMs = options.drainTimeoutMs ?? 5_000;
    this.onParked = options.onParked;
  }

  async publish(events: EventEnvelope[]): Promise<void> {
    if (this.closing) throw new Error('InProcessEventBus is closed');
    const handled: Promise<void>[] = [];
    for (const event of events) {
      const payload = JSON.stringify(event);
      for (const group of this.groups.values()) {
        if (!group.matches(event.type)) continue; // filtered at enqueue: never held in memory
        handled.push(
          new Promise<void>((done, failed) => {
            group.queue.push({ payload, done, failed });
          }),
        );
        this.schedule(group);
      }
    }
    await Promise.all(handled);
  }

  async subscribe(options: SubscribeOptions, handler: EventHandler): Promise<BusSubscription> {
    if (this.closing) throw new Error('InProcessEventBus is closed');
    const filterKey = eventTypeFilterKey(options.types);
    let group = this.groups.get(options.group);
    if (!group) {
      group = {
        name: options.group,
        filterKey,
        matches: eventTypeFilter(options.types),
        members: [],
        next: 0,
        queue: new FifoQueue<Pending>(),
        pumping: null,
        stop: new AbortController(),
      };
      this.groups.set(options.group, group);
    } else if (group.filterKey !== filterKey) {
      // Redis acknowledges what a member filters out, so mixed filters in a group would lose events there.
      throw new Error(
        `group ${options.group} is subscribed with types [${group.filterKey}], not [${filterKey}]`,
      );
    }
    const member: Member = { handler, inFlight: null };
    group.members.push(member);
    this.schedule(group);
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        await this.leave(group, member);
      },
    };
  }

  /** Stops taking events, lets queued ones drain for up to `drainTimeoutMs`, then stops every group. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  async healthy(): Promise<boolean> {
    return this.closing === null;
  }

  private async shutdown(): Promise<void> {
    const groups = [...this.groups.values()];
    const drained = settlesWithin(Promise.all(groups.map((group) => this.idle(group))), this.drainTimeoutMs);
    if (!(await drained)) {
      this.logger.warn({ drainTimeoutMs: this.drainTimeoutMs }, 'event bus closed before its queues drained');
    }
    for (const group of groups) this.dropGroup(group);
    await Promise.all(groups.map((group) => this.idle(group)));
  }

  private async leave(group: Group, member: Member): Promise<void> {
    const index = group.members.indexOf(member);
    if (index >= 0) group.members.splice(index, 1);
    if (group.members.length === 0 && this.groups.get(group.name) === group) this.dropGroup(group);
    await member.inFlight?.catch(() => undefined);
    if (group.members.length === 0) await this.idle(group);
  }

  private dropGroup(group: Group): void {
    if (this.groups.get(group.name) === group) this.groups.delete(group.name);
    group.stop.abort();
    if (group.queue.length > 0) {
      this.logger.warn(
        { group: group.name, dropped: group.queue.length },
        'event group stopped with pending events',
      );
    }
    const error = new Error(`event group ${group.name} stopped before handling the event`);
    for (let pending = group.queue.shift(); pending; pending = group.queue.shift()) pending.failed(error);
  }

  /** Resolves once the group's pump has nothing left to do. */
  private async idle(group: Group): Promise<void> {
    while (group.pumping) await group.pumping;
  }

  private schedule(group: Group): void {
    if (group.pumping || group.members.length === 0 || group.stop.signal.aborted) return;
    group.pumping = this.pump(group).then(() => {
      group.pumping = null;
      // An event may have arrived between the pump's last check and here.
      if (group.queue.length > 0) this.schedule(group);
    });
  }

  private async pump(group: Group): Promise<void> {
    await Promise.resolve(); // never run a handler inside publish() or subscribe()
    while (!group.stop.signal.aborted) {
      const pending = group.queue.peek();
      if (pending === undefined) return;
      const { payload } = pending;
      const event = JSON.parse(payload) as EventEnvelope;
      const result = await deliverWithRetry(event, () => this.callMember(group, payload), {
        group: group.name,
        policy: this.policy,
        logger: this.logger,
        signal: group.stop.signal,
      });
      if (result.outcome === 'abandoned') return;
      group.queue.shift();
      if (result.outcome === 'parked') {
        this.onParked?.({ group: group.name, event, attempts: result.attempts, error: result.error });
      }
      pending.done();
    }
  }

  private callMember(group: Group, payload: string): Promise<void> {
    if (group.members.length === 0)
      return Promise.reject(new Error(`group ${group.name} has no subscribers`));
    const member = group.members[group.next % group.members.length]!;
    group.next = (group.next + 1) % group.members.length;
    // Each attempt gets a fresh copy, as it would from Redis: a handler's mutations never leak into a retry.
    const call = member.handler(JSON.parse(payload) as EventEnvelope);
    member.inFlight = call.then(
      () => undefined,
      () => undefined,
    );
    return call;
  }
}
