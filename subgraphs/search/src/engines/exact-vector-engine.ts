import type { IndexedMetadata } from '../domain/documents';
import { matchesFilters } from '../domain/filters';
import type { DocKind, ScoredId } from './keyword-engine';
import type { VectorEngine, VectorPoint, VectorSearchRequest } from './vector-engine';
import { TopK } from './top-k';

export type Quantization = 'none' | 'int8';

/** Vectors of one facet, stored contiguously (slot × dimension), float32 or int8 with a per-row scale. */
class FacetMatrix {
  f32: Float32Array;
  i8: Int8Array;
  scales: Float32Array;

  constructor(
    readonly dimension: number,
    readonly quantization: Quantization,
    capacity = 64,
  ) {
    this.f32 = new Float32Array(quantization === 'none' ? capacity * dimension : 0);
    this.i8 = new Int8Array(quantization === 'int8' ? capacity * dimension : 0);
    this.scales = new Float32Array(quantization === 'int8' ? capacity : 0);
  }

  ensure(slots: number): void {
    const cap = this.quantization === 'none' ? this.f32.length / this.dimension : this.scales.length;
    if (slots <= cap) return;
    const next = Math.max(slots, cap * 2);
    if (this.quantization === 'none') {
      const b = new Float32Array(next * this.dimension);
      b.set(this.f32);
      this.f32 = b;
    } else {
      const b = new Int8Array(next * this.dimension);
      b.set(this.i8);
      this.i8 = b;
      const s = new Float32Array(next);
      s.set(this.scales);
      this.scales = s;
    }
  }

  set(slot: number, v: Float32Array): void {
    this.ensure(slot + 1);
    const off = slot * this.dimension;
    if (this.quantization === 'none') {
      this.f32.set(v.subarray(0, this.dimension), off);
      return;
    }
    let max = 0;
    for (let i = 0; i < this.dimension; i++) max = Math.max(max, Math.abs(v[i] ?? 0));
    const scale = max > 0 ? max / 127 : 1;
    for (let i = 0; i < this.dimension; i++) this.i8[off + i] = Math.round((v[i] ?? 0) / scale);
    this.scales[slot] = scale;
  }

  dot(slot: number, q: Float32Array): number {
    const off = slot * this.dimension;
    const d = this.dimension;
    let s = 0;
    if (this.quantization === 'none') {
      const a = this.f32;
      for (let i = 0; i < d; i++) s += a[off + i]! * q[i]!;
      return s;
    }
    const a = this.i8;
    for (let i = 0; i < d; i++) s += a[off + i]! * q[i]!;
    return s * this.scales[slot]!;
  }
}

interface Collection {
  ids: (string | undefined)[];
  metadata: (IndexedMetadata | undefined)[];
  byId: Map<string, number>;
  facets: Map<string, FacetMatrix>;
  /** Which facets each slot actually has. */
  has: Map<string, Uint8Array>;
  dead: number;
}

/**
 * Embedded vector engine: exact cosine (dot product of unit vectors) over contiguous Float32Arrays, or int8
 * rows with a per-row scale. Exact search over tens of thousands of tools takes a few milliseconds.
 */
export class ExactVectorEngine implements VectorEngine {
  readonly name = 'exact';
  private readonly collections: Record<DocKind, Collection>;

  constructor(
    readonly dimension: number,
    private readonly quantization: Quantization = 'none',
  ) {
    const make = (): Collection => ({
      ids: [],
      metadata: [],
      byId: new Map(),
      facets: new Map(),
      has: new Map(),
      dead: 0,
    });
    this.collections = { tool: make(), server: make() };
  }

  async upsert(kind: DocKind, points: VectorPoint[]): Promise<void> {
    const c = this.collections[kind];
    for (const p of points) {
      this.removeOne(c, p.id);
      const slot = c.ids.length;
      c.ids.push(p.id);
      c.metadata.push(p.metadata);
      c.byId.set(p.id, slot);
      for (const [facet, v] of Object.entries(p.vectors)) {
        if (v.length !== this.dimension)
          throw new Error(`vector of ${v.length} dimensions, expected ${this.dimension}`);
        let m = c.facets.get(facet);
        if (!m) c.facets.set(facet, (m = new FacetMatrix(this.dimension, this.quantization)));
        m.set(slot, v);
        let has = c.has.get(facet);
        if (!has || has.length <= slot) {
          const next = new Uint8Array(Math.max(64, (slot + 1) * 2));
          if (has) next.set(has);
          c.has.set(facet, (has = next));
        }
        has[slot] = 1;
      }
    }
    this.maybeCompact(kind);
  }

  async remove(kind: DocKind, ids: string[]): Promise<void> {
    const c = this.collections[kind];
    for (const id of ids) this.removeOne(c, id);
    this.maybeCompact(kind);
  }

  private removeOne(c: Collection, id: string): void {
    const slot = c.byId.get(id);
    if (slot === undefined) return;
    c.byId.delete(id);
    c.ids[slot] = undefined;
    c.metadata[slot] = undefined;
    for (const has of c.has.values()) if (slot < has.length) has[slot] = 0;
    c.dead++;
  }

  /** Rebuilds a collection once a quarter of its slots are dead. */
  private maybeCompact(kind: DocKind): void {
    const c = this.collections[kind];
    if (c.dead < 64 || c.dead * 4 < c.ids.length) return;
    const fresh: Collection = {
      ids: [],
      metadata: [],
      byId: new Map(),
      facets: new Map(),
      has: new Map(),
      dead: 0,
    };
    c.ids.forEach((id, slot) => {
      if (id === undefined) return;
      const n = fresh.ids.length;
      fresh.ids.push(id);
      fresh.metadata.push(c.metadata[slot]);
      fresh.byId.set(id, n);
      for (const [facet, m] of c.facets) {
        if (!c.has.get(facet)?.[slot]) continue;
        let fm = fresh.facets.get(facet);
        if (!fm) fresh.facets.set(facet, (fm = new FacetMatrix(this.dimension, this.quantization)));
        fm.ensure(n + 1);
        if (this.quantization === 'none')
          fm.f32.set(m.f32.subarray(slot * this.dimension, (slot + 1) * this.dimension), n * this.dimension);
        else {
          fm.i8.set(m.i8.subarray(slot * this.dimension, (slot + 1) * this.dimension), n * this.dimension);
          fm.scales[n] = m.scales[slot]!;
        }
        let has = fresh.has.get(facet);
        if (!has || has.length <= n) {
          const next = new Uint8Array(Math.max(64, (n + 1) * 2));
          if (has) next.set(has);
          fresh.has.set(facet, (has = next));
        }
        has[n] = 1;
      }
    });
    this.collections[kind] = fresh;
  }

  async search(kind: DocKind, request: VectorSearchRequest): Promise<ScoredId[]> {
    return this.searchSync(kind, request);
  }

  async searchMany(kind: DocKind, requests: VectorSearchRequest[]): Promise<ScoredId[][]> {
    return requests.map((r) => this.searchSync(kind, r));
  }

  searchSync(kind: DocKind, request: VectorSearchRequest): ScoredId[] {
    const c = this.collections[kind];
    const m = c.facets.get(request.facet);
    const has = c.has.get(request.facet);
    if (!m || !has || request.limit <= 0) return [];
    const top = new TopK(request.limit);
    for (let slot = 0; slot < c.ids.length; slot++) {
      if (!has[slot]) continue;
      if (request.filters && !matchesFilters(c.metadata[slot]!, request.filters)) continue;
      top.offer(slot, m.dot(slot, request.vector));
    }
    return top.sorted().map(({ slot, score }) => ({ id: c.ids[slot]!, score }));
  }

  /** Cosines of the given documents against a query vector (absent documents or facets are left out). */
  scoreIds(kind: DocKind, facet: string, vector: Float32Array, ids: Iterable<string>): Map<string, number> {
    const c = this.collections[kind];
    const m = c.facets.get(facet);
    const has = c.has.get(facet);
    const out = new Map<string, number>();
    if (!m || !has) return out;
    for (const id of ids) {
      const slot = c.byId.get(id);
      if (slot !== undefined && has[slot]) out.set(id, m.dot(slot, vector));
    }
    return out;
  }
}
