/**
 * Test helpers for the infinite-head solver: token-level stream kernels of finite networks built from the same spec,
 * and the error statistics the tests compare against the limit.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/models/builders';
import { toArrayTensor } from '../../src/probes/read';
import type { Spec } from '../../src/spec/types';

/** kernels[seed][ℓ] = (1/n) h^ℓ_s(x)·h^ℓ_t(x′) over the P = B·S rows (row-major P×P), ℓ = 0…L. */
export function networkKernels(spec: Spec, input: tf.Tensor, seeds: readonly number[]): Float64Array[][] {
  return seeds.map((seed) => {
    const model = buildModel(spec, seed);
    try {
      const result = model.forward(input, { internals: true });
      const kernels = result.internals!.residual.map((h) => {
        const a = toArrayTensor(h);
        const [B, S, n] = a.shape;
        const P = B * S;
        const k = new Float64Array(P * P);
        for (let i = 0; i < P; i++) {
          for (let j = i; j < P; j++) {
            let d = 0;
            for (let c = 0; c < n; c++) d += a.values[i * n + c] * a.values[j * n + c];
            k[i * P + j] = d / n;
            k[j * P + i] = d / n;
          }
        }
        return k;
      });
      tf.dispose(result as unknown as tf.TensorContainer);
      return kernels;
    } finally {
      model.dispose();
    }
  });
}

export function squaredNorm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

export function mean(x: readonly number[]): number {
  return x.reduce((a, b) => a + b, 0) / x.length;
}

export function standardError(x: readonly number[]): number {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) / x.length);
}

export function seedMean(kernels: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(kernels[0].length);
  for (const k of kernels) for (let i = 0; i < out.length; i++) out[i] += k[i] / kernels.length;
  return out;
}
