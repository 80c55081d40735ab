import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { layerNorm } from '../../src/nn/layer-norm';
import { initBackend } from '../../src/backend';
import { layerNormTokens, p1ScaledSpec } from '../../src/experiments/p1-scaled/common';
import { familyOfGrid, p1ScaledGrid } from '../../src/experiments/p1-scaled/family';
import {
  exponentialMovingAverage,
  headDeviations,
  jackknifeOverSeeds,
  lossCurveDistance,
  meanKernelDistance,
  seedMeanSeries,
} from '../../src/experiments/p1-scaled/analysis';
import { p1ScaledRun, p1ScaledTraining } from '../../src/experiments/p1-scaled/run';
import { pointConfig } from '../../src/sweep/spec-run';
import { SpecGrid } from '../../src/sweep/spec-grid';
import { outputDeviations, seedSpread } from '../../src/experiments/p1-scaled/early';
import { p1BaseTrendSettings } from '../../src/experiments/p1-scaled/bases';
import { Random } from '../../src/base/random';

describe('P1-6 family grid', () => {
  it('has the quick members of FIGURES.md P1-6a and 2 seeds each', () => {
    const points = p1ScaledGrid('quick').expand();
    expect([...new Set(points.map((p) => p.values.member))]).toEqual(['base', 'H=8', 'H=16', 'N=16', 'L=8', 'αA=½ N=4', 'αA=½ N=16']);
    expect(points.find((p) => p.values.member === 'L=8')!.spec).toMatchObject({ headDim: 4, heads: 4, depth: 8, attentionExponent: 1 });
    expect(points.length).toBe(14);
    expect(points[0]).toMatchObject({ seed: 0, settings: { steps: 600, batchSize: 32 }, spec: { richness: 0.1, optimizer: { learningRate: 0.2 } } });
  });
  it('P1-6a bases: the window is the first 10 % of the family steps, H-scaled ×4 and L-scaled to 8 as the family', () => {
    const trend = (scale: 'smoke' | 'quick') => p1BaseTrendSettings(familyOfGrid(p1ScaledGrid(scale)), p1ScaledGrid(scale).analysis);
    expect(trend('quick')).toEqual({ baseHeads: [4, 8, 16], seeds: 4, window: 60, headFactor: 4, scaledDepth: 8 });
    expect(trend('smoke').window).toBe(4);
  });
});

describe('P1 scaled statistics', () => {
  it('EMA with half-life τ reaches exactly ½ of a unit step after τ steps', () => {
    const step = [0, ...new Array(30).fill(1)];
    const e = exponentialMovingAverage(step, 10);
    expect(e[10]).toBeCloseTo(0.5, 12);
    expect(exponentialMovingAverage([3, 3, 3], 10)).toEqual([3, 3, 3]);
  });
  it('loss-curve distance is the offset of shifted curves and 0 for equal ones', () => {
    const a = [[2, 1.5, 1.2, 1.1], [2, 1.7, 1.3, 1.0]];
    const b = a.map((c) => c.map((x) => x + 0.25));
    expect(lossCurveDistance(a, b)).toBeCloseTo(0.25, 12);
    expect(lossCurveDistance(a, a, { from: 1, to: 3 })).toBe(0);
  });
  it('jackknifeOverSeeds SE of a mean equals SD/√R', () => {
    const x = [1.2, 0.7, 2.5, 1.9, 0.4];
    const j = jackknifeOverSeeds(x.length, (keep) => keep.reduce((s, i) => s + x[i], 0) / keep.length);
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
    expect(j.value).toBeCloseTo(m, 12);
    expect(j.error).toBeCloseTo(sd / Math.sqrt(x.length), 12);
  });
  it('distance between seed-mean kernels: exact for two fixed kernels', () => {
    const k1 = [1, 0, 0, 1];
    const k2 = [2, 0, 0, 2];
    const d = meanKernelDistance([k1, k1], [k2, k2]);
    expect(d.value).toBeCloseTo(0.5, 12); // ‖K1 − K2‖/‖K2‖ = √2/√8
    expect(d.error).toBe(0);
    expect(seedMeanSeries([[1, 2], [3, 4]])).toEqual([2, 3]);
  });
  it('head deviations sum to zero over heads at every (x, s, s′)', () => {
    const shape = [2, 3, 2, 2];
    const values = Array.from({ length: 24 }, (_, i) => Math.sin(i));
    const d = headDeviations(values, shape);
    for (let k = 0; k < d.length; k += 3) expect(Math.abs(d[k] + d[k + 1] + d[k + 2])).toBeLessThan(1e-12);
  });
  it('output deviation: zero for the reference mean, the squared offset otherwise', () => {
    const ref = [[1, 2], [3, 4]]; // mean [2, 3]
    const dev = outputDeviations(new Map([[4, [[2.5, 3.5], [2, 3]]], [64, ref]]), 64);
    expect(dev.get(4)).toEqual([0.25, 0]);
  });
  it('seed spread is the mean sample variance over entries', () => {
    // entry 0: values 1, 3 → variance 2; entry 1: 0, 0 → 0; mean 1
    expect(seedSpread([[1, 0], [3, 0]])).toBeCloseTo(1, 12);
    expect(seedSpread([[1, 2]])).toBeNaN();
  });
});

describe('P1 scaled runs', () => {
  it('float64 token LayerNorm equals the model LayerNorm', async () => {
    await initBackend();
    const values = new Float64Array(3 * 16);
    new Random(3).fillNormal(values, 2);
    const ours = layerNormTokens(values, 16);
    const theirs = tf.tidy(() => layerNorm(tf.tensor3d(Float32Array.from(values), [1, 3, 16])).dataSync());
    // float32 LayerNorm of O(1) values: relative round-off ~1e-7 per entry, entries |u| ≤ 4
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - theirs[i])).toBeLessThan(1e-5);
  });
  it('a short P1-6 run: loss ln 10 at t = 0, snapshot shapes, deterministic', async () => {
    const spec = p1ScaledSpec({ headDim: 2, heads: 4, depth: 1, learningRate: 0.2 });
    const settings = { batchSize: 8, steps: 3, probeCount: 6, logitProbes: 2, dataSeed: 0 };
    const a = await p1ScaledTraining(spec, 1, settings);
    // the sweep's typed run on the same point (config = spec, seed, settings as JSON) trains the same network
    const [point] = new SpecGrid({ base: spec, settings, seeds: [1] }).expand();
    const b = (await p1ScaledRun(pointConfig(point), { scale: 'test', key: 'k', index: 0 })) as typeof a;
    expect(a.losses).toEqual(b.losses);
    expect(a.final.pooledKernel).toEqual(b.final.pooledKernel);
    // centred logits are exactly 0 at t = 0 (THEORY §2.8 fact 1): the first logged loss is ln C up to float32 round-off
    expect(Math.abs(a.losses[0] - Math.log(10))).toBeLessThan(1e-5);
    expect(Math.abs(a.initial.probeLoss - Math.log(10))).toBeLessThan(1e-5);
    expect(a.initial.pooledKernel.length).toBe(36);
    expect(a.final.spatialKernel.length).toBe(256);
    expect(a.initial.logitShape).toEqual([2, 4, 16, 16]);
    expect(a.initial.logits.length).toBe(2 * 4 * 256);
    expect(a.initial.headVariance.length).toBe(1);
    expect(a.final.step).toBe(3);
    expect(a.final.headMeanChange).toBeGreaterThan(0);
    // final-LN tokens have |u|²/n = var/(var + 1e−6) ≈ 1 on the spatial diagonal
    for (let s = 0; s < 16; s++) expect(Math.abs(a.initial.spatialKernel[s * 17] - 1)).toBeLessThan(1e-4);
  });
});
