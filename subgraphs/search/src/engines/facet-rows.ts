import { createHash } from 'node:crypto';
import { FacetMatrix, type Quantization } from './facet-matrix';

/** A slot without a vector in this facet. */
const NO_ROW = -1;

function contentKey(v: Float32Array, dimension: number): string {
  return createHash('sha1')
    .update(new Uint8Array(v.buffer, v.byteOffset, dimension * 4))
    .digest('base64');
}

/**
 * One facet's vectors for the slots of a collection, stored once per distinct vector. Documents that embed
 * the same text share a row: every tool of a server carries the server's `server` text, and every tool
 * without parameters the empty `params` text. A scan computes each distinct row's cosine once and the
 * slots read theirs through `rowOfSlot`, so the cosines are exactly those of one row per slot.
 */
export class FacetRows {
  private matrix: FacetMatrix;
  private rowOfSlot = new Int32Array(64).fill(NO_ROW);
  private rowByKey = new Map<string, number>();
  private keyOfRow: (string | undefined)[] = [];
  private refs: number[] = [];
  private freeRows: number[] = [];

  constructor(
    readonly dimension: number,
    private readonly quantization: Quantization,
  ) {
    this.matrix = new FacetMatrix(dimension, quantization);
  }

  /** Rows in use or free: what a scan covers. */
  get rowCount(): number {
    return this.keyOfRow.length;
  }

  /** Distinct vectors held. */
  get distinctCount(): number {
    return this.rowByKey.size;
  }

  has(slot: number): boolean {
    return slot < this.rowOfSlot.length && this.rowOfSlot[slot]! !== NO_ROW;
  }

  set(slot: number, v: Float32Array): void {
    this.clear(slot);
    const key = contentKey(v, this.dimension);
    let row = this.rowByKey.get(key);
    if (row === undefined) {
      row = this.freeRows.pop() ?? this.keyOfRow.length;
      this.matrix.set(row, v);
      this.rowByKey.set(key, row);
      this.keyOfRow[row] = key;
      this.refs[row] = 0;
    }
    this.refs[row]!++;
    this.ensureSlots(slot + 1);
    this.rowOfSlot[slot] = row;
  }

  clear(slot: number): void {
    if (!this.has(slot)) return;
    const row = this.rowOfSlot[slot]!;
    this.rowOfSlot[slot] = NO_ROW;
    if (--this.refs[row]! > 0) return;
    this.rowByKey.delete(this.keyOfRow[row]!);
    this.keyOfRow[row] = undefined;
    this.freeRows.push(row);
  }

  /**
   * Cosines of every row with `q`, and the row of each slot (`-1`: no vector). The scores are a view over
   * the matrix's scratch area: read them before the next scan of this facet.
   */
  scan(q: Float32Array): { scores: Float32Array; rowOfSlot: Int32Array } {
    return { scores: this.matrix.scan(q, this.rowCount), rowOfSlot: this.rowOfSlot };
  }

  /** One slot's cosine with `q`, or undefined when the slot has no vector here. */
  dot(slot: number, q: Float32Array): number | undefined {
    return this.has(slot) ? this.matrix.dot(this.rowOfSlot[slot]!, q) : undefined;
  }

  /**
   * Renumbers slots after the collection dropped its dead ones: new slot `i` is old slot `liveSlots[i]`.
   * Rows are rewritten only when a quarter of them are free, so a compaction usually copies no vector.
   */
  compact(liveSlots: readonly number[]): void {
    const next = new Int32Array(Math.max(64, liveSlots.length * 2)).fill(NO_ROW);
    liveSlots.forEach((old, slot) => {
      if (old < this.rowOfSlot.length) next[slot] = this.rowOfSlot[old]!;
    });
    this.rowOfSlot = next;
    if (this.freeRows.length < 64 || this.freeRows.length * 4 < this.rowCount) return;
    const matrix = new FacetMatrix(this.dimension, this.quantization);
    const newRowOf = new Int32Array(this.rowCount).fill(NO_ROW);
    const keyOfRow: string[] = [];
    const refs: number[] = [];
    this.keyOfRow.forEach((key, row) => {
      if (key === undefined) return;
      const to = keyOfRow.length;
      matrix.copyRow(this.matrix, row, to);
      newRowOf[row] = to;
      keyOfRow.push(key);
      refs.push(this.refs[row]!);
    });
    for (let slot = 0; slot < next.length; slot++)
      if (next[slot]! !== NO_ROW) next[slot] = newRowOf[next[slot]!]!;
    this.matrix = matrix;
    this.keyOfRow = keyOfRow;
    this.refs = refs;
    this.rowByKey = new Map(keyOfRow.map((key, row) => [key, row]));
    this.freeRows = [];
  }

  private ensureSlots(n: number): void {
    if (n <= this.rowOfSlot.length) return;
    const next = new Int32Array(Math.max(n, this.rowOfSlot.length * 2)).fill(NO_ROW);
    next.set(this.rowOfSlot);
    this.rowOfSlot = next;
  }
}
