/**
 * MLP sub-block (THEORY.md §2.2 step 5, §6.4): MLP(u)_s = φ(u_s·(μ₁W¹))·(μ₂W²), with φ the tanh-GELU (P1), ReLU, or
 * the shaped ReLU φ_s(x) = s₊max(x,0) + s₋min(x,0), s_± = 1 + c_±/√n (P2). The normaliser √(c/m) of P2's block lives
 * in W²'s multiplier (spec/families.ts). Weights are effective matrices or {weight, multiplier} pairs (nn/scaled-dense.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeGelu, nativeKernelsActive } from '../backend/native-ops';
import { project, type WeightLike } from './scaled-dense';

export type MlpActivation = 'gelu' | 'relu' | 'shapedRelu';

const geluScale = 2 * Math.sqrt(2 / Math.PI);

/**
 * tanh-GELU (THEORY.md §2.1) in its sigmoid form: ½x(1 + tanh z) = x·σ(2z) with z = √(2/π)(x + 0.044715x³),
 * identical in exact arithmetic (on wasm Sigmoid is ~10× faster than Tanh). Gradient written out:
 * d/dx = s + x·s(1 − s)·2√(2/π)(1 + 3·0.044715x²), s = σ(2z).
 */
const geluComposed = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const s = tf.sigmoid(tf.mul(tf.mul(x, tf.add(tf.mul(tf.mul(x, x), 0.044715), 1)), geluScale));
  save([x, s]);
  return {
    value: tf.mul(x, s),
    gradFunc: (g: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ss] = saved;
      const slope = tf.mul(tf.add(tf.mul(tf.mul(xs, xs), 3 * 0.044715), 1), geluScale);
      const ds = tf.mul(tf.mul(ss, tf.sub(1, ss)), tf.mul(xs, slope));
      return [tf.mul(g, tf.add(ss, ds))];
    },
  };
}) as never) as unknown as (x: tf.Tensor) => tf.Tensor;

/** tanh-GELU (see geluComposed above): one native kernel each way when the native kernels are on. */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  return nativeKernelsActive() ? nativeGelu(x) : geluComposed(x);
}

/** φ_s(x) = x(1 + c₋/√n) + ((c₊ − c₋)/√n)·relu(x), the shaped ReLU of §6.4 written with one relu. */
export function shapedRelu(x: tf.Tensor, slopes: [number, number], width: number): tf.Tensor {
  const [cp, cm] = slopes;
  const r = Math.sqrt(width);
  return tf.add(tf.mul(x, 1 + cm / r), tf.mul(tf.relu(x), (cp - cm) / r));
}

/** The activation φ by name (shaped ReLU needs its slopes c± and the width n). */
export function applyActivation(x: tf.Tensor, activation: MlpActivation, slopes: [number, number] = [0, -1], width = 1): tf.Tensor {
  if (activation === 'gelu') return geluTanh(x);
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
  mlpIn: WeightLike,
  mlpOut: WeightLike,
  activation: MlpActivation,
  slopes: [number, number] = [0, -1],
  width = u.shape[2],
): MlpResult {
  const preActivation = project(u, mlpIn) as tf.Tensor3D;
  const output = project(applyActivation(preActivation, activation, slopes, width), mlpOut) as tf.Tensor3D;
  return { output, preActivation };
}
