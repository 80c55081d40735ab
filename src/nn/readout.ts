/**
 * Readout and loss (THEORY.md §2.2 steps 6–7, §2.4): h̄ = (1/S)Σ_s LN(h_s) (ViT) or LN(h_s) per token (LM);
 * f = h̄·(μ_out W^{out}) (+ b); z = (f_θ − f_θ₀)/γ₀; loss = mean softmax cross-entropy of z.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeCrossEntropy, nativeKernelsActive } from '../backend/native-ops';
import { project, type WeightLike } from './scaled-dense';

/** h̄ = (1/S)Σ_s h_s: [batch, S, n] → [batch, n]. */
export function meanPool(h: tf.Tensor3D): tf.Tensor2D {
  return tf.mean(h, 1) as tf.Tensor2D;
}

/** f = features·W_eff (+ bias): [batch, n] → [batch, C] or [batch, S, n] → [batch, S, V]. */
export function readoutLayer(features: tf.Tensor, weight: WeightLike, bias?: tf.Tensor): tf.Tensor {
  const f = project(features, weight);
  return bias ? tf.add(f, bias) : f;
}

/** z = (f − f₀)/γ₀, the centred and rescaled outputs (exactly 0 when θ = θ₀). */
export function centredOutput(f: tf.Tensor, f0: tf.Tensor, richness: number): tf.Tensor {
  return tf.div(tf.sub(f, f0), richness);
}

/** Mean over examples (and positions) of −log softmax(z)[target]; z [..., C], integer targets [...] . */
export function crossEntropy(z: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  if (targets.rank !== z.rank - 1 || targets.shape.some((d, i) => d !== z.shape[i])) {
    throw new Error(`targets: expected shape [${z.shape.slice(0, -1)}] to match the outputs, got [${targets.shape}]`);
  }
  if (nativeKernelsActive()) return tf.tidy(() => nativeCrossEntropy(z, targets)); // one kernel each way
  return tf.tidy(() => {
    const classes = z.shape[z.rank - 1];
    const logp = tf.logSoftmax(z);
    const oneHot = tf.oneHot(targets.flatten().toInt(), classes).reshape(z.shape);
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, oneHot), -1))) as tf.Scalar;
  });
}
