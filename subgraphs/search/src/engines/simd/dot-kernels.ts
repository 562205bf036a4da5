/**
 * Batched dot products in WebAssembly SIMD, for the embedded vector engine's exact scan.
 *
 * A JavaScript loop does one multiply-add per element and reads float32 rows: 25,000 tools × 512 dimensions
 * took ~12–20 ms per scan here, more than the rest of a search. The kernels below do 4 (float32) or 8 (int8
 * rows × int16 query, `i32x4.dot_i16x8_s`) multiply-adds per instruction, and int8 rows read a quarter of
 * the memory. The module is assembled here, byte by byte, so it needs no toolchain and no download; the
 * tests compare every kernel with a plain JavaScript reference.
 *
 * Both kernels take `(rows, n, d, query, out)`: `n` rows of `d` values starting at byte offset `rows`, the
 * query at `query`, one result per row written to `out`. `d` must be a multiple of 16.
 * - `dot_f32`: float32 rows and query; writes float32.
 * - `dot_i8`: int8 rows and an int16 query; writes the exact int32 sum.
 */

/** A WebAssembly memory (declared here: the project's TypeScript libs leave out the WebAssembly globals). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the `WebAssembly` global used here. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exported kernels over one instance's own memory. */
export interface DotKernels {
  readonly memory: WasmMemory;
  dotF32(rows: number, n: number, d: number, query: number, out: number): void;
  dotI8(rows: number, n: number, d: number, query: number, out: number): void;
}

/** Dimensions the kernels accept (they consume 16 values per step). */
export function kernelSupportsDimension(d: number): boolean {
  return d > 0 && d % 16 === 0;
}

// Opcodes used below (WebAssembly core + fixed-width SIMD).
const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Shl: 0x74,
  i32Store: 0x36,
  f32Store: 0x38,
  f32Add: 0x92,
  void: 0x40,
} as const;
const SIMD = {
  load: 0x00,
  const: 0x0c,
  i32x4ExtractLane: 0x1b,
  f32x4ExtractLane: 0x1f,
  i16x8ExtendLowI8x16S: 0x87,
  i16x8ExtendHighI8x16S: 0x88,
  i32x4Add: 0xae,
  i32x4DotI16x8S: 0xba,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
} as const;
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const simd = (op: number, ...immediates: number[]): number[] => [0xfd, ...uleb(op), ...immediates];
const get = (local: number): number[] => [OP.localGet, ...uleb(local)];
const set = (local: number): number[] => [OP.localSet, ...uleb(local)];
const i32 = (value: number): number[] => [OP.i32Const, ...sleb(value)];
/** v128.load at `base + offset` (alignment hint 1 byte: the engine keeps rows packed, not 16-byte aligned). */
const load = (offset = 0): number[] => simd(SIMD.load, 0, ...uleb(offset));
const zero = (): number[] => simd(SIMD.const, ...new Array<number>(16).fill(0));

// Parameters of both kernels, then their locals.
const ROWS = 0;
const N = 1;
const D = 2;
const QUERY = 3;
const OUT = 4;
const I = 5; // row index
const J = 6; // element index within the row
const P = 7; // byte offset of the current row
const Q = 8; // byte offset of the query at element J
const ACC = 9; // 4 v128 accumulators: 9..12

/** Loop over rows: `init` before each row's inner loop, `step` per 16 elements, `store` writes out[I]. */
function rowLoop(
  bytesPerElement: number,
  queryBytesPerElement: number,
  step: number[],
  store: number[],
): number[] {
  const resetAccumulators = [0, 1, 2, 3].flatMap((k) => [...zero(), ...set(ACC + k)]);
  return [
    ...get(ROWS),
    ...set(P),
    OP.block,
    OP.void,
    OP.loop,
    OP.void,
    ...get(I),
    ...get(N),
    OP.i32GeU,
    OP.brIf,
    1,
    ...resetAccumulators,
    ...i32(0),
    ...set(J),
    ...get(QUERY),
    ...set(Q),
    OP.block,
    OP.void,
    OP.loop,
    OP.void,
    ...get(J),
    ...get(D),
    OP.i32GeU,
    OP.brIf,
    1,
    ...step,
    // J += 16; Q += 16 query elements; P += 16 row elements
    ...get(J),
    ...i32(16),
    OP.i32Add,
    ...set(J),
    ...get(Q),
    ...i32(16 * queryBytesPerElement),
    OP.i32Add,
    ...set(Q),
    ...get(P),
    ...i32(16 * bytesPerElement),
    OP.i32Add,
    ...set(P),
    OP.br,
    0,
    OP.end,
    OP.end,
    ...store,
    ...get(I),
    ...i32(1),
    OP.i32Add,
    ...set(I),
    OP.br,
    0,
    OP.end,
    OP.end,
    OP.end,
  ];
}

/** Sum of the four accumulators' lanes, pushed as one scalar. */
function horizontalSum(add: number, extract: number, laneAdd: number): number[] {
  return [
    ...get(ACC),
    ...get(ACC + 1),
    ...simd(add),
    ...get(ACC + 2),
    ...get(ACC + 3),
    ...simd(add),
    ...simd(add),
    ...set(ACC),
    ...get(ACC),
    ...simd(extract, 0),
    ...get(ACC),
    ...simd(extract, 1),
    laneAdd,
    ...get(ACC),
    ...simd(extract, 2),
    laneAdd,
    ...get(ACC),
    ...simd(extract, 3),
    laneAdd,
  ];
}

/** out[I] address: OUT + I * 4. */
const outAddress = (): number[] => [...get(OUT), ...get(I), ...i32(2), OP.i32Shl, OP.i32Add];

function dotF32Body(): number[] {
  // acc_k += row[P + 16k] * query[Q + 16k] for k = 0..3 (16 floats per step).
  const step = [0, 1, 2, 3].flatMap((k) => [
    ...get(ACC + k),
    ...get(P),
    ...load(16 * k),
    ...get(Q),
    ...load(16 * k),
    ...simd(SIMD.f32x4Mul),
    ...simd(SIMD.f32x4Add),
    ...set(ACC + k),
  ]);
  const store = [
    ...outAddress(),
    ...horizontalSum(SIMD.f32x4Add, SIMD.f32x4ExtractLane, OP.f32Add),
    OP.f32Store,
    2,
    0,
  ];
  return rowLoop(4, 4, step, store);
}

function dotI8Body(): number[] {
  // 16 int8 row values widened to two i16x8 halves, each dotted with 8 int16 query values.
  const half = (k: number, extend: number, queryOffset: number): number[] => [
    ...get(ACC + k),
    ...get(P),
    ...load(0),
    ...simd(extend),
    ...get(Q),
    ...load(queryOffset),
    ...simd(SIMD.i32x4DotI16x8S),
    ...simd(SIMD.i32x4Add),
    ...set(ACC + k),
  ];
  const step = [...half(0, SIMD.i16x8ExtendLowI8x16S, 0), ...half(1, SIMD.i16x8ExtendHighI8x16S, 16)];
  const store = [
    ...outAddress(),
    ...horizontalSum(SIMD.i32x4Add, SIMD.i32x4ExtractLane, OP.i32Add),
    OP.i32Store,
    2,
    0,
  ];
  return rowLoop(1, 2, step, store);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function functionBody(code: number[]): number[] {
  // Locals: I, J, P, Q (i32) and four v128 accumulators.
  const locals = vector([
    [4, I32],
    [4, V128],
  ]);
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array {
  const signature = [0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([signature])),
    ...section(3, vector([[0], [0]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(
      7,
      vector([
        [...name('memory'), 0x02, 0],
        [...name('dot_f32'), 0x00, 0],
        [...name('dot_i8'), 0x00, 1],
      ]),
    ),
    ...section(10, vector([functionBody(dotF32Body()), functionBody(dotI8Body())])),
  ];
  return Uint8Array.from(bytes);
}

let compiled: object | undefined;

/** A fresh instance (with its own memory of `pages` × 64 KiB) of the kernels, compiled once per process. */
export function instantiateDotKernels(pages = 1): DotKernels {
  compiled ??= new wasm.Module(assemble());
  const instance = new wasm.Instance(compiled, {});
  const exports = instance.exports as {
    memory: WasmMemory;
    dot_f32: DotKernels['dotF32'];
    dot_i8: DotKernels['dotI8'];
  };
  if (pages > 1) exports.memory.grow(pages - 1);
  return { memory: exports.memory, dotF32: exports.dot_f32, dotI8: exports.dot_i8 };
}
