import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gelu, initBackend } from '../../src/backend';
import { layerNorm } from '../../src/nn/layer-norm';
import { causalMask, shapedOffset, uniformAttention } from '../../src/nn/masks';
import { geluTanh, shapedRelu } from '../../src/nn/mlp';
import { project } from '../../src/nn/scaled-dense';
import { crossEntropy } from '../../src/nn/readout';
import { activationNormaliser, gaussianSecondMoment } from '../../src/spec/families';
import { preset } from '../../src/spec/presets';

beforeAll(async () => {
  await initBackend('wasm');
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Autodiff reference for LN. */
function plainLayerNorm(z: tf.Tensor): tf.Tensor {
  const c = tf.sub(z, tf.mean(z, -1, true));
  return tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.mul(c, c), -1, true), 1e-6)));
}

describe('fixed LayerNorm', () => {
  it('standardises each token (|LN z|² = n·var/(var + eps)) and its written-out gradient matches autodiff', () => {
    const z = tf.randomNormal([3, 5, 16], 0.5, 2, 'float32', 1);
    const w = tf.randomNormal([3, 5, 16], 0, 1, 'float32', 2);
    const y = layerNorm(z);
    const mean = tf.mean(y, -1).abs().max().dataSync()[0];
    const sq = tf.mean(tf.square(y), -1);
    expect(mean).toBeLessThan(1e-6);
    expect(maxAbsDiff(sq, tf.onesLike(sq))).toBeLessThan(1e-5); // var ≈ 4 ≫ eps: n·var/(var+eps) = n(1 − 2.5e−7)
    const g1 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(layerNorm(x), w)))(z);
    const g2 = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(plainLayerNorm(x), w)))(z);
    // Both are float32 evaluations of the same exact derivative; entries are O(1/σ) = O(0.5), round-off ~1e−6.
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
  });
});

describe('GELU and shaped ReLU', () => {
  it('sigmoid-form GELU equals the tanh form, and its gradient matches autodiff of the tanh form', () => {
    const x = tf.linspace(-6, 6, 241);
    expect(maxAbsDiff(geluTanh(x), gelu(x))).toBeLessThan(2e-6);
    const g1 = tf.grad((v: tf.Tensor) => tf.sum(geluTanh(v)))(x);
    const g2 = tf.grad((v: tf.Tensor) => tf.sum(gelu(v)))(x);
    expect(maxAbsDiff(g1, g2)).toBeLessThan(1e-5);
  });
  it('shaped ReLU is s₊max(x,0) + s₋min(x,0) with s± = 1 + c±/√n', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 0.5, 3]);
    const y = shapedRelu(x, [0.7, -1.3], 16).arraySync() as number[];
    const expected = [-2, -0.5, 0, 0.5, 3].map((v) => (v > 0 ? (1 + 0.7 / 4) * v : (1 - 1.3 / 4) * v));
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
  it('normaliser c makes c·E φ(g)² = 1 (shaped ReLU closed form against quadrature; ReLU 2)', () => {
    const spec = preset('shaped', { shapedReluSlopes: [0.7, -1.3] });
    const n = 32;
    const c = activationNormaliser(spec, n);
    const sp = 1 + 0.7 / Math.sqrt(n);
    const sm = 1 - 1.3 / Math.sqrt(n);
    // Simpson with 4800 panels on [−12, 12]: error ≪ 1e−9 for these piecewise-quadratic integrands (kink at 0 is a node).
    expect(c * gaussianSecondMoment((x) => (x > 0 ? sp * x : sm * x))).toBeCloseTo(1, 9);
    expect(activationNormaliser(preset('shaped', { architecture: 'preLn', mlpActivation: 'relu' }), n)).toBe(2);
  });
});

describe('attention constants', () => {
  it('causal mask and I − U rows', () => {
    const m = causalMask(4).arraySync();
    expect(m[1]).toEqual([0, 0, -1e9, -1e9]);
    const u = uniformAttention(3, true);
    expect(Array.from(u)).toEqual([1, 0, 0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3].map(Math.fround));
    const off = shapedOffset(3, false).arraySync();
    off.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6)); // rows of I − U sum to 0
  });
  it('cross-entropy of zero logits is ln C, and it checks the target shape', () => {
    expect(crossEntropy(tf.zeros([2, 3, 7]), tf.tensor2d([[1, 2, 3], [0, 6, 5]], [2, 3], 'int32')).dataSync()[0]).toBeCloseTo(Math.log(7), 6);
    expect(() => crossEntropy(tf.zeros([2, 7]), tf.tensor1d([1, 2, 3], 'int32'))).toThrow(/^targets: expected shape \[2\]/);
  });
});

describe('scaled dense', () => {
  it('x·(μW) and its gradients equal autodiff of tf.matMul(x, μ·W)', () => {
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 7);
    const w = tf.randomNormal([5, 4], 0, 1, 'float32', 8);
    const g = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 9);
    const mu = 0.37;
    const f1 = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(project(a, { weight: b as tf.Tensor2D, multiplier: mu }), g));
    const f2 = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.matMul(a.reshape([6, 5]), tf.mul(b, mu)).reshape([2, 3, 4]), g));
    const [dx1, dw1] = tf.grads(f1)([x, w]);
    const [dx2, dw2] = tf.grads(f2)([x, w]);
    // Same float32 products summed in possibly different orders: round-off ~1e−6 on O(1) entries.
    expect(maxAbsDiff(f1(x, w), f2(x, w))).toBeLessThan(1e-5);
    expect(maxAbsDiff(dx1, dx2)).toBeLessThan(1e-5);
    expect(maxAbsDiff(dw1, dw2)).toBeLessThan(1e-5);
  });
});
