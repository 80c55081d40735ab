/**
 * MLP sub-block (THEORY.md §2.2 step 5, §6.4): MLP(u)_s = φ(u_s·(μ₁W¹))·(μ₂W²), with φ the tanh-GELU (P1), ReLU, or
 * the shaped ReLU φ_s(x) = s₊max(x,0) + s₋min(x,0), s_± = 1 + c_±/√n (P2). The normaliser √(c/m) of P2's block lives
 * in W²'s multiplier (spec/families.ts). Weights arrive multiplied by their multipliers.
 */
import * as tf from '@tensorflow/tfjs';
import { dense, gelu } from '../backend';

export type MlpActivation = 'gelu' | 'relu' | 'shapedRelu';

/** φ_s(x) = x(1 + c₋/√n) + ((c₊ − c₋)/√n)·relu(x), the shaped ReLU of §6.4 written with one relu. */
export function shapedRelu(x: tf.Tensor, slopes: [number, number], width: number): tf.Tensor {
  const [cp, cm] = slopes;
  const r = Math.sqrt(width);
  return tf.add(tf.mul(x, 1 + cm / r), tf.mul(tf.relu(x), (cp - cm) / r));
}

/** The activation φ by name (shaped ReLU needs its slopes c± and the width n). */
export function applyActivation(x: tf.Tensor, activation: MlpActivation, slopes: [number, number] = [0, -1], width = 1): tf.Tensor {
  if (activation === 'gelu') return gelu(x);
  if (activation === 'relu') return tf.relu(x);
  return shapedRelu(x, slopes, width);
}

export interface MlpResult {
  output: tf.Tensor3D;
  /** Pre-activation u·(μ₁W¹), [batch, S, m]. */
  preActivation: tf.Tensor3D;
}

/** MLP(u) = φ(u·W¹_eff)·W²_eff for u [batch, S, n]. */
export function mlpBlock(
  u: tf.Tensor3D,
  mlpIn: tf.Tensor2D,
  mlpOut: tf.Tensor2D,
  activation: MlpActivation,
  slopes: [number, number] = [0, -1],
  width = u.shape[2],
): MlpResult {
  const preActivation = dense(u, mlpIn) as tf.Tensor3D;
  const output = dense(applyActivation(preActivation, activation, slopes, width), mlpOut) as tf.Tensor3D;
  return { output, preActivation };
}
