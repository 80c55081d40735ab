import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { Random } from '../../src/base/random';
import { AttentionLogitLaw } from '../../src/theory/attention-logit-law';
import { ksOneSample, ksThreshold99 } from '../../src/analysis/statistics';
import { bootstrapPowerLawSlope, densityHistogram, gaussianPatchInputs, p1InitSpec } from '../../src/experiments/p1-init/common';
import { initialKernelGap, kernelConvergenceInHeads } from '../../src/experiments/p1-init/kernels';
import { attentionLogitLawTable, fourierClosedFormGap, p1InitialLogits, p1LogitSettings, poolLogitSamples } from '../../src/experiments/p1-init/attention-logits';
import { p1InitialKernels } from '../../src/experiments/p1-init/figure-3a';
import { pointConfig } from '../../src/sweep/spec-run';
import type { RunFunction } from '../../src/sweep/pool';
import type { Spec } from '../../src/spec/types';
import { toyDmftConvergence, toyDmftReferenceError } from '../../src/experiments/p1-init/toy-dmft';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Calls a typed run (specRun) on one spec, seed and settings, as a sweep worker would. */
function callRun<R>(run: RunFunction, spec: Spec, seed: number, settings: Record<string, unknown>): Promise<R> {
  return Promise.resolve(run(pointConfig({ spec, table: null as never, seed, settings, values: { seed } }), { scale: 'test', key: 'test', index: 0 }) as R);
}

describe('P1 initialization experiments: inputs and networks', () => {
  it('Gaussian patch inputs are seeded and laid out patch-major, pixel-major inside a patch', () => {
    const a = gaussianPatchInputs(2, 5);
    expect(a.shape).toEqual([2, 16, 49]);
    const values = a.dataSync();
    expect(Array.from(gaussianPatchInputs(2, 5).dataSync())).toEqual(Array.from(values));
    const pixels = new Float32Array(2 * 784);
    new Random(5).fillNormal32(pixels, 1);
    // image 1, pixel (row 9, col 15) → patch (1, 2) = token 6, inner (2, 1) = feature 15
    expect(values[(1 * 16 + 6) * 49 + 15]).toBe(pixels[784 + 9 * 28 + 15]);
    expect(() => gaussianPatchInputs(1, 0, 28, 5)).toThrow(/patch/);
  });

  it('p1InitSpec gives the fixed-depth preset, S = 16 tokens of 49, not centred', () => {
    const spec = p1InitSpec({ variant: 'noLn', headDim: 4, heads: 2, depth: 3, attentionExponent: 0.5 });
    expect(spec.architecture).toBe('simple');
    expect([spec.tokens, spec.inputDim, spec.centred, spec.attentionExponent]).toEqual([16, 49, false, 0.5]);
    expect(() => p1InitSpec({ variant: 'x' as never, headDim: 4, heads: 2, depth: 1 })).toThrow(/variant/);
  });

  it('kernel runs are deterministic with one symmetric B×B kernel per layer', async () => {
    for (const variant of ['vit', 'noLn'] as const) {
      const spec = p1InitSpec({ variant, headDim: 4, heads: 2, depth: 2 });
      const settings = { inputs: 3, inputSeed: 12345 };
      const a = await callRun<{ kernels: number[][] }>(p1InitialKernels, spec, 1, settings);
      const b = await callRun<{ kernels: number[][] }>(p1InitialKernels, spec, 1, settings);
      expect(a).toEqual(b);
      expect(a.kernels.length).toBe(3);
      for (const k of a.kernels) {
        expect(k.length).toBe(9);
        expect(k[1]).toBeCloseTo(k[3], 12);
      }
      const other = await callRun<{ kernels: number[][] }>(p1InitialKernels, spec, 2, settings);
      expect(other.kernels[2]).not.toEqual(a.kernels[2]);
    }
  });

  it('the initial gap: 0 for identical kernels, 1 for final = 2·read-in, the seed means taken before the norms', () => {
    const readIn = [2, 1, 1, 2];
    expect(initialKernelGap([{ readIn, final: readIn }])).toBe(0);
    // gap of final = 2·readIn is ‖readIn‖/‖readIn‖ = 1 exactly
    expect(initialKernelGap([{ readIn, final: readIn.map((v) => 2 * v) }])).toBeCloseTo(1, 12);
    // two seeds whose differences cancel: mean(final − readIn) = 0, so the gap is 0 although each seed's is not
    expect(initialKernelGap([{ readIn, final: readIn.map((v) => v + 1) }, { readIn, final: readIn.map((v) => v - 1) }])).toBeCloseTo(0, 14);
    expect(() => initialKernelGap([])).toThrow(/runs: expected at least one run/);
  });

  it('LN ViT logits at one token pair follow the exact law of A(0) (THEORY §2.8 item 3–4, §4)', async () => {
    const spec = p1InitSpec({ variant: 'vit', headDim: 4, heads: 32, depth: 2, attentionExponent: 0.5 });
    const logits = (seed: number) => callRun<{ samples: number[][] }>(p1InitialLogits, spec, seed, { ...p1LogitSettings });
    const runs = [];
    for (let seed = 0; seed < 4; seed++) runs.push(await logits(seed));
    expect(runs[0].samples.length).toBe(2);
    expect(runs[0].samples[0].length).toBe(32);
    expect(await logits(0)).toEqual(runs[0]);
    await expect(callRun(p1InitialLogits, spec, 0, { ...p1LogitSettings, query: 16 })).rejects.toThrow(/query\/key: token indices must lie in 0…15, got \(16, 4\)/);
    const pooled = poolLogitSamples(runs);
    expect(pooled.length).toBe(256);
    expect(poolLogitSamples(runs, [2]).length).toBe(128);
    // 256 i.i.d. draws (distinct heads, layers, seeds at one (s, s′)) from the N = 4, α_A = ½ law: the one-sample KS
    // distance exceeds 1.63/√256 = 0.102 with probability 1 % under the law (seeds fixed, so the outcome is fixed).
    const law = new AttentionLogitLaw({ headDim: 4, attentionExponent: 0.5 });
    expect(ksOneSample(pooled, (a) => law.cdf(a))).toBeLessThan(ksThreshold99(256));
  });
});

describe('P1 initialization experiments: analysis helpers', () => {
  it('kernel convergence recovers a 1/H error law from synthetic kernels', () => {
    // kernel = reference + ε/√H with ε i.i.d. N(0, 1) per entry: relative squared error = |ε|²/(H|ref|²), mean ∝ 1/H.
    const ref = [2, 1, 1, 2];
    const random = new Random(3);
    const records = [];
    for (const heads of [4, 8, 16, 32, 512]) {
      for (let seed = 0; seed < 64; seed++) {
        const noise = heads === 512 ? 0 : 1 / Math.sqrt(heads);
        records.push({ variant: 'v', heads, seed, kernels: [ref.map((r) => r + noise * random.normal())] });
      }
    }
    const result = kernelConvergenceInHeads(records, 'v', [4, 8, 16, 32], 512);
    expect(result.referenceSeeds).toBe(64);
    // mean of 64 χ²₄/4 values has relative SD √(2/(4·64)) ≈ 0.09 per point; over 3 octaves the slope's SD is ≈ 0.06:
    // 5 SD = 0.3.
    expect(Math.abs(result.layers[0].fit.slope + 1)).toBeLessThan(0.3);
    expect(result.layers[0].fit.bootstrapSE).toBeGreaterThan(0);
    expect(() => kernelConvergenceInHeads(records, 'v', [4], 1024)).toThrow(/referenceHeads/);
  });

  it('bootstrap slope of an exact power law is exact with zero spread; histograms integrate to the inside mass', () => {
    const fit = bootstrapPowerLawSlope([1, 2, 4], [[1, 1], [0.5, 0.5], [0.25, 0.25]], 20, 1);
    expect(fit.slope).toBeCloseTo(-1, 12);
    expect(fit.bootstrapSE).toBeCloseTo(0, 12);
    const h = densityHistogram([0.1, 0.2, 0.6, 5], 0, 1, 4);
    expect(h.density.reduce((a, b) => a + b, 0) * 0.25).toBeCloseTo(0.75, 12);
  });

  it('law table: variance ratio within its 4-SE band, TV matches THEORY §4.5, Fourier matches closed forms', () => {
    const rows = attentionLogitLawTable([1, 4], [1, 0.5], 4000, 9);
    expect(rows.length).toBe(4);
    for (const r of rows) {
      // SD of s²/Var A is √((2 + 6/N)/M) exactly; 4 SD is the band used by the figure
      expect(Math.abs(r.varianceRatio - 1)).toBeLessThan(r.varianceTolerance);
      expect(Math.abs(r.totalVariation - r.tableTotalVariation!)).toBeLessThan(1e-3);
    }
    expect(rows[2].variance).toBeCloseTo(0.25, 14); // N = 1, α = ½: N^{1−2α}/4
    expect(rows[1].variance).toBeCloseTo(1 / 16, 14); // N = 4, α = 1
    expect(fourierClosedFormGap(4)).toBeLessThan(1e-6);
  });

  it('toy DMFT reproduces the THEORY §5.5 losses; convergence analysis of synthetic curves', () => {
    expect(toyDmftReferenceError().maxRelativeError).toBeLessThan(5e-5);
    const dmft = () => [1, 0.5, 0.25];
    const runs = [100, 400].flatMap((width) =>
      [0, 1].map((seed) => ({ width, seed, losses: [1, 0.5, 0.25].map((v, t) => v * (1 + (t === 0 ? 0 : 0.1 * (seed + 1)) / Math.sqrt(width))) })),
    );
    const c = toyDmftConvergence(runs, dmft);
    // errors ∝ 1/width exactly (relative deviations ∝ width^{−1/2}) → slope −1
    expect(c.slope).toBeCloseTo(-1, 10);
    expect(c.rows[0].maxLogRatio.length).toBe(2);
  });
});
