import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disableNativeKernels, enableNativeKernels, initBackend } from '../../src/backend';
import { project } from '../../src/nn/scaled-dense';

let original: tf.KernelConfig;

beforeAll(async () => {
  await initBackend('wasm');
  disableNativeKernels(); // this file tests the tfjs-kernel path of scaled-dense (the native one has its own test)
  original = tf.getKernel('BatchMatMul', 'wasm')!;
});

afterAll(() => {
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(original);
  enableNativeKernels();
});

/** Gradients of sum(project(x, {W, μ})·c) with respect to x and W. */
function gradients(x: tf.Tensor2D, w: tf.Tensor2D, c: tf.Tensor2D, multiplier: number): tf.Tensor[] {
  return tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(project(xx, { weight: ww as tf.Tensor2D, multiplier }), c)))([x, w]);
}

describe('scaledDense backward with a transpose-free BatchMatMul kernel', () => {
  it('passing transpose flags gives the same dX = μ g Wᵀ and dW = μ Xᵀ g as the explicit transposes', () => {
    const x = tf.randomNormal([24, 16], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([16, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
    const c = tf.randomNormal([24, 8], 0, 1, 'float32', 3) as tf.Tensor2D;
    const reference = gradients(x, w, c, 0.25).map((g) => g.arraySync() as number[][]);
    // The same kernel, marked transpose-free: scaled-dense must now call it with flags (transposeA/B) instead.
    let flagged = 0;
    const kernelFunc: tf.KernelFunc & { transposeFree?: boolean } = (args) => {
      const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (attrs.transposeA || attrs.transposeB) flagged++;
      return original.kernelFunc(args);
    };
    kernelFunc.transposeFree = true;
    tf.unregisterKernel('BatchMatMul', 'wasm');
    tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc });
    const flaggedGradients = gradients(x, w, c, 0.25).map((g) => g.arraySync() as number[][]);
    expect(flagged).toBe(2);
    // Both are float32 sums of ≤ 24 products of O(1) numbers (|entries| ≲ 20): a different summation order changes
    // each by at most ~24 · 2⁻²⁴ · 20 ≈ 3e−5, so 1e−4 absolute is a safe bound that still catches a wrong operand.
    for (let i = 0; i < 2; i++) {
      const a = reference[i].flat();
      const b = flaggedGradients[i].flat();
      expect(b.length).toBe(a.length);
      expect(Math.max(...a.map((v, j) => Math.abs(v - b[j])))).toBeLessThan(1e-4);
    }
  });
});
