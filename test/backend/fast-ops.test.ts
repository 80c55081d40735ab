import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeBackend, embedTokens, gelu, initBackend, matMul } from '../../src/backend';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('backend fast paths (wasm)', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
  });

  it('reports the active backend and rejects unknown names', async () => {
    expect(activeBackend()).toBe('wasm');
    await expect(initBackend('gpu' as never)).rejects.toThrow(/node, wasm, cpu/);
  });

  it('matMul gives the same values and gradients as tf.matMul (rank 2 and batched)', () => {
    for (const [sa, sb] of [
      [[5, 7], [7, 3]],
      [[2, 3, 5, 4], [2, 3, 4, 6]],
    ] as const) {
      const a = tf.randomNormal([...sa], 0, 1, 'float32', 1);
      const b = tf.randomNormal([...sb], 0, 1, 'float32', 2);
      const loss = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.sin(f(x, y)));
      const [ga, gb] = tf.grads(loss(matMul))([a, b]);
      const [ra, rb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
      expect(maxAbsDiff(matMul(a, b), tf.matMul(a, b))).toBe(0);
      // float32 sums of ≤ 7 products of O(1) numbers: round-off ≲ 1e-6.
      expect(maxAbsDiff(ga, ra)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gb, rb)).toBeLessThan(1e-5);
    }
  });

  it('embedTokens equals gather and has a gradient on wasm', () => {
    const table = tf.variable(tf.randomNormal([11, 4], 0, 1, 'float32', 3));
    const ids = tf.tensor2d([[1, 2, 3], [10, 0, 1]], [2, 3], 'int32');
    expect(maxAbsDiff(embedTokens(ids, table), tf.gather(table, ids))).toBe(0);
    const g = tf.grad((t: tf.Tensor) => tf.sum(embedTokens(ids, t as tf.Tensor2D)))(table);
    // row 1 is used twice, rows 0, 2, 3, 10 once, the rest never.
    expect(Array.from(tf.sum(g, 1).dataSync())).toEqual([4, 8, 4, 4, 0, 0, 0, 0, 0, 0, 4]);
  });

  it('gelu matches the tanh formula', () => {
    const x = tf.linspace(-4, 4, 17);
    const ref = x.arraySync().map((v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
    expect(maxAbsDiff(gelu(x), tf.tensor1d(ref))).toBeLessThan(1e-6);
  });
});
