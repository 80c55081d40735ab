/**
 * Read-in (THEORY.md §2.2 step 1–2, §2.4): h_s = μ_in W⁰ x_s for patches, h_s = μ_in E[token_s] for tokens, then
 * h_s ← h_s + P_s/σ_P with the trainable positional table. Weights are effective matrices or {weight, multiplier} pairs.
 */
import * as tf from '@tensorflow/tfjs';
import { effectiveWeight, project, type WeightLike } from './scaled-dense';

/** h = x·(μ_in W⁰): patches [batch, S, D p²] → [batch, S, n]. */
export function patchReadIn(patches: tf.Tensor, readIn: WeightLike): tf.Tensor3D {
  if (patches.rank !== 3) throw new Error(`input: expected patches [batch, S, inputDim], got shape [${patches.shape}]`);
  return project(patches, readIn) as tf.Tensor3D;
}

/** h = onehot(ids)·(μ_in E): ids [batch, S] → [batch, S, n] (one-hot matmul: gather's gradient is missing on wasm). */
export function tokenReadIn(ids: tf.Tensor, embedding: WeightLike): tf.Tensor3D {
  if (ids.rank !== 2) throw new Error(`input: expected token ids [batch, S], got shape [${ids.shape}]`);
  const vocab = 'weight' in embedding ? embedding.weight.shape[0] : embedding.shape[0];
  const oneHot = tf.oneHot(ids.toInt(), vocab).toFloat();
  return project(oneHot, embedding) as tf.Tensor3D;
}

/** h_s + P_s/σ_P for s = 0…S−1 (the table, multiplied by 1/σ_P, may have more rows than S: the LM's has S + 1). */
export function addPositional(h: tf.Tensor3D, table: WeightLike): tf.Tensor3D {
  const S = h.shape[1];
  const positional = effectiveWeight(table) as tf.Tensor2D;
  if (S > positional.shape[0]) throw new Error(`input: ${S} tokens exceed the positional table's ${positional.shape[0]} rows`);
  const rows = S === positional.shape[0] ? positional : positional.slice([0, 0], [S, positional.shape[1]]);
  return tf.add(h, rows) as tf.Tensor3D;
}
