import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { attentionMaps, headMeanChange, headVariance } from '../../src/probes/attention';
import { kernelDistance, pooledKernel, spatialKernel, tokenKernel } from '../../src/probes/kernels';
import { movementByGroup } from '../../src/probes/movement';
import { meanAbsolute, relativeChange, rmsDifference } from '../../src/probes/read';
import type { ParameterTable } from '../../src/spec/types';
import { Random } from '../../src/base/random';

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Random(seed).fillNormal32(new Float32Array(size)), shape);
}

describe('probe statistics (exact, against direct sums)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('pooled, spatial and token kernels equal their defining sums', () => {
    const [B, S, n] = [3, 4, 5];
    const h = randomTensor([B, S, n], 1);
    const x = h.arraySync() as number[][][];
    const pooled = pooledKernel(h);
    const spatial = spatialKernel(h, 2);
    const token = tokenKernel(h);
    for (let a = 0; a < B; a++) {
      for (let b = 0; b < B; b++) {
        let dot = 0;
        let tok = 0;
        for (let i = 0; i < n; i++) {
          let ma = 0;
          let mb = 0;
          for (let s = 0; s < S; s++) {
            ma += x[a][s][i] / S;
            mb += x[b][s][i] / S;
            tok += (x[a][s][i] * x[b][s][i]) / (S * n);
          }
          dot += (ma * mb) / n;
        }
        // float64 sums of 20 float32 inputs: agreement to ~1e-15 relative.
        expect(pooled[a * B + b]).toBeCloseTo(dot, 12);
        expect(token[a * B + b]).toBeCloseTo(tok, 12);
      }
    }
    for (let s = 0; s < S; s++) {
      for (let r = 0; r < S; r++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (x[2][s][i] * x[2][r][i]) / n;
        expect(spatial[s * S + r]).toBeCloseTo(dot, 12);
      }
    }
    // Pooled features [B, n] give the same kernel as a 1-token stream.
    const fromFeatures = pooledKernel(tf.mean(h, 1));
    // tf.mean in float32 vs the float64 token mean: relative differences ~1e-7.
    for (let i = 0; i < B * B; i++) expect(fromFeatures[i]).toBeCloseTo(pooled[i], 5);
    expect(kernelDistance(pooled, pooled)).toBe(0);
    expect(kernelDistance(Float64Array.from([2, 0]), Float64Array.from([1, 0]))).toBe(1);
    expect(() => spatialKernel(h, 3)).toThrow(/input/);
    expect(() => pooledKernel(tf.zeros([2]))).toThrow(/shape \[2\]/);
  });

  it('head variance, head-mean change and per-head maps', () => {
    // Two heads with A¹ = c, A² = −c: the head mean is 0 and the sample variance (H − 1 = 1) is 2c².
    const c = [1, 2, 3, 4];
    const a = tf.tensor4d([...c, ...c.map((v) => -v)], [1, 2, 2, 2]);
    expect(headVariance(a)).toBeCloseTo((2 * (1 + 4 + 9 + 16)) / 4, 12);
    expect(headVariance(tf.zeros([1, 1, 2, 2]))).toBeNaN();
    expect(Array.from(attentionMaps(a, 0))).toEqual([...c, ...c.map((v) => -v)]);
    // A(t) = A(0) + d on both heads → head-mean change RMS = |d|; opposite changes cancel.
    const shifted = tf.add(a, 0.5);
    expect(headMeanChange(shifted, a)).toBeCloseTo(0.5, 6);
    const opposite = tf.tensor4d([...c.map((v) => v + 1), ...c.map((v) => -v - 1)], [1, 2, 2, 2]);
    expect(headMeanChange(opposite, a)).toBeCloseTo(0, 6);
    expect(() => headVariance(tf.zeros([1, 2, 2, 3]))).toThrow(/tokens, tokens/);
  });

  it('elementwise statistics and movement by group', () => {
    const x = Float64Array.from([3, -4]);
    const y = Float64Array.from([0, 0]);
    expect(meanAbsolute(x)).toBe(3.5);
    expect(rmsDifference(x, y)).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(relativeChange(Float64Array.from([3, 0]), Float64Array.from([0, 4]))).toBeCloseTo(5 / 4, 14);
    expect(relativeChange(y, y)).toBe(0);
    expect(relativeChange(x, y)).toBe(Infinity);
    const table = {
      rows: [
        { name: 'block1.qk', group: 'qk' },
        { name: 'block2.qk', group: 'qk' },
        { name: 'readout', group: 'readout' },
      ],
    } as unknown as ParameterTable;
    expect(movementByGroup({ 'block1.qk': 0.2, 'block2.qk': 0.4, readout: 1 }, table)).toEqual({ qk: expect.closeTo(0.3, 14), readout: 1 });
  });
});
