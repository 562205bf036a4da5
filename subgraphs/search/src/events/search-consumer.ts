import type { BusSubscription, EventBus, Logger } from '@mcpr/platform';
import { SEARCH_EVENT_TYPES, type SearchIndexer } from './search-indexer';

/** Subscribes the indexer as consumer group `search` (registry and trust events). */
export function subscribeSearchConsumer(deps: {
  bus: EventBus;
  indexer: SearchIndexer;
  logger: Logger;
}): Promise<BusSubscription> {
  return deps.bus.subscribe({ group: 'search', types: [...SEARCH_EVENT_TYPES] }, async (event) => {
    try {
      await deps.indexer.handle(event);
    } catch (error) {
      deps.logger.error({ err: error, eventId: event.id, type: event.type }, 'search indexing failed');
      throw error;
    }
  });
}
