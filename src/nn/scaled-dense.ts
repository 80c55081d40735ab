/**
 * y = x·(μW) for a stored weight W and its forward multiplier μ (THEORY.md §2.5: "scale it by the given constant
 * every time it is used"), as one custom-gradient op: ∂/∂x = g·(μW)ᵀ, ∂/∂W = μ·xᵀg, both with explicitly
 * transposed operands (plain matmuls: the fast path on wasm, TOOLCHAIN.md) and without a separate multiply node.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelsActive, nativeScaledDense } from '../backend/native-ops';

/**
 * Whether the active backend's BatchMatMul kernel takes transposed operands at full speed (a kernel marked
 * `transposeFree`, e.g. the OpenBLAS one of bench/peers/native-matmul.ts): then the backward pass passes transpose
 * flags instead of materialising Xᵀ and Wᵀ. tfjs's own wasm kernel is 10–70× slower with flags, so it keeps the copies.
 */
function transposeFlagsAreFast(): boolean {
  const kernel = tf.getKernel('BatchMatMul', tf.getBackend());
  return (kernel?.kernelFunc as { transposeFree?: boolean } | undefined)?.transposeFree === true;
}

const scaledMatMul = new Map<number, (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D>();

function kernelFor(multiplier: number): (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D {
  let f = scaledMatMul.get(multiplier);
  if (!f) {
    f = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, save: tf.GradSaveFunc) => {
      const effective = multiplier === 1 ? w : tf.mul(w, multiplier);
      save([x, effective]);
      return {
        value: tf.matMul(x, effective),
        gradFunc: (g: tf.Tensor2D, saved: tf.Tensor[]) => {
          const [xs, ws] = saved as tf.Tensor2D[];
          const flags = transposeFlagsAreFast();
          const dx = flags ? tf.matMul(g, ws, false, true) : tf.matMul(g, tf.transpose(ws));
          const dwRaw = flags ? tf.matMul(xs, g, true, false) : tf.matMul(tf.transpose(xs), g);
          return [dx, multiplier === 1 ? dwRaw : tf.mul(dwRaw, multiplier)];
        },
      };
    }) as never) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;
    scaledMatMul.set(multiplier, f);
  }
  return f;
}

/** x·(μW) for x of any rank ≥ 2 (last axis contracted): reshapes to 2-D and back (one kernel with the native kernels). */
export function scaledDense(x: tf.Tensor, w: tf.Tensor2D, multiplier: number): tf.Tensor {
  if (nativeKernelsActive()) return nativeScaledDense(x, w, multiplier); // μ folded into sgemm's α
  const lead = x.shape.slice(0, -1);
  const flat = x.reshape([-1, x.shape[x.rank - 1]]) as tf.Tensor2D;
  return kernelFor(multiplier)(flat, w).reshape([...lead, w.shape[1]]);
}

/** A stored weight with the multiplier the forward pass applies to it. */
export interface ScaledWeight {
  weight: tf.Tensor2D;
  multiplier: number;
}

/** Either an already-effective matrix (multiplier folded in) or a stored weight with its multiplier. */
export type WeightLike = tf.Tensor | ScaledWeight;

function isScaled(w: WeightLike): w is ScaledWeight {
  return (w as ScaledWeight).weight !== undefined && typeof (w as ScaledWeight).multiplier === 'number';
}

/** x·W_eff with W_eff = μW (ScaledWeight) or W itself (tensor); last axis of x contracted. */
export function project(x: tf.Tensor, w: WeightLike): tf.Tensor {
  return isScaled(w) ? scaledDense(x, w.weight, w.multiplier) : scaledDense(x, w as tf.Tensor2D, 1);
}

/** The effective tensor μW (materialised; for tables that are added rather than multiplied, e.g. P/σ_P). */
export function effectiveWeight(w: WeightLike): tf.Tensor {
  if (!isScaled(w)) return w;
  return w.multiplier === 1 ? w.weight : tf.mul(w.weight, w.multiplier);
}
