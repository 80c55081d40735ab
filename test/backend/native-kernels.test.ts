/**
 * The native kernels (src/backend/native-*.ts) against tfjs's own composed ops on the same inputs: every value and
 * every gradient. Tolerance: both sides compute in float32 (unit roundoff u = 6·10⁻⁸); a sum of K products carries a
 * relative error ≤ K·u ≈ 3·10⁻⁵ for K ≤ 512 (the longest contraction here), and the LayerNorm/softmax/GELU chains
 * add a few u each, so we allow 2·10⁻⁴ relative to the largest magnitude of the compared tensor (≈ 7× that bound).
 * When the addon is not built (no compiler or OpenBLAS), the fallback is tested instead: the switch refuses with a
 * reason and the model code keeps tfjs's kernels.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  blasThreads,
  defaultBlasThreads,
  disableNativeKernels,
  enableNativeKernels,
  holdOneBlasThread,
  initBackend,
  nativeAddon,
  nativeKernelsActive,
  nativeKernelsProblem,
} from '../../src/backend';
import { multiHeadAttention } from '../../src/nn/attention';
import { layerNorm } from '../../src/nn/layer-norm';
import { geluTanh } from '../../src/nn/mlp';
import { crossEntropy } from '../../src/nn/readout';
import { scaledDense } from '../../src/nn/scaled-dense';
import { Random } from '../../src/base/random';

const built = nativeAddon() !== null;

function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  new Random(seed).fillNormal32(values, scale);
  return tf.tensor(values, shape);
}

/** Largest |a − b| relative to the largest |b|. */
function relativeDifference(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(a.shape).toEqual(b.shape);
  let diff = 0;
  let size = 0;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    size = Math.max(size, Math.abs(y[i]));
  }
  return diff / Math.max(size, 1e-30);
}

/** Value of f and gradients of Σ f(inputs)∘c (c a fixed random cotangent) with the native kernels on or off. */
function valueAndGradients(native: boolean, f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number) {
  if (native) expect(enableNativeKernels()).toBe(true);
  else disableNativeKernels();
  expect(nativeKernelsActive()).toBe(native);
  const value = f(...inputs);
  const cotangent = randomTensor(value.shape, seed);
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), cotangent)))(inputs);
  return { value, grads };
}

function expectSame(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number): void {
  const fallback = valueAndGradients(false, f, inputs, seed);
  const native = valueAndGradients(true, f, inputs, seed);
  expect(relativeDifference(native.value, fallback.value)).toBeLessThan(2e-4);
  native.grads.forEach((g, i) => expect(relativeDifference(g, fallback.grads[i]), `gradient ${i}`).toBeLessThan(2e-4));
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe.runIf(built)('native kernels agree with tfjs ops', () => {
  it('initBackend switches them on for wasm', () => {
    expect(nativeKernelsActive()).toBe(true);
  });

  it('bad thread counts are refused naming the setting', async () => {
    expect(() => enableNativeKernels(0)).toThrow(/blasThreads: expected an integer ≥ 1, got 0/);
    process.env.TL_BLAS_THREADS = 'two';
    await expect(initBackend('wasm')).rejects.toThrow(/TL_BLAS_THREADS: expected an integer ≥ 1, got 'two'/);
    delete process.env.TL_BLAS_THREADS;
    await initBackend('wasm');
    expect(nativeKernelsActive()).toBe(true);
  });

  it('OpenBLAS threads: every core on the main thread unless a test pool, a worker or a sweep pool says one', () => {
    expect(defaultBlasThreads()).toBe(1); // vitest's fork pool sets VITEST_POOL_ID
    const pool = process.env.VITEST_POOL_ID;
    delete process.env.VITEST_POOL_ID;
    try {
      expect(defaultBlasThreads()).toBe(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
    } finally {
      process.env.VITEST_POOL_ID = pool;
    }
    expect(enableNativeKernels(2)).toBe(true);
    expect(blasThreads()).toBe(2);
    const release = holdOneBlasThread();
    expect(blasThreads()).toBe(1);
    release();
    release(); // a second release changes nothing
    expect(blasThreads()).toBe(2);
    expect(enableNativeKernels(1)).toBe(true);
    expect(blasThreads()).toBe(1);
  });

  it('scaled dense x·(μW), rank 3, μ = 1/√128', () => {
    expectSame((x, w) => scaledDense(x, w as tf.Tensor2D, 128 ** -0.5), [randomTensor([4, 16, 128], 1), randomTensor([128, 512], 2)], 3);
  });

  it('matMul with transposed operands and broadcast batch', () => {
    // Broadcast batch: values only (tfjs's own BatchMatMul gradient does not reduce over a broadcast batch axis).
    const a = randomTensor([3, 5, 7], 4);
    const b = randomTensor([1, 9, 7], 5);
    disableNativeKernels();
    const plain = tf.matMul(a, b, false, true);
    enableNativeKernels();
    expect(relativeDifference(tf.matMul(a, b, false, true), plain)).toBeLessThan(2e-4);
    expectSame((x, y) => tf.matMul(x, y, false, true), [randomTensor([3, 5, 7], 14), randomTensor([3, 9, 7], 15)], 6);
    expectSame((x, y) => tf.matMul(x, y, true, false), [randomTensor([2, 7, 5], 7), randomTensor([2, 7, 3], 8)], 9);
  });

  it('LayerNorm over the last axis', () => {
    expectSame((x) => layerNorm(x), [randomTensor([6, 10, 128], 10, 3)], 11);
  });

  it('GELU (tanh form)', () => {
    expectSame((x) => geluTanh(x), [randomTensor([1000], 12, 3)], 13);
  });

  it('mean softmax cross-entropy and its gradient; a target outside [0, C) is refused naming targets', () => {
    const targets = tf.tensor2d(Array.from({ length: 5 * 9 }, (_, i) => (i * 7) % 11), [5, 9], 'int32');
    expectSame((z) => crossEntropy(z, targets), [randomTensor([5, 9, 11], 40, 3)], 41);
    const bad = tf.tensor1d([0, 11], 'int32');
    expect(() => crossEntropy(randomTensor([2, 11], 42), bad)).toThrow(/targets: expected class indices in \[0, 11\), got 11 at position 1/);
  });

  const cases = [
    { name: 'causal, QK-LayerNorm (P1 LM)', causal: true, qkLayerNorm: true, shaped: false },
    { name: 'bidirectional, no QK-LN (ViT)', causal: false, qkLayerNorm: false, shaped: false },
    { name: 'shaped, bidirectional (P2)', causal: false, qkLayerNorm: false, shaped: true },
    { name: 'shaped, causal', causal: true, qkLayerNorm: true, shaped: true },
    // S = 37: causal tiles of 16 rows [0, 16), [16, 32), [32, 37) (native/tl-attention.c), the last one partial.
    { name: 'causal, QK-LayerNorm, S = 37 over three causal tiles', causal: true, qkLayerNorm: true, shaped: false, S: 37 },
    { name: 'shaped, causal, S = 37 over three causal tiles', causal: true, qkLayerNorm: false, shaped: true, S: 37 },
    { name: 'bidirectional, S = 37', causal: false, qkLayerNorm: true, shaped: false, S: 37 },
  ];
  for (const c of cases) {
    it(`multi-head attention: ${c.name}`, () => {
      const [B, S, H, N] = [3, c.S ?? 7, 4, 8];
      const n = H * N;
      const weights = [0, 1, 2, 3].map((i) => randomTensor([n, n], 20 + i, n ** -0.5));
      const f = (u: tf.Tensor, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, o: tf.Tensor) =>
        multiHeadAttention(u as tf.Tensor3D, { query: q, key: k, value: v, output: o }, { heads: H, headDim: N, logitScale: 0.7, ...c }).output;
      expectSame(f, [randomTensor([B, S, n], 30), ...weights], 31);
    });
  }
});

describe('fallback to tfjs kernels', () => {
  it('without the addon (or off wasm) the switch refuses with a reason and the model code keeps tfjs kernels', async () => {
    if (built) {
      // Off wasm: the kernels live on the wasm heap, so the cpu backend refuses them and says why.
      await initBackend('cpu');
      expect(enableNativeKernels()).toBe(false);
      expect(nativeKernelsActive()).toBe(false);
      expect(nativeKernelsProblem()).toMatch(/wasm backend, not 'cpu'/);
      await initBackend('wasm');
      expect(nativeKernelsActive()).toBe(true);
    } else {
      expect(enableNativeKernels()).toBe(false);
      expect(nativeKernelsActive()).toBe(false);
      expect(nativeKernelsProblem()).toMatch(/tl-kernels\.node/);
    }
  });
});
