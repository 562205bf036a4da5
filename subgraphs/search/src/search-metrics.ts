import type { ServiceMetrics } from '@mcpr/platform';

/** What the search index reports about itself (also served at GET /stats). */
export interface SearchIndexSample {
  servers: number;
  tools: number;
  /** Indexed servers ranking on the keyword leg alone because storing their vectors failed. */
  serversWithoutVectors: number;
  /** Document texts waiting for the background embedder. */
  documentTextsPending: number;
}

/**
 * The index's health on /metrics, read at scrape time. `search_servers_without_vectors` above 0 for long is
 * the alert: semantic search is incomplete (the embedder or the vector engine is failing), although every
 * request still answers, with `degraded: false`, from the keyword leg.
 */
export function registerSearchIndexGauges(metrics: ServiceMetrics, sample: () => SearchIndexSample): void {
  metrics.gauge('search_indexed_servers', 'Servers in the search index.', () => sample().servers);
  metrics.gauge('search_indexed_tools', 'Tools in the search index.', () => sample().tools);
  metrics.gauge(
    'search_servers_without_vectors',
    'Indexed servers without vectors because embedding or the vector engine failed (retried with backoff).',
    () => sample().serversWithoutVectors,
  );
  metrics.gauge(
    'search_document_texts_pending',
    'Document texts waiting to be embedded (their servers rank on the keyword leg meanwhile).',
    () => sample().documentTextsPending,
  );
}
