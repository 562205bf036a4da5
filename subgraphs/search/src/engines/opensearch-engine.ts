import type { Client } from '@opensearch-project/opensearch';
import { tierRank, type IndexedMetadata } from '../domain/documents';
import { SERVER_FIELDS, serverKeywordFields, TOOL_FIELDS, toolKeywordFields } from '../domain/fields';
import { tiersAtLeast, type SearchFilters } from '../domain/filters';
import type { Bm25Params, KeywordConfig } from '../domain/search-config';
import { STOPWORDS } from '../domain/tokenize';
import type {
  DocKind,
  DocumentsByKind,
  KeywordEngine,
  KeywordSearchRequest,
  KeywordSearchResult,
} from './keyword-engine';

export interface OpenSearchEngineOptions {
  client: Client;
  config: KeywordConfig;
  /** Index names are `<prefix>-tools` and `<prefix>-servers`; the template matches `<prefix>-*`. */
  prefix?: string;
  /** Documents per bulk request. */
  bulkSize?: number;
  /** `refresh` of bulk requests (`wait_for` makes writes visible before returning; tests use it). */
  refresh?: boolean | 'wait_for';
}

type Json = Record<string, unknown>;

/**
 * Keyword engine on OpenSearch, mirroring the embedded BM25F engine: the same fields and boosts, per-field
 * BM25 similarities (k1 and each field's b), an analyzer that splits identifiers the way `tokenize` does
 * (word_delimiter_graph on case changes, digits and `_ - .`, with the catenated compound kept, lowercase,
 * the same stopwords, a light English stemmer when `stem` is on), `cross_fields` multi_match (term statistics blended across
 * fields, the closest OpenSearch gets to BM25F) and the same filters as `bool.filter` terms.
 *
 * Known, accepted differences from the embedded engine: OpenSearch's `light_english` stemmer is not our
 * stemmer, CJK text is not bigrammed, pseudo-relevance feedback is not applied, and there is no theoretical
 * score bound (fusion falls back to min-max for this leg).
 */
export class OpenSearchEngine implements KeywordEngine {
  readonly name = 'opensearch';
  private readonly client: Client;
  private readonly prefix: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: OpenSearchEngineOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? 'mcpr-search';
  }

  indexName(kind: DocKind): string {
    return `${this.prefix}-${kind === 'tool' ? 'tools' : 'servers'}`;
  }

  /** The index template: analysis, similarities and mappings for both indexes. */
  indexTemplate(): Json {
    const { tool, server, stem } = this.options.config;
    // Same switch as the embedded engine's `keyword.stem` (the tuned config turns it off).
    const stemming = stem ? ['mcpr_stemmer'] : [];
    const similarity: Json = {};
    const addSims = (params: Bm25Params, kind: DocKind) => {
      for (const [field, p] of Object.entries(params.fields)) {
        similarity[`${kind}_${field}`] = { type: 'BM25', k1: params.k1, b: p.b };
      }
    };
    addSims(tool, 'tool');
    addSims(server, 'server');
    return {
      index_patterns: [`${this.prefix}-*`],
      template: {
        settings: {
          number_of_shards: 1,
          analysis: {
            filter: {
              mcpr_word_delimiter: {
                type: 'word_delimiter_graph',
                split_on_case_change: true,
                split_on_numerics: true,
                generate_word_parts: true,
                generate_number_parts: true,
                catenate_all: true,
                preserve_original: false,
                stem_english_possessive: true,
              },
              mcpr_stop: { type: 'stop', stopwords: [...STOPWORDS].sort() },
              ...(stem ? { mcpr_stemmer: { type: 'stemmer', language: 'light_english' } } : {}),
            },
            analyzer: {
              mcpr_index: {
                type: 'custom',
                tokenizer: 'whitespace',
                char_filter: [],
                filter: ['mcpr_word_delimiter', 'flatten_graph', 'lowercase', 'mcpr_stop', ...stemming],
              },
              mcpr_search: {
                type: 'custom',
                tokenizer: 'whitespace',
                char_filter: [],
                filter: ['mcpr_word_delimiter', 'lowercase', 'mcpr_stop', ...stemming],
              },
            },
          },
          similarity,
        },
        mappings: {
          dynamic: 'strict',
          properties: {
            id: { type: 'keyword' },
            kind: { type: 'keyword' },
            serverName: { type: 'keyword' },
            namespace: { type: 'keyword' },
            categories: { type: 'keyword' },
            tier: { type: 'keyword' },
            tierRank: { type: 'integer' },
            installs: { type: 'integer' },
            registryTypes: { type: 'keyword' },
            transports: { type: 'keyword' },
            runtimes: { type: 'keyword' },
            tool: { type: 'object', properties: this.textProperties('tool', TOOL_FIELDS) },
            server: { type: 'object', properties: this.textProperties('server', SERVER_FIELDS) },
          },
        },
      },
    };
  }

  private textProperties(kind: DocKind, fields: readonly string[]): Json {
    const props: Json = {};
    for (const f of fields) {
      props[f] = {
        type: 'text',
        analyzer: 'mcpr_index',
        search_analyzer: 'mcpr_search',
        similarity: `${kind}_${f}`,
      };
    }
    return props;
  }

  /** Puts the template and creates both indexes if missing. Idempotent; called before the first write. */
  ensureIndexes(): Promise<void> {
    if (!this.ready) {
      this.ready = (async () => {
        await this.client.indices.putIndexTemplate({
          name: this.prefix,
          body: this.indexTemplate() as never,
        });
        for (const kind of ['tool', 'server'] as const) {
          const index = this.indexName(kind);
          const exists = await this.client.indices.exists({ index });
          if (!exists.body) await this.client.indices.create({ index });
        }
      })();
      this.ready.catch(() => {
        this.ready = undefined;
      });
    }
    return this.ready;
  }

  /** The indexed source of a document: filter fields plus its keyword fields under `tool` / `server`. */
  source<K extends DocKind>(kind: K, doc: DocumentsByKind[K]): Json {
    const meta: IndexedMetadata = doc;
    const texts =
      kind === 'tool'
        ? toolKeywordFields(doc as DocumentsByKind['tool'])
        : serverKeywordFields(doc as DocumentsByKind['server']);
    return {
      id: doc.id,
      kind,
      serverName: meta.serverName,
      namespace: meta.namespace,
      categories: meta.categories,
      tier: meta.tier,
      tierRank: tierRank(meta.tier),
      installs: meta.installs,
      registryTypes: meta.registryTypes,
      transports: meta.transports,
      runtimes: meta.runtimes,
      [kind]: texts,
    };
  }

  async upsert<K extends DocKind>(kind: K, docs: DocumentsByKind[K][]): Promise<void> {
    if (docs.length === 0) return;
    await this.ensureIndexes();
    const index = this.indexName(kind);
    const size = this.options.bulkSize ?? 500;
    for (let i = 0; i < docs.length; i += size) {
      const body: Json[] = [];
      for (const doc of docs.slice(i, i + size)) {
        body.push({ index: { _index: index, _id: doc.id } }, this.source(kind, doc));
      }
      await this.bulk(body);
    }
  }

  async remove(kind: DocKind, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ensureIndexes();
    const index = this.indexName(kind);
    await this.bulk(ids.map((id) => ({ delete: { _index: index, _id: id } })));
  }

  private async bulk(body: Json[]): Promise<void> {
    const res = await this.client.bulk({
      body,
      ...(this.options.refresh !== undefined ? { refresh: this.options.refresh } : {}),
    });
    const result = res.body as {
      errors?: boolean;
      items?: Record<string, { status?: number; error?: unknown }>[];
    };
    if (result.errors) {
      const failed = (result.items ?? [])
        .map((item) => Object.values(item)[0])
        .filter((r) => r && r.error && r.status !== 404);
      if (failed.length > 0)
        throw new Error(
          `OpenSearch bulk: ${failed.length} item(s) failed: ${JSON.stringify(failed[0]!.error)}`,
        );
    }
  }

  /** The search body: a boosted `cross_fields` multi_match inside a bool with the filters. */
  searchBody(kind: DocKind, request: KeywordSearchRequest): Json {
    const params = kind === 'tool' ? this.options.config.tool : this.options.config.server;
    const fields = Object.entries(params.fields)
      .filter(([, p]) => p.boost > 0)
      .map(([f, p]) => `${kind}.${f}^${p.boost}`);
    const bool: Json = {
      must: [{ multi_match: { query: request.text, type: 'cross_fields', operator: 'or', fields } }],
    };
    const { filter, mustNot } = filterClauses(request.filters);
    if (filter.length) bool.filter = filter;
    if (mustNot.length) bool.must_not = mustNot;
    return { size: request.limit, _source: false, track_total_hits: false, query: { bool } };
  }

  async search(kind: DocKind, request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    const res = await this.client.search({
      index: this.indexName(kind),
      body: this.searchBody(kind, request) as never,
    });
    const hits =
      (res.body as { hits?: { hits?: { _id: string; _score: number | null }[] } }).hits?.hits ?? [];
    return { hits: hits.map((h) => ({ id: h._id, score: h._score ?? 0 })) };
  }
}

/** Filters as OpenSearch term clauses (OR within a field, AND across fields). */
export function filterClauses(f: SearchFilters | undefined): { filter: Json[]; mustNot: Json[] } {
  const filter: Json[] = [];
  const mustNot: Json[] = [];
  if (!f) return { filter, mustNot };
  const terms = (field: string, values: string[] | undefined) => {
    if (values && values.length) filter.push({ terms: { [field]: values } });
  };
  terms('categories', f.categories);
  terms('registryTypes', f.registryTypes);
  terms('transports', f.transports);
  terms('namespace', f.namespaces);
  terms('serverName', f.serverNames);
  if (f.minTier) filter.push({ terms: { tier: tiersAtLeast(f.minTier) } });
  if (f.excludeServerNames?.length) mustNot.push({ terms: { serverName: f.excludeServerNames } });
  return { filter, mustNot };
}
