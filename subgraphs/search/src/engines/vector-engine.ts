import type { IndexedMetadata } from '../domain/documents';
import type { SearchFilters } from '../domain/filters';
import type { DocKind, ScoredId } from './keyword-engine';

/** A document's named vectors ("facets": e.g. `tool`, `params`, `server`) plus the metadata filters read. */
export interface VectorPoint {
  id: string;
  vectors: Record<string, Float32Array>;
  metadata: IndexedMetadata;
}

export interface VectorSearchRequest {
  /** Unit-length query vector. */
  vector: Float32Array;
  /** Which named vector to compare with. */
  facet: string;
  limit: number;
  filters?: SearchFilters;
}

/** Cosine similarity search over unit-length vectors. Scores are cosines in [-1, 1]. */
export interface VectorEngine {
  readonly name: string;
  upsert(kind: DocKind, points: VectorPoint[]): Promise<void>;
  remove(kind: DocKind, ids: string[]): Promise<void>;
  search(kind: DocKind, request: VectorSearchRequest): Promise<ScoredId[]>;
  /** Several queries against one facet in one call (engines may batch them). */
  searchMany?(kind: DocKind, requests: VectorSearchRequest[]): Promise<ScoredId[][]>;
}
