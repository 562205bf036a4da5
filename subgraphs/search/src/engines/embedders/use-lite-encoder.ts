/**
 * The USE-lite transformer's forward pass, written out by hand over the weights of the shipped TF.js graph.
 *
 * Why: TF.js's graph executor spends ~12 ms per call on bookkeeping for ~260 small ops (shape
 * arithmetic, scatter/gather for padding, async control flow for its `Where` ops) before any
 * arithmetic. Here the nine weight matmuls stay on TF.js's WASM (XNNPACK) kernels and everything else is
 * a loop over a few thousand floats, so a query costs what its arithmetic costs (≈ 3 ms + 0.7 ms/token
 * instead of ≈ 14 ms + 0.6 ms/token). A batch is stacked token rows, so there is no padding.
 *
 * The graph it follows (names under `KonaTransformer/Encode/TransformerStack`):
 *   x = 2·E[ids] + timing(pos)           (the graph adds the embedding twice: once scattered, once with the
 *                                          timing signal; kept as is)
 *   layer 0 (256 → 512), layer 1 (512):  h = x' + Wo·attn(LN(x)); x = h + FFN(LN(h)), where x' is x itself or,
 *                                          in layer 0, a dense projection of it to 512
 *   out = l2(tanh(Wh · mean_t(x) + b))
 * Tests compare it with the graph on texts of every length up to the 128-token clip.
 *
 * The function is self-contained (no imports, nothing from module scope) because worker threads receive it
 * as source text: see USE_LITE_WORKER_SOURCE.
 */

/** The parts of a TF.js tensor this uses. */
export interface EncoderTensor {
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

/** The parts of `@energetic-ai/core` (TF.js) this uses. */
export interface EncoderTfCore {
  tensor2d(values: Float32Array, shape: [number, number]): EncoderTensor;
  tensor3d(values: Float32Array, shape: [number, number, number]): EncoderTensor;
  reshape(x: EncoderTensor, shape: number[]): EncoderTensor;
  matMul(a: EncoderTensor, b: EncoderTensor, transposeA?: boolean, transposeB?: boolean): EncoderTensor;
  fused: {
    matMul(args: {
      a: EncoderTensor;
      b: EncoderTensor;
      bias?: EncoderTensor;
      activation?: 'linear' | 'relu';
    }): EncoderTensor;
  };
  dispose(tensors: EncoderTensor[]): void;
}

/** The loaded USE-lite `GraphModel`: only its weights are read. */
export interface EncoderGraphModel {
  readonly weights: Record<string, EncoderTensor[]>;
}

/** Encodes texts (as token ids) to the model's unit-length 512-d embeddings; no tokens give a zero vector. */
export type UseLiteEncode = (texts: readonly (readonly number[])[]) => Float32Array[];

export function createUseLiteEncoder(core: EncoderTfCore, graph: EncoderGraphModel): UseLiteEncode {
  const ROOT = 'module_apply_default/Encoder_en/KonaTransformer/';
  const STACK = ROOT + 'Encode/TransformerStack/';
  const weight = (name: string): EncoderTensor => {
    const t = graph.weights[name];
    if (!t || !t[0]) throw new Error(`USE-lite weight not found in the model: ${name}`);
    return t[0];
  };
  // The WASM backend's `dataSync` already copies out of its heap: a Float32Array is used as is.
  const read = (t: EncoderTensor): Float32Array => {
    const data = t.dataSync();
    return data instanceof Float32Array ? data : Float32Array.from(data);
  };
  const floats = (name: string): Float32Array => read(weight(name));
  const scalar = (name: string): number => weight(name).dataSync()[0]!;

  interface Layer {
    width: number;
    heads: number;
    queryScale: number;
    lnScale: Float32Array;
    lnBias: Float32Array;
    qkv: EncoderTensor;
    qkvBias: EncoderTensor;
    out: EncoderTensor;
    outBias: EncoderTensor;
    residual: { w: EncoderTensor; bias: EncoderTensor } | undefined;
    ffnLnScale: Float32Array;
    ffnLnBias: Float32Array;
    ffn1: EncoderTensor;
    ffn1Bias: EncoderTensor;
    ffn2: EncoderTensor;
    ffn2Bias: EncoderTensor;
  }
  const layer = (i: number, width: number): Layer => {
    const vars = `${ROOT}Encode/Layer_${i}/TransformerLayer/`;
    const kernels = `module/Encoder_en/KonaTransformer/Encode/Layer_${i}/TransformerLayer/MultiheadAttention/`;
    const ops = `${STACK}Layer_${i}/TransformerLayer/`;
    const ln = 'layer_prepostprocess/layer_norm/';
    return {
      width,
      heads: scalar(
        `${STACK}Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`,
      ),
      queryScale: scalar(`${ops}MultiheadAttention/mul/y`),
      lnScale: floats(`${vars}${ln}layer_norm_scale/ConcatPartitions/concat`),
      lnBias: floats(`${vars}${ln}layer_norm_bias/ConcatPartitions/concat`),
      qkv: core.reshape(weight(`${kernels}qkv_transform_single/kernel/part_0`), [width, 3 * width]),
      qkvBias: weight(`${vars}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`),
      out: core.reshape(weight(`${kernels}output_transform_single/kernel/part_0`), [width, 512]),
      outBias: weight(`${vars}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`),
      residual:
        i === 0
          ? {
              w: weight(`${vars}dense/kernel/ConcatPartitions/concat`),
              bias: weight(`${vars}dense/bias/ConcatPartitions/concat`),
            }
          : undefined,
      ffnLnScale: floats(`${vars}FFN/${ln}layer_norm_scale/ConcatPartitions/concat`),
      ffnLnBias: floats(`${vars}FFN/${ln}layer_norm_bias/ConcatPartitions/concat`),
      ffn1: weight(`${ops}FFN/conv1/Tensordot/Reshape_1`),
      ffn1Bias: weight(`${vars}FFN/conv1/bias/ConcatPartitions/concat`),
      ffn2: weight(`${ops}FFN/conv2/Tensordot/Reshape_1`),
      ffn2Bias: weight(`${vars}FFN/conv2/bias/ConcatPartitions/concat`),
    };
  };

  const table = floats('module/Embeddings_en');
  const tableWidth = 256;
  const invTimescales = floats(`${STACK}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`);
  const epsilon = scalar(`${STACK}Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`);
  const maxTokens = scalar(`${ROOT}ClipToMaxLength/Less/y`);
  const layers = [layer(0, tableWidth), layer(1, 512)];
  const hidden = weight('module/Encoder_en/hidden_layers/tanh_layer_0/weights');
  const hiddenBias = weight('module/Encoder_en/hidden_layers/tanh_layer_0/bias');
  const vocabularySize = table.length / tableWidth;
  // Below this many tokens, attention is cheaper as plain loops than as four more kernel calls.
  const LOOP_ATTENTION_MAX_TOKENS = 24;

  const dense = (
    x: Float32Array,
    rows: number,
    cols: number,
    w: EncoderTensor,
    bias: EncoderTensor,
    activation: 'linear' | 'relu',
  ): Float32Array => {
    const a = core.tensor2d(x, [rows, cols]);
    const y = core.fused.matMul({ a, b: w, bias, activation });
    const out = read(y);
    core.dispose([a, y]);
    return out;
  };

  const layerNorm = (
    x: Float32Array,
    rows: number,
    width: number,
    scale: Float32Array,
    bias: Float32Array,
  ) => {
    const out = new Float32Array(rows * width);
    for (let t = 0; t < rows; t++) {
      const o = t * width;
      let mean = 0;
      for (let j = 0; j < width; j++) mean += x[o + j]!;
      mean /= width;
      let variance = 0;
      for (let j = 0; j < width; j++) variance += (x[o + j]! - mean) ** 2;
      const r = 1 / Math.sqrt(variance / width + epsilon);
      for (let j = 0; j < width; j++) out[o + j] = scale[j]! * r * (x[o + j]! - mean) + bias[j]!;
    }
    return out;
  };

  const softmaxRows = (s: Float32Array, rows: number, cols: number): void => {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, s[o + j]!);
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        s[o + j] = Math.exp(s[o + j]! - max);
        sum += s[o + j]!;
      }
      for (let j = 0; j < cols; j++) s[o + j] = s[o + j]! / sum;
    }
  };

  /** Multi-head self-attention over rows of [q | k | v]; returns the heads side by side, n × width. */
  const attention = (qkv: Float32Array, n: number, L: Layer): Float32Array => {
    const width = L.width;
    const dh = width / L.heads;
    const stride = 3 * width;
    const out = new Float32Array(n * width);
    if (n <= LOOP_ATTENTION_MAX_TOKENS) {
      const p = new Float32Array(n);
      for (let h = 0; h < L.heads; h++) {
        for (let i = 0; i < n; i++) {
          const q = i * stride + h * dh;
          for (let j = 0; j < n; j++) {
            const k = j * stride + width + h * dh;
            let s = 0;
            for (let c = 0; c < dh; c++) s += qkv[q + c]! * L.queryScale * qkv[k + c]!;
            p[j] = s;
          }
          softmaxRows(p, 1, n);
          const o = i * width + h * dh;
          for (let j = 0; j < n; j++) {
            const v = j * stride + 2 * width + h * dh;
            for (let c = 0; c < dh; c++) out[o + c] = out[o + c]! + p[j]! * qkv[v + c]!;
          }
        }
      }
      return out;
    }
    // Long texts: per-head [n × dh] blocks through batched matmuls.
    const q = new Float32Array(n * width);
    const k = new Float32Array(n * width);
    const v = new Float32Array(n * width);
    for (let h = 0; h < L.heads; h++) {
      for (let i = 0; i < n; i++) {
        const src = i * stride + h * dh;
        const dst = (h * n + i) * dh;
        for (let c = 0; c < dh; c++) {
          q[dst + c] = qkv[src + c]! * L.queryScale;
          k[dst + c] = qkv[src + width + c]!;
          v[dst + c] = qkv[src + 2 * width + c]!;
        }
      }
    }
    const qt = core.tensor3d(q, [L.heads, n, dh]);
    const kt = core.tensor3d(k, [L.heads, n, dh]);
    const vt = core.tensor3d(v, [L.heads, n, dh]);
    const st = core.matMul(qt, kt, false, true);
    const scores = read(st);
    softmaxRows(scores, L.heads * n, n);
    const pt = core.tensor3d(scores, [L.heads, n, n]);
    const ot = core.matMul(pt, vt);
    const heads = read(ot);
    core.dispose([qt, kt, vt, st, pt, ot]);
    for (let h = 0; h < L.heads; h++) {
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < dh; c++) out[i * width + h * dh + c] = heads[(h * n + i) * dh + c]!;
      }
    }
    return out;
  };

  return (texts) => {
    // Every token of every text is one row of the dense layers (one matmul per weight for the whole batch,
    // so the weights stream from memory once); attention and pooling stay within each text's rows.
    const lengths = texts.map((ids) => Math.min(ids.length, maxTokens));
    const starts: number[] = [];
    let rows = 0;
    for (const n of lengths) {
      starts.push(rows);
      rows += n;
    }
    const outs = texts.map(() => new Float32Array(512));
    if (rows === 0) return outs;
    const half = tableWidth / 2;
    let x: Float32Array = new Float32Array(rows * tableWidth);
    texts.forEach((ids, s) => {
      for (let t = 0; t < lengths[s]!; t++) {
        const id = ids[t]!;
        if (!(id >= 0 && id < vocabularySize)) throw new RangeError(`USE-lite token id out of range: ${id}`);
        const e = id * tableWidth;
        const o = (starts[s]! + t) * tableWidth;
        for (let j = 0; j < half; j++) {
          const angle = t * invTimescales[j]!;
          x[o + j] = 2 * table[e + j]! + Math.sin(angle);
          x[o + half + j] = 2 * table[e + half + j]! + Math.cos(angle);
        }
      }
    });
    for (const L of layers) {
      const residual = L.residual ? dense(x, rows, L.width, L.residual.w, L.residual.bias, 'linear') : x;
      const ln = layerNorm(x, rows, L.width, L.lnScale, L.lnBias);
      const qkv = dense(ln, rows, L.width, L.qkv, L.qkvBias, 'linear');
      const heads = new Float32Array(rows * L.width);
      lengths.forEach((n, s) => {
        const from = starts[s]!;
        heads.set(
          attention(qkv.subarray(from * 3 * L.width, (from + n) * 3 * L.width), n, L),
          from * L.width,
        );
      });
      const h = dense(heads, rows, L.width, L.out, L.outBias, 'linear');
      for (let i = 0; i < h.length; i++) h[i] = h[i]! + residual[i]!;
      const inner = dense(
        layerNorm(h, rows, 512, L.ffnLnScale, L.ffnLnBias),
        rows,
        512,
        L.ffn1,
        L.ffn1Bias,
        'relu',
      );
      const ffn = dense(inner, rows, inner.length / rows, L.ffn2, L.ffn2Bias, 'linear');
      for (let i = 0; i < ffn.length; i++) ffn[i] = ffn[i]! + h[i]!;
      x = ffn;
    }
    const pooled = new Float32Array(texts.length * 512);
    lengths.forEach((n, s) => {
      const o = s * 512;
      for (let t = starts[s]!; t < starts[s]! + n; t++) {
        for (let j = 0; j < 512; j++) pooled[o + j] = pooled[o + j]! + x[t * 512 + j]!;
      }
      for (let j = 0; j < 512; j++) pooled[o + j] = pooled[o + j]! / Math.max(n, 1);
    });
    const y = dense(pooled, texts.length, 512, hidden, hiddenBias, 'linear');
    outs.forEach((out, s) => {
      if (lengths[s] === 0) return;
      let squares = 0;
      for (let j = 0; j < 512; j++) {
        out[j] = Math.tanh(y[s * 512 + j]!);
        squares += out[j]! * out[j]!;
      }
      const r = 1 / Math.sqrt(Math.max(squares, 1e-12));
      for (let j = 0; j < 512; j++) out[j] = out[j]! * r;
    });
    return outs;
  };
}
