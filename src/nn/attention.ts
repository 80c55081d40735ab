/**
 * Multi-head self-attention (THEORY.md §2.2 step 4, §2.4, §6.2). Per head a, token s:
 *   q^a_s = (μ_Q W^Q u_s)_a, k^a_s = (μ_K W^K u_s)_a, v^a_s = (μ_V W^V u_s)_a (consecutive blocks of N coordinates);
 *   optional QK-LayerNorm over the N coordinates of q^a_s and k^a_s;
 *   A^a_{ss′} = (q^a_s · k^a_{s′})·logitScale  (logitScale = N^{−α_A}, or 1/τ with τ = τ₀√(nN) when shaped);
 *   σ^a = softmax_{s′}(A^a) (causal: over s′ ≤ s), or shaped σ^a = I + softmax(A^a) − U;
 *   o^a_s = Σ_{s′} σ^a_{ss′} v^a_{s′}; output = concat_a(o^a)·(μ_O W^O) (or the concatenation itself without W^O).
 * P1's single W^{QK} ∈ ℝ^{2n×n} is stored as two n×n matrices with the same i.i.d. law (separate matmuls are faster
 * on wasm than slicing one product). Weights are effective matrices or {weight, multiplier} pairs (nn/scaled-dense.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../backend';
import { nativeAttention, nativeKernelsActive } from '../backend/native-ops';
import { layerNorm } from './layer-norm';
import { causalMask, shapedOffset } from './masks';
import { project, type WeightLike } from './scaled-dense';

export interface AttentionWeights {
  query: WeightLike;
  key: WeightLike;
  value: WeightLike;
  /** W^O; absent in P2's networks, whose attention output is A·X·W^V directly (§6.3). */
  output?: WeightLike;
}

export interface AttentionOptions {
  heads: number;
  headDim: number;
  /** A = (q·k)·logitScale. */
  logitScale: number;
  qkLayerNorm?: boolean;
  causal?: boolean;
  /** Shaped attention I + softmax(A) − U (§6.2). */
  shaped?: boolean;
  /** Also return logits, attention, queries and keys per head. */
  collect?: boolean;
}

export interface AttentionResult {
  /** [batch, S, n]. */
  output: tf.Tensor3D;
  /** [batch, H, S, S], when collected: logits before masking/softmax, attention after. */
  logits?: tf.Tensor4D;
  attention?: tf.Tensor4D;
  /** [batch, H, S, N], when collected (after QK-LayerNorm if on). */
  queries?: tf.Tensor4D;
  keys?: tf.Tensor4D;
}

/** Multi-head attention on u [batch, S, n] (see the file comment for the equations). */
export function multiHeadAttention(u: tf.Tensor3D, w: AttentionWeights, options: AttentionOptions): AttentionResult {
  const [B, S, n] = u.shape;
  const H = options.heads;
  const N = options.headDim;
  if (H * N !== n) throw new Error(`attention: heads·headDim = ${H * N} must equal the width ${n}`);
  if (nativeKernelsActive() && !options.collect) {
    // One fused kernel for QK-LN, logits, mask, softmax (+ I − U) and σ·v over all heads, in the [batch, S, n] layout.
    const mixed = nativeAttention(project(u, w.query) as tf.Tensor3D, project(u, w.key) as tf.Tensor3D, project(u, w.value) as tf.Tensor3D, {
      heads: H,
      headDim: N,
      scale: options.logitScale,
      causal: options.causal ?? false,
      qkLayerNorm: options.qkLayerNorm ?? false,
      shaped: options.shaped ?? false,
      eps: 1e-6,
    });
    return { output: (w.output ? project(mixed, w.output) : mixed) as tf.Tensor3D };
  }
  let q4 = project(u, w.query).reshape([B, S, H, N]);
  let k4 = project(u, w.key).reshape([B, S, H, N]);
  if (options.qkLayerNorm) {
    q4 = layerNorm(q4);
    k4 = layerNorm(k4);
  }
  const queries = tf.transpose(q4, [0, 2, 1, 3]) as tf.Tensor4D;
  const keysT = tf.transpose(k4, [0, 2, 3, 1]);
  const scores = matMul(queries.reshape([B * H, S, N]), keysT.reshape([B * H, N, S]));
  const logits = tf.mul(scores, options.logitScale).reshape([B, H, S, S]) as tf.Tensor4D;
  const masked = options.causal ? tf.add(logits, causalMask(S)) : logits;
  let attention = tf.softmax(masked) as tf.Tensor4D;
  if (options.shaped) attention = tf.add(attention, shapedOffset(S, options.causal ?? false)) as tf.Tensor4D;
  const values = tf.transpose(project(u, w.value).reshape([B, S, H, N]), [0, 2, 1, 3]);
  const mixed = matMul(attention.reshape([B * H, S, S]), values.reshape([B * H, S, N]));
  const heads = tf.transpose(mixed.reshape([B, H, S, N]), [0, 2, 1, 3]).reshape([B, S, n]);
  const output = (w.output ? project(heads, w.output) : heads) as tf.Tensor3D;
  if (!options.collect) return { output };
  return { output, logits, attention, queries, keys: tf.transpose(k4, [0, 2, 1, 3]) as tf.Tensor4D };
}
