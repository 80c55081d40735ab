/**
 * Fixed LayerNorm (THEORY.md §2.1): LN(z) = (z − z̄1)/√(var(z) + 10⁻⁶) over the last axis, no gain, no bias.
 * Also used as QK-LayerNorm over the N coordinates of each query and key (§2.4).
 */
import * as tf from '@tensorflow/tfjs';

/** LN(z) = (z − mean(z))/√(mean((z − mean z)²) + eps), over the last axis; eps = 1e−6 as P1. */
export function layerNorm<T extends tf.Tensor>(z: T, eps = 1e-6): T {
  return tf.tidy(() => {
    const axis = z.rank - 1;
    const centred = tf.sub(z, tf.mean(z, axis, true));
    const variance = tf.mean(tf.mul(centred, centred), axis, true);
    return tf.mul(centred, tf.rsqrt(tf.add(variance, eps))) as T;
  });
}
