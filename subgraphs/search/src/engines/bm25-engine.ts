import type { IndexedMetadata } from '../domain/documents';
import { serverKeywordFields, SERVER_FIELDS, toolKeywordFields, TOOL_FIELDS } from '../domain/fields';
import { matchesFilters } from '../domain/filters';
import type { Bm25Params, KeywordConfig } from '../domain/search-config';
import { tokenize, type TokenizeOptions } from '../domain/tokenize';
import type {
  DocKind,
  DocumentsByKind,
  KeywordEngine,
  KeywordSearchRequest,
  KeywordSearchResult,
  ScoredId,
} from './keyword-engine';
import { TopK } from './top-k';

/**
 * Postings of one term: parallel Int32Arrays of (slot, field << 16 | tf), one entry per (document, field)
 * with tf > 0, sorted by slot. Slots only grow, so appends keep the order and removal is a binary search.
 */
class PostingList {
  slots: Int32Array = new Int32Array(4);
  packed: Int32Array = new Int32Array(4);
  length = 0;
  docFreq = 0;

  add(slot: number, field: number, tf: number): void {
    if (this.length === this.slots.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.slots = grow(this.slots);
      this.packed = grow(this.packed);
    }
    if (this.length === 0 || this.slots[this.length - 1] !== slot) this.docFreq++;
    this.slots[this.length] = slot;
    this.packed[this.length] = (field << 16) | Math.min(tf, 0xffff);
    this.length++;
  }

  removeSlot(slot: number): void {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.slots[mid]! < slot) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.length && this.slots[end] === slot) end++;
    if (end === lo) return;
    this.slots.copyWithin(lo, end, this.length);
    this.packed.copyWithin(lo, end, this.length);
    this.length -= end - lo;
    this.docFreq--;
  }
}

/**
 * The accumulated scores of one query: dense by slot, plus the slots that scored. One board per index,
 * reused between queries (a search runs synchronously), instead of a Map of every matching document.
 */
export class ScoreBoard {
  private values = new Float64Array(64);
  /**
   * The slots that scored, in first-touched order: a typed array kept between queries. A plain array
   * emptied with `length = 0` gave its storage back and regrew it for every query (thousands of slots for
   * a common term), a measurable share of what a search allocated.
   */
  private touched = new Int32Array(64);
  private count = 0;

  reset(slots: number): this {
    if (this.values.length < slots) this.values = new Float64Array(Math.max(slots, this.values.length * 2));
    else for (let i = 0; i < this.count; i++) this.values[this.touched[i]!] = 0;
    this.count = 0;
    return this;
  }

  /** How many slots scored. */
  get size(): number {
    return this.count;
  }

  /** Adds a positive contribution (0 marks an untouched slot). */
  add(slot: number, score: number): void {
    if (this.values[slot] === 0) {
      if (this.count === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.count++] = slot;
    }
    this.values[slot]! += score;
  }

  top(k: number): { slot: number; score: number }[] {
    // A bounded selection: sorting every matching document was a visible share of query time at 25,000 tools.
    const top = new TopK(k);
    for (let i = 0; i < this.count; i++) {
      const slot = this.touched[i]!;
      top.offer(slot, this.values[slot]!);
    }
    return top.sorted();
  }
}

interface Entry {
  id: string;
  metadata: IndexedMetadata;
  /** Tokens per field. */
  lengths: Float64Array;
  /** Distinct terms with their per-field frequencies, for removal and pseudo-relevance feedback. */
  terms: Map<string, number[]>;
}

/** One BM25F index (tools or servers). */
export class Bm25Index {
  private readonly entries: (Entry | undefined)[] = [];
  private readonly byId = new Map<string, number>();
  private readonly postings = new Map<string, PostingList>();
  private readonly lengthSums: Float64Array;
  /** Tokens per (slot, field), flat: the scoring loop reads it for every posting without touching entries. */
  private fieldLengths = new Float64Array(64);
  private readonly board = new ScoreBoard();
  private live = 0;

  constructor(
    readonly fields: readonly string[],
    private readonly tokenizeOptions: TokenizeOptions = {},
  ) {
    this.lengthSums = new Float64Array(fields.length);
  }

  get size(): number {
    return this.live;
  }

  add(id: string, texts: Record<string, string>, metadata: IndexedMetadata): void {
    this.remove(id);
    const slot = this.entries.length;
    const lengths = new Float64Array(this.fields.length);
    const terms = new Map<string, number[]>();
    this.fields.forEach((field, f) => {
      const tokens = tokenize(texts[field] ?? '', this.tokenizeOptions);
      lengths[f] = tokens.length;
      this.lengthSums[f]! += tokens.length;
      for (const t of tokens) {
        let tfs = terms.get(t);
        if (!tfs) terms.set(t, (tfs = new Array<number>(this.fields.length).fill(0)));
        tfs[f]!++;
      }
    });
    for (const [term, tfs] of terms) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new PostingList()));
      tfs.forEach((tf, f) => {
        if (tf > 0) list!.add(slot, f, tf);
      });
    }
    this.entries.push({ id, metadata, lengths, terms });
    const width = this.fields.length;
    if (this.fieldLengths.length < (slot + 1) * width) {
      const grown = new Float64Array(Math.max((slot + 1) * width, this.fieldLengths.length * 2));
      grown.set(this.fieldLengths);
      this.fieldLengths = grown;
    }
    this.fieldLengths.set(lengths, slot * width);
    this.byId.set(id, slot);
    this.live++;
  }

  remove(id: string): void {
    const slot = this.byId.get(id);
    if (slot === undefined) return;
    const entry = this.entries[slot]!;
    for (const term of entry.terms.keys()) {
      const list = this.postings.get(term);
      if (!list) continue;
      list.removeSlot(slot);
      if (list.length === 0) this.postings.delete(term);
    }
    entry.lengths.forEach((len, f) => {
      this.lengthSums[f]! -= len;
    });
    this.entries[slot] = undefined;
    this.byId.delete(id);
    this.live--;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.docFreq ?? 0;
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  /** A cleared score board for a new query. */
  newBoard(): ScoreBoard {
    return this.board.reset(this.entries.length);
  }

  /**
   * BM25F: per-field frequencies are length-normalised and boosted, summed, then saturated once per term
   * (so a term repeated across fields does not count as independent evidence). Adds each term's
   * contribution to `board` (scores are sums over terms, so terms can be added in several calls) and
   * returns the largest score these terms could give.
   */
  score(
    queryTerms: Map<string, number>,
    params: Bm25Params,
    board: ScoreBoard,
    accept?: (metadata: IndexedMetadata) => boolean,
  ): number {
    const width = this.fields.length;
    const boosts = Float64Array.from(this.fields, (f) => params.fields[f]?.boost ?? 0);
    const bs = Float64Array.from(this.fields, (f) => params.fields[f]?.b ?? 0.75);
    const avg = Float64Array.from(this.fields, (_, f) =>
      this.live > 0 ? this.lengthSums[f]! / this.live || 1 : 1,
    );
    const lengths = this.fieldLengths;
    const k1 = params.k1;
    let maxScore = 0;
    for (const [term, qWeight] of queryTerms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      maxScore += qWeight * idf * (k1 + 1);
      const { slots, packed } = list;
      const n = list.length;
      let i = 0;
      while (i < n) {
        const slot = slots[i]!;
        let tfw = 0;
        while (i < n && slots[i] === slot) {
          const p = packed[i]!;
          const f = p >>> 16;
          const boost = boosts[f]!;
          if (boost > 0) {
            const b = bs[f]!;
            tfw += (boost * (p & 0xffff)) / (1 - b + (b * lengths[slot * width + f]!) / avg[f]!);
          }
          i++;
        }
        if (tfw <= 0) continue;
        if (accept && !accept(this.entries[slot]!.metadata)) continue;
        const s = (qWeight * idf * tfw * (k1 + 1)) / (k1 + tfw);
        if (s > 0) board.add(slot, s);
      }
    }
    return maxScore;
  }

  /** Query terms with weights: each distinct token once (repeats add `repeatWeight` each). */
  queryTerms(text: string, repeatWeight = 0): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of tokenize(text, this.tokenizeOptions))
      out.set(t, out.has(t) ? out.get(t)! + repeatWeight : 1);
    return out;
  }

  /**
   * Pseudo-relevance feedback (RM3-like): the highest-weighted terms of the top documents, scored by their
   * normalised frequency in those documents times idf, added to the query with a small weight.
   */
  expand(
    queryTerms: Map<string, number>,
    topSlots: number[],
    terms: number,
    weight: number,
    boosts: number[],
  ): Map<string, number> {
    const cand = new Map<string, number>();
    for (const slot of topSlots) {
      const entry = this.entries[slot];
      if (!entry) continue;
      let total = 0;
      for (const tfs of entry.terms.values()) tfs.forEach((tf, f) => (total += tf * boosts[f]!));
      if (total <= 0) continue;
      for (const [term, tfs] of entry.terms) {
        if (queryTerms.has(term)) continue;
        let w = 0;
        tfs.forEach((tf, f) => (w += tf * boosts[f]!));
        cand.set(term, (cand.get(term) ?? 0) + w / total);
      }
    }
    const scored = [...cand]
      .map(([t, w]) => [t, w * this.idf(t)] as const)
      .filter(([t]) => this.postings.get(t)!.docFreq > 1);
    scored.sort((a, b) => b[1] - a[1]);
    const out = new Map(queryTerms);
    const top = scored.slice(0, terms);
    const maxW = top[0]?.[1] ?? 1;
    for (const [t, w] of top) out.set(t, (weight * w) / maxW);
    return out;
  }

  idOf(slot: number): string {
    return this.entries[slot]!.id;
  }

  metadataOf(id: string): IndexedMetadata | undefined {
    const slot = this.byId.get(id);
    return slot === undefined ? undefined : this.entries[slot]!.metadata;
  }
}

/**
 * Embedded keyword engine: BM25F over an inverted index, per-field boosts and length normalisation,
 * exact filters, incremental upsert/remove, optional pseudo-relevance feedback.
 */
export class Bm25Engine implements KeywordEngine {
  readonly name = 'bm25';
  private readonly indexes: Record<DocKind, Bm25Index>;

  constructor(private readonly config: KeywordConfig) {
    const opts: TokenizeOptions = { stem: config.stem };
    this.indexes = { tool: new Bm25Index(TOOL_FIELDS, opts), server: new Bm25Index(SERVER_FIELDS, opts) };
  }

  index(kind: DocKind): Bm25Index {
    return this.indexes[kind];
  }

  async upsert<K extends DocKind>(kind: K, docs: DocumentsByKind[K][]): Promise<void> {
    for (const doc of docs) {
      const texts =
        kind === 'tool'
          ? toolKeywordFields(doc as DocumentsByKind['tool'])
          : serverKeywordFields(doc as DocumentsByKind['server']);
      this.indexes[kind].add(doc.id, texts, doc);
    }
  }

  async remove(kind: DocKind, ids: string[]): Promise<void> {
    for (const id of ids) this.indexes[kind].remove(id);
  }

  async search(kind: DocKind, request: KeywordSearchRequest): Promise<KeywordSearchResult> {
    return this.searchSync(kind, request);
  }

  searchSync(kind: DocKind, request: KeywordSearchRequest): KeywordSearchResult {
    const index = this.indexes[kind];
    const params = kind === 'tool' ? this.config.tool : this.config.server;
    const accept = request.filters ? (m: IndexedMetadata) => matchesFilters(m, request.filters) : undefined;
    const terms = index.queryTerms(request.text, this.config.repeatWeight);
    const board = index.newBoard();
    let maxScore = index.score(terms, params, board, accept);
    const prf = this.config.prf;
    if (prf && prf.docs > 0 && prf.terms > 0 && board.size > 0) {
      const top = board.top(prf.docs).map((h) => h.slot);
      const boosts = index.fields.map((f) => params.fields[f]?.boost ?? 0);
      const expanded = index.expand(terms, top, prf.terms, prf.weight, boosts);
      // The expansion keeps the query's own terms and weights, so only the added terms need scoring.
      const added = new Map([...expanded].filter(([term]) => !terms.has(term)));
      maxScore += index.score(added, params, board, accept);
    }
    const hits: ScoredId[] = board.top(request.limit).map((h) => ({
      id: index.idOf(h.slot),
      score: h.score,
    }));
    return { hits, maxScore };
  }
}
