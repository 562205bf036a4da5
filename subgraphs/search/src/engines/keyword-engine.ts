import type { ServerDocument, ToolDocument } from '../domain/documents';
import type { SearchFilters } from '../domain/filters';

export interface DocumentsByKind {
  tool: ToolDocument;
  server: ServerDocument;
}
export type DocKind = keyof DocumentsByKind;

export interface ScoredId {
  id: string;
  score: number;
}

export interface KeywordSearchRequest {
  text: string;
  limit: number;
  filters?: SearchFilters;
}

export interface KeywordSearchResult {
  /** Best first. */
  hits: ScoredId[];
  /**
   * An upper bound on any document's score for this query (for theoretical-bound normalisation),
   * when the engine can state one.
   */
  maxScore?: number;
}

/** A keyword (lexical) search engine over tool and server documents. */
export interface KeywordEngine {
  readonly name: string;
  upsert<K extends DocKind>(kind: K, docs: DocumentsByKind[K][]): Promise<void>;
  remove(kind: DocKind, ids: string[]): Promise<void>;
  search(kind: DocKind, request: KeywordSearchRequest): Promise<KeywordSearchResult>;
}
