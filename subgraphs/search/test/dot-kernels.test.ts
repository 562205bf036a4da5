import { instantiateDotKernels, kernelSupportsDimension } from '../src/engines/simd/dot-kernels';
import { FacetMatrix } from '../src/engines/facet-matrix';

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function unitVector(d: number, next: () => number): Float32Array {
  const v = new Float32Array(d);
  let norm = 0;
  for (let i = 0; i < d; i++) {
    v[i] = next() - 0.5;
    norm += v[i]! * v[i]!;
  }
  for (let i = 0; i < d; i++) v[i]! /= Math.sqrt(norm);
  return v;
}

/** Fills a view in place (`map` would return a copy outside the module's memory). */
function fill<T extends Float32Array | Int8Array | Int16Array>(view: T, value: () => number): T {
  for (let i = 0; i < view.length; i++) view[i] = value();
  return view;
}

describe('SIMD dot kernels', () => {
  it('dot_f32 matches a JavaScript dot product for every row', () => {
    const kernels = instantiateDotKernels(2);
    const next = random(1);
    const n = 37;
    const d = 48;
    const buffer = kernels.memory.buffer;
    const rows = fill(new Float32Array(buffer, 0, n * d), () => next() - 0.5);
    const query = n * d * 4;
    const q = fill(new Float32Array(buffer, query, d), () => next() - 0.5);
    const out = query + d * 4;
    kernels.dotF32(0, n, d, query, out);
    const scores = new Float32Array(buffer, out, n);
    for (let row = 0; row < n; row++) {
      let expected = 0;
      for (let i = 0; i < d; i++) expected += rows[row * d + i]! * q[i]!;
      expect(scores[row]).toBeCloseTo(expected, 5);
    }
  });

  it('dot_i8 computes the exact int32 sum of int8 rows × int16 query', () => {
    const kernels = instantiateDotKernels(2);
    const next = random(2);
    const n = 29;
    const d = 512;
    const buffer = kernels.memory.buffer;
    const rows = fill(new Int8Array(buffer, 0, n * d), () => Math.floor(next() * 255) - 127);
    const query = n * d;
    const q = fill(new Int16Array(buffer, query, d), () => Math.floor(next() * 32_767) - 16_383);
    const out = query + d * 2;
    kernels.dotI8(0, n, d, query, out);
    const sums = new Int32Array(buffer, out, n);
    for (let row = 0; row < n; row++) {
      let expected = 0;
      for (let i = 0; i < d; i++) expected += rows[row * d + i]! * q[i]!;
      expect(sums[row]).toBe(expected);
    }
  });

  it('accepts dimensions that are multiples of 16 only', () => {
    expect(kernelSupportsDimension(512)).toBe(true);
    expect(kernelSupportsDimension(8)).toBe(false);
    expect(kernelSupportsDimension(0)).toBe(false);
  });
});

describe('FacetMatrix', () => {
  for (const quantization of ['none', 'int8'] as const) {
    for (const d of [64, 24]) {
      it(`scans every row like its single-row dot product (${quantization}, ${d} dimensions)`, () => {
        const next = random(d);
        const matrix = new FacetMatrix(d, quantization, 4);
        const rows = Array.from({ length: 300 }, () => unitVector(d, next));
        rows.forEach((row, slot) => matrix.set(slot, row)); // grows the memory several times
        const q = unitVector(d, next);
        const scores = Array.from(matrix.scan(q, rows.length));
        expect(scores).toHaveLength(rows.length);
        rows.forEach((row, slot) => {
          let exact = 0;
          for (let i = 0; i < d; i++) exact += row[i]! * q[i]!;
          expect(scores[slot]).toBeCloseTo(matrix.dot(slot, q), quantization === 'none' ? 5 : 3);
          expect(Math.abs(scores[slot]! - exact)).toBeLessThan(quantization === 'none' ? 1e-5 : 0.02);
        });
      });
    }
  }

  it('copies rows between matrices', () => {
    const next = random(9);
    const a = new FacetMatrix(32, 'int8');
    const b = new FacetMatrix(32, 'int8');
    const row = unitVector(32, next);
    a.set(3, row);
    b.copyRow(a, 3, 0);
    expect(b.dot(0, row)).toBeCloseTo(a.dot(3, row), 6);
  });
});
