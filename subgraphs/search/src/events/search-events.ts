import { createEvent, type EventBus, type EventEnvelope, type Logger } from '@mcpr/platform';

export const SEARCH_SOURCE = 'search';
export const SEARCH_PERFORMED = 'search.performed';

export interface SearchPerformed {
  query: string;
  mode: string;
  totalCount: number;
}

export interface SearchPerformedData extends SearchPerformed, Record<string, unknown> {
  /** Share of searches sampled; the analytics weigh each sample by `1 / sampleRate`. */
  sampleRate: number;
}

/** Publishes sampled `search.performed` events straight to the bus; never fails or delays the search. */
export class SearchEventSampler {
  constructor(
    private readonly bus: EventBus | undefined,
    private readonly sampleRate: number,
    private readonly logger: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  performed(data: SearchPerformed, actor: string, traceId: string | null): void {
    const bus = this.bus;
    if (!bus || this.sampleRate <= 0 || this.random() >= this.sampleRate) return;
    const event = createEvent<SearchPerformedData>({
      type: SEARCH_PERFORMED,
      source: SEARCH_SOURCE,
      actor,
      subject: data.query.slice(0, 200),
      data: { ...data, sampleRate: this.sampleRate },
      traceId,
    });
    // Published on the next turn of the event loop, after the answer is written: with the in-process bus, a
    // consumer (the analytics aggregates) would otherwise run its transaction in the microtasks between the
    // resolver and the response, and every search would wait for it.
    setImmediate(() => this.publish(bus, event));
  }

  private publish(bus: EventBus, event: EventEnvelope): void {
    try {
      bus.publish([event]).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'search.performed not published');
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'search.performed not published');
    }
  }
}
