/**
 * What every model builder returns: the contract read by train/ (optimizers, loop) and probes/.
 * Extend it, do not break it.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParameterTable, Spec } from '../spec/types';

export interface ForwardOptions {
  /** Also return the internals below (same code path; costs memory, not a second pass). */
  internals?: boolean;
}

/** Everything a probe may read from one forward pass. Arrays are indexed by block ℓ = 0…L−1 unless stated. */
export interface Internals {
  /** Residual stream h after the read-in (index 0) and after each block (index ℓ), shape [batch, S, n]. */
  residual: tf.Tensor3D[];
  /** Attention logits A per block, [batch, H, S, S] (before softmax). */
  logits: tf.Tensor4D[];
  /** Attention matrices σ(A) per block, [batch, H, S, S] (after softmax / shaping). */
  attention: tf.Tensor4D[];
  /** Queries and keys per block, [batch, H, S, N]. */
  queries: tf.Tensor4D[];
  keys: tf.Tensor4D[];
  /** Readout input: pooled final-LN features [batch, n] (ViT) or per-token [batch, S, n] (LM). */
  features: tf.Tensor;
  /** Any named activation, for coordinate checks (e.g. 'block1.attention', 'block1.mlp', 'readIn', 'output'). */
  activations: Record<string, tf.Tensor>;
}

export interface ForwardResult {
  /** Centred, rescaled outputs z = (f_θ − f_θ₀)/γ₀: [batch, C] (ViT) or [batch, S, V] (LM). */
  output: tf.Tensor;
  internals?: Internals;
}

export interface Model {
  spec: Spec;
  table: ParameterTable;
  /** Trainable tensors keyed by ParameterRow.name, stored as drawn (multipliers are applied in forward). */
  params: Record<string, tf.Variable>;
  /** Forward pass on a batch: patches [batch, S, inputDim] (float) or token ids [batch, S] (int32). */
  forward(input: tf.Tensor, options?: ForwardOptions): ForwardResult;
  /** Mean cross-entropy of the centred outputs against integer targets ([batch] or [batch, S]). */
  loss(input: tf.Tensor, targets: tf.Tensor): tf.Scalar;
  /** Frees every tensor the model owns (parameters and the frozen initial copy). */
  dispose(): void;
}
