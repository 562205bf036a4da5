import { instantiateDotKernels, kernelSupportsDimension, type DotKernels } from './simd/dot-kernels';

export type Quantization = 'none' | 'int8';

const PAGE = 65_536;
/** int16 query scale: |q| ≤ 2^14 keeps 512 × 127 × 2^14 far inside int32. */
const QUERY_I16_MAX = 16_383;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * The vectors of one facet (e.g. every tool's `main` vector), row after row in a WebAssembly memory so the
 * SIMD kernels can scan them in place: float32 rows, or int8 rows with a per-row scale (a quarter of the
 * memory; cosines within ~1e-3). Behind the rows, a scratch area holds the query and the scan's output.
 * Dimensions that are not a multiple of 16 are scanned by a JavaScript loop over the same memory.
 */
export class FacetMatrix {
  private readonly kernels: DotKernels;
  private readonly rowBytes: number;
  private capacity = 0;
  private f32 = new Float32Array(0);
  private i8 = new Int8Array(0);
  private scales = new Float32Array(0);

  constructor(
    readonly dimension: number,
    readonly quantization: Quantization,
    initialCapacity = 64,
  ) {
    this.kernels = instantiateDotKernels();
    this.rowBytes = dimension * (quantization === 'none' ? 4 : 1);
    this.ensure(initialCapacity);
  }

  /** Bytes of the rows area and of the scratch area behind it, for `capacity` rows. */
  private layout(capacity: number): { query: number; out: number; end: number } {
    const query = align16(capacity * this.rowBytes);
    const out = align16(query + this.dimension * 4);
    return { query, out, end: out + capacity * 4 };
  }

  ensure(slots: number): void {
    if (slots <= this.capacity) return;
    const next = Math.max(slots, this.capacity * 2, 64);
    const needed = this.layout(next).end;
    const memory = this.kernels.memory;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    if (this.quantization === 'int8') {
      const scales = new Float32Array(next);
      scales.set(this.scales);
      this.scales = scales;
    }
    this.capacity = next;
    this.refreshViews();
  }

  /** Growing the memory detaches the old views. */
  private refreshViews(): void {
    const buffer = this.kernels.memory.buffer;
    if (this.quantization === 'none') this.f32 = new Float32Array(buffer, 0, this.capacity * this.dimension);
    else this.i8 = new Int8Array(buffer, 0, this.capacity * this.dimension);
  }

  set(slot: number, v: Float32Array): void {
    this.ensure(slot + 1);
    const d = this.dimension;
    const off = slot * d;
    if (this.quantization === 'none') {
      this.f32.set(v.subarray(0, d), off);
      return;
    }
    let max = 0;
    for (let i = 0; i < d; i++) max = Math.max(max, Math.abs(v[i] ?? 0));
    const scale = max > 0 ? max / 127 : 1;
    for (let i = 0; i < d; i++) this.i8[off + i] = Math.round((v[i] ?? 0) / scale);
    this.scales[slot] = scale;
  }

  /** Copies row `from` of another matrix of the same shape into row `to` of this one. */
  copyRow(source: FacetMatrix, from: number, to: number): void {
    this.ensure(to + 1);
    const d = this.dimension;
    if (this.quantization === 'none') this.f32.set(source.f32.subarray(from * d, (from + 1) * d), to * d);
    else {
      this.i8.set(source.i8.subarray(from * d, (from + 1) * d), to * d);
      this.scales[to] = source.scales[from]!;
    }
  }

  /** One row's dot product with `q` (for a handful of known documents). */
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

  /**
   * Dot products of rows 0..n−1 with `q`. The returned array is a view over the scratch area: read it before
   * the next scan of this matrix.
   */
  scan(q: Float32Array, n: number): Float32Array {
    n = Math.min(n, this.capacity);
    const d = this.dimension;
    const { query, out } = this.layout(this.capacity);
    const buffer = this.kernels.memory.buffer;
    const scores = new Float32Array(buffer, out, n);
    if (!kernelSupportsDimension(d)) {
      for (let slot = 0; slot < n; slot++) scores[slot] = this.dot(slot, q);
      return scores;
    }
    if (this.quantization === 'none') {
      new Float32Array(buffer, query, d).set(q.subarray(0, d));
      this.kernels.dotF32(0, n, d, query, out);
      return scores;
    }
    let max = 0;
    for (let i = 0; i < d; i++) max = Math.max(max, Math.abs(q[i]!));
    const queryScale = max > 0 ? max / QUERY_I16_MAX : 1;
    const q16 = new Int16Array(buffer, query, d);
    for (let i = 0; i < d; i++) q16[i] = Math.round(q[i]! / queryScale);
    this.kernels.dotI8(0, n, d, query, out);
    // The kernel wrote exact int32 sums into the same bytes; rescale them in place to float cosines.
    const sums = new Int32Array(buffer, out, n);
    const scales = this.scales;
    for (let slot = 0; slot < n; slot++) scores[slot] = sums[slot]! * scales[slot]! * queryScale;
    return scores;
  }
}
