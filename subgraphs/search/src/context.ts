import type { Logger, Principal } from '@mcpr/platform';
import type { SearchService } from './domain/hybrid-search';
import type { SearchEventSampler } from './events/search-events';

/** What every search resolver receives; built once per request. */
export interface SearchContext {
  search: SearchService;
  events?: SearchEventSampler;
  principal: Principal;
  logger: Logger;
  requestId: string;
}
