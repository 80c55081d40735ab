/**
 * Native kernels on the wasm backend (issue 7): when native/build/tl-kernels.node is built, these kernels run on the
 * tensors of tfjs-backend-wasm in place (byte offsets into its heap, nothing copied):
 *   BatchMatMul      C_i = op(A_i)·op(B_i) through OpenBLAS sgemm, transposes as flags (replaces tfjs's kernel);
 *   TLScaledMatMul   Y = α·op(X)·op(W), X flattened to 2-D over its leading axes (nn/scaled-dense.ts, μ folded in);
 *   TLLayerNorm      y = (x − x̄)·r, r = (var(x) + eps)^{−½} over the last axis (THEORY.md §2.1), and its gradient
 *                    (which recomputes y and r from x: one output, so the tape never materialises unused gradients);
 *   TLGelu           y = x·σ(2√(2/π)(x + 0.044715x³)) (tanh-GELU, §2.1), and its gradient (recomputing σ from x);
 *   TLScale/TLAxpby  y = αx, y = αx + βz (residual updates h ← λh + b·branch, §2.2, §6.3);
 *   TLAttention      multi-head softmax attention with optional QK-LayerNorm, causal mask and shaped offset I − U
 *                    (§2.2 step 4, §2.4, §6.2; equations in native/tl-kernels.c), and its gradient;
 *   TLCrossEntropy   mean softmax cross-entropy (1/R)Σ_r(log Σ_c e^{z_rc} − z_{r,t_r}) with integer targets (§2.2
 *                    step 7), and its gradient (softmax(z) − onehot)/R (recomputing the softmax from z);
 *   TLAdam           one fused Adam/AdamW update (train/optimizers.ts);
 *   Identity         shares the input's buffer (reference count) instead of copying it, as tfjs's cpu backend does:
 *                    tf.clone, and so every tensor saved for the backward pass, costs nothing.
 * Gradients are registered with tf.registerGradient, so autodiff, tidy and memory tracking work as for tfjs's own ops;
 * test/backend/native-kernels.test.ts checks each value and gradient against tfjs's composed ops.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddon, type NativeAddon } from './native-addon';

interface WasmBackendLike {
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  wasm: { HEAPU8: Uint8Array };
}

type Attrs = Record<string, number | boolean>;

/** Runs `body` with the heap and offsets of `inputs` followed by freshly made float32 outputs of `shapes`. */
function onHeap(
  backend: unknown,
  name: string,
  inputs: tf.TensorInfo[],
  shapes: number[][],
  body: (heap: ArrayBuffer, offsets: number[]) => void,
  dtypes: string[] = inputs.map(() => 'float32'),
): tf.TensorInfo[] {
  const wasm = backend as WasmBackendLike;
  inputs.forEach((t, i) => {
    if (t.dtype !== dtypes[i]) throw new Error(`${name}: expected ${dtypes[i]} for input ${i}, got ${t.dtype} of shape [${t.shape}]`);
  });
  const outputs = shapes.map((shape) => wasm.makeOutput(shape, 'float32'));
  const offsets = [...inputs, ...outputs].map((t) => wasm.dataIdMap.get(t.dataId)!.memoryOffset);
  body(wasm.wasm.HEAPU8.buffer as ArrayBuffer, offsets); // read after makeOutput: the heap may have grown
  return outputs;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function batchMatMul(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const ra = a.shape.length;
    const rb = b.shape.length;
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    if (K !== kb) throw new Error(`matMul: inner dimensions ${K} and ${kb} differ (shapes [${a.shape}], [${b.shape}])`);
    const batchA = size(a.shape.slice(0, -2));
    const batchB = size(b.shape.slice(0, -2));
    if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
      throw new Error(`matMul: batch shapes [${a.shape.slice(0, -2)}] and [${b.shape.slice(0, -2)}] do not broadcast`);
    }
    const outer = (batchA >= batchB ? a.shape : b.shape).slice(0, -2);
    return onHeap(backend, 'matMul', [a, b], [[...outer, M, N]], (heap, [pa, pb, pc]) =>
      addon.sgemm(heap, pa, pb, pc, Math.max(batchA, batchB), batchA === 1 ? 0 : M * K, batchB === 1 ? 0 : K * N, M, K, N, transposeA ? 1 : 0, transposeB ? 1 : 0, 1),
    )[0];
  };
}

function scaledMatMul(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, w } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo };
    const { alpha, transposeX, transposeW } = attrs as unknown as { alpha: number; transposeX: boolean; transposeW: boolean };
    const cols = x.shape[x.shape.length - 1];
    const rows = size(x.shape) / cols;
    const M = transposeX ? cols : rows;
    const K = transposeX ? rows : cols;
    const N = transposeW ? w.shape[0] : w.shape[1];
    const kw = transposeW ? w.shape[1] : w.shape[0];
    if (w.shape.length !== 2 || K !== kw) throw new Error(`scaledDense: cannot contract [${x.shape}] with [${w.shape}]`);
    const shape = transposeX ? [M, N] : [...x.shape.slice(0, -1), N];
    return onHeap(backend, 'scaledDense', [x, w], [shape], (heap, [px, pw, py]) =>
      addon.sgemm(heap, px, pw, py, 1, 0, 0, M, K, N, transposeX ? 1 : 0, transposeW ? 1 : 0, alpha),
    );
  };
}

function layerNorm(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    const cols = x.shape[x.shape.length - 1];
    return onHeap(backend, 'layerNorm', [x], [x.shape], (heap, [px, py]) =>
      addon.layerNorm(heap, px, py, size(x.shape) / cols, cols, (attrs as Attrs).eps as number),
    );
  };
}

function layerNormGrad(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    const cols = x.shape[x.shape.length - 1];
    return onHeap(backend, 'layerNorm gradient', [dy, x], [x.shape], (heap, [pg, px, pd]) =>
      addon.layerNormGrad(heap, pg, px, pd, size(x.shape) / cols, cols, (attrs as Attrs).eps as number),
    );
  };
}

function gelu(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    return onHeap(backend, 'gelu', [x], [x.shape], (heap, [px, py]) => addon.gelu(heap, px, py, size(x.shape)));
  };
}

function geluGrad(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    return onHeap(backend, 'gelu gradient', [dy, x], [x.shape], (heap, [pg, px, pd]) => addon.geluGrad(heap, pg, px, pd, size(x.shape)));
  };
}

function axpby(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, z } = inputs as { x: tf.TensorInfo; z?: tf.TensorInfo };
    const { alpha, beta } = attrs as unknown as { alpha: number; beta: number };
    if (z !== undefined && z.shape.join() !== x.shape.join()) throw new Error(`axpby: shapes [${x.shape}] and [${z.shape}] differ`);
    const ins = z === undefined ? [x] : [x, z];
    return onHeap(backend, 'axpby', ins, [x.shape], (heap, offsets) =>
      addon.axpby(heap, offsets[0], z === undefined ? -1 : offsets[1], offsets[offsets.length - 1], size(x.shape), alpha, beta ?? 0),
    );
  };
}

/** Attributes of TLAttention / TLAttentionGrad. */
export interface NativeAttentionAttrs {
  heads: number;
  headDim: number;
  scale: number;
  causal: boolean;
  qkLayerNorm: boolean;
  shaped: boolean;
  eps: number;
}

function attention(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { q, k, v } = inputs as { q: tf.TensorInfo; k: tf.TensorInfo; v: tf.TensorInfo };
    const at = attrs as unknown as NativeAttentionAttrs;
    const [B, S, n] = q.shape;
    const H = at.heads;
    const N = at.headDim;
    if (q.shape.length !== 3 || H * N !== n || k.shape.join() !== q.shape.join() || v.shape.join() !== q.shape.join()) {
      throw new Error(`attention: q, k, v must all be [batch, S, heads·headDim = ${H * N}], got [${q.shape}], [${k.shape}], [${v.shape}]`);
    }
    const shapes = [q.shape, [B, H, S, S], q.shape, q.shape, [B, S, H], [B, S, H]];
    return onHeap(backend, 'attention', [q, k, v], shapes, (heap, [pq, pk, pv, po, pP, pqh, pkh, prq, prk]) =>
      addon.attention(heap, pq, pk, pv, po, pP, pqh, pkh, prq, prk, B, S, H, N, at.scale, +at.causal, +at.qkLayerNorm, +at.shaped, at.eps),
    );
  };
}

function attentionGrad(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, qhat, khat, v, P, rq, rk } = inputs as Record<string, tf.TensorInfo>;
    const at = attrs as unknown as NativeAttentionAttrs;
    const [B, S] = v.shape;
    const ins = [dy, qhat, khat, v, P, rq, rk];
    return onHeap(backend, 'attention gradient', ins, [v.shape, v.shape, v.shape], (heap, o) =>
      addon.attentionGrad(heap, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], B, S, at.heads, at.headDim, at.scale, +at.causal, +at.qkLayerNorm, +at.shaped),
    );
  };
}

function adam(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { theta, m, u, g } = inputs as Record<string, tf.TensorInfo>;
    const a = attrs as Record<string, number>;
    for (const t of [m, u, g]) {
      if (t.shape.join() !== theta.shape.join()) throw new Error(`adam: state shape [${t.shape}] differs from the parameter's [${theta.shape}]`);
    }
    return onHeap(backend, 'adam', [theta, m, u, g], [theta.shape, theta.shape, theta.shape], (heap, o) =>
      addon.adam(heap, o[0], o[1], o[2], o[3], o[4], o[5], o[6], size(theta.shape), a.beta1, a.beta2, a.correction1, a.correction2, a.epsilon, a.eta, a.decay),
    );
  };
}

function crossEntropy(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { z, targets } = inputs as { z: tf.TensorInfo; targets: tf.TensorInfo };
    const classes = z.shape[z.shape.length - 1];
    const rows = size(z.shape) / classes;
    if (size(targets.shape) !== rows) throw new Error(`targets: expected ${rows} class indices for outputs [${z.shape}], got shape [${targets.shape}]`);
    return onHeap(backend, 'crossEntropy', [z, targets], [[]], (heap, [pz, pt, po]) => addon.crossEntropy(heap, pz, pt, po, rows, classes), ['float32', 'int32']);
  };
}

function crossEntropyGrad(addon: NativeAddon): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, z, targets } = inputs as { dy: tf.TensorInfo; z: tf.TensorInfo; targets: tf.TensorInfo };
    const classes = z.shape[z.shape.length - 1];
    return onHeap(backend, 'crossEntropy gradient', [dy, z, targets], [z.shape], (heap, [pg, pz, pt, pd]) =>
      addon.crossEntropyGrad(heap, pg, pz, pt, pd, size(z.shape) / classes, classes),
    ['float32', 'float32', 'int32']);
  };
}

/** y = x without a copy: the output shares x's buffer (tensors are immutable; no kernel writes to its inputs). */
const sharedIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  (backend as unknown as { incRef(id: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Kernel name → implementation, for registration on the wasm backend. */
export function nativeKernelTable(addon: NativeAddon): Record<string, tf.KernelFunc> {
  const matmul = batchMatMul(addon) as tf.KernelFunc & { transposeFree?: boolean };
  matmul.transposeFree = true; // transposed operands cost nothing: callers pass flags instead of copying
  return {
    BatchMatMul: matmul,
    TLScaledMatMul: scaledMatMul(addon),
    TLLayerNorm: layerNorm(addon),
    TLLayerNormGrad: layerNormGrad(addon),
    TLGelu: gelu(addon),
    TLGeluGrad: geluGrad(addon),
    TLAxpby: axpby(addon),
    TLAttention: attention(addon),
    TLAttentionGrad: attentionGrad(addon),
    TLAdam: adam(addon),
    TLCrossEntropy: crossEntropy(addon),
    TLCrossEntropyGrad: crossEntropyGrad(addon),
    Identity: sharedIdentity,
  };
}
