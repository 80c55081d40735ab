/**
 * Fixed LayerNorm (THEORY.md §2.1): LN(z) = (z − z̄1)/√(var(z) + 10⁻⁶) over the last axis, no gain, no bias.
 * Also used as QK-LayerNorm over the N coordinates of each query and key (§2.4).
 * The gradient is written out (y = LN(z), r = (var + eps)^{−½}): ∂L/∂z = r(g − mean(g) − y·mean(g∘y)), exact for
 * this eps-regularised form, in 6 kernels instead of autodiff's ~15 (one kernel each way with the native kernels).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelsActive, nativeLayerNorm } from '../backend/native-ops';

function normalise(z: tf.Tensor, eps: number): { y: tf.Tensor; r: tf.Tensor } {
  const axis = z.rank - 1;
  const centred = tf.sub(z, tf.mean(z, axis, true));
  const r = tf.rsqrt(tf.add(tf.mean(tf.mul(centred, centred), axis, true), eps));
  return { y: tf.mul(centred, r), r };
}

const fixedLayerNorm = new Map<number, (z: tf.Tensor) => tf.Tensor>();

function kernelFor(eps: number): (z: tf.Tensor) => tf.Tensor {
  let f = fixedLayerNorm.get(eps);
  if (!f) {
    f = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
      const { y, r } = normalise(z, eps);
      save([y, r]);
      return {
        value: y,
        gradFunc: (g: tf.Tensor, saved: tf.Tensor[]) => {
          const [ys, rs] = saved;
          const axis = ys.rank - 1;
          const inner = tf.sub(tf.sub(g, tf.mean(g, axis, true)), tf.mul(ys, tf.mean(tf.mul(g, ys), axis, true)));
          return [tf.mul(inner, rs)];
        },
      };
    }) as never) as unknown as (z: tf.Tensor) => tf.Tensor;
    fixedLayerNorm.set(eps, f);
  }
  return f;
}

/** LN(z) = (z − mean(z))/√(mean((z − mean z)²) + eps), over the last axis; eps = 1e−6 as P1. */
export function layerNorm<T extends tf.Tensor>(z: T, eps = 1e-6): T {
  if (nativeKernelsActive()) return nativeLayerNorm(z, eps);
  return kernelFor(eps)(z) as T;
}
