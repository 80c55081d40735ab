/**
 * Fast paths for the wasm backend (TOOLCHAIN.md "Traps and fixes"); every model uses these instead of the raw ops.
 * - matMul: tfjs's own matmul gradient calls matMul with transposeA/transposeB, 10–70× slower on wasm; this one's
 *   backward materialises the transpose and calls a plain matmul (same gradients: dA = dY·Bᵀ, dB = Aᵀ·dY).
 * - embedTokens: a one-hot matmul, because tf.gather's gradient (UnsortedSegmentSum) is missing on wasm.
 * - cube / gelu: x·x·x instead of pow(x, 3), which is 10× slower.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeKernelsActive } from './native-ops';

function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

const fastMatMul = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      return [tf.matMul(dy, swapLastTwo(sb)), tf.matMul(swapLastTwo(sa), dy)];
    },
  };
}) as never) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

let fastMatMulEnabled = true;

/**
 * Switches matMul (and so dense, embedTokens and every model) between the transpose-free gradient (true, the default)
 * and plain tf.matMul (false), for the "with and without fast matmul" benchmark. Returns the previous setting.
 */
export function setFastMatMul(enabled: boolean): boolean {
  const previous = fastMatMulEnabled;
  fastMatMulEnabled = enabled;
  return previous;
}

/** Whether matMul currently uses the transpose-free gradient (custom-gradient matmuls elsewhere should honour it). */
export function fastMatMulEnabledNow(): boolean {
  return fastMatMulEnabled;
}

/**
 * Y = A·B for rank-2 or equal-rank batched tensors (no broadcasting of batch dimensions), with a gradient that
 * avoids transposed matmuls. Results and gradients are identical to tf.matMul.
 */
export function matMul<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  if (a.rank !== b.rank || a.rank < 2) {
    throw new Error(`matMul: operands must have the same rank ≥ 2, got shapes [${a.shape}] and [${b.shape}]`);
  }
  for (let i = 0; i < a.rank - 2; i++) {
    if (a.shape[i] !== b.shape[i]) throw new Error(`matMul: batch dimensions differ: [${a.shape}] vs [${b.shape}]`);
  }
  // With the native kernels transposed operands are free, so tfjs's own gradient (transpose flags) is the fast one.
  return (fastMatMulEnabled && !nativeKernelsActive() ? fastMatMul(a, b) : tf.matMul(a, b)) as T;
}

/** x·W for x of any rank ≥ 2 (last axis contracted) and a matrix W: reshapes to 2-D and back. */
export function dense(x: tf.Tensor, w: tf.Tensor2D): tf.Tensor {
  const lead = x.shape.slice(0, -1);
  const flat = x.reshape([-1, x.shape[x.rank - 1]]);
  return matMul(flat, w).reshape([...lead, w.shape[1]]);
}

/** Rows of an embedding table E ∈ ℝ^{V×n} for integer ids of any shape, as onehot(ids)·E (gather-free gradient). */
export function embedTokens(ids: tf.Tensor, table: tf.Tensor2D): tf.Tensor {
  const vocab = table.shape[0];
  const oneHot = tf.oneHot(ids.flatten().toInt(), vocab).toFloat() as tf.Tensor2D;
  return matMul(oneHot, table).reshape([...ids.shape, table.shape[1]]);
}

/** x³ as x·x·x. */
export function cube(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, x), x);
}

/** GELU, tanh form (THEORY.md §2.1): ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, cube(x))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}
