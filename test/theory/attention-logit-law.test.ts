import { describe, expect, it } from 'vitest';
import { AttentionLogitLaw } from '../../src/theory/attention-logit-law';
import {
  productOfNormalsDensity,
  varianceGammaCdf,
  varianceGammaDensity,
  varianceGammaDensityAtZero,
  varianceGammaDensityEven,
} from '../../src/theory/attention-logit-special';
import { standardizedFourierDensity } from '../../src/theory/attention-logit-fourier';
import { excessKurtosis, ksOneSample, ksThreshold99, mean, standardDeviation, variance } from '../../src/analysis/statistics';

describe('law of A(0): closed forms and Fourier inversion (THEORY.md §4.3–4.4)', () => {
  it('Fourier inversion matches the closed forms at N = 2, 4, 8 to 1e-6', () => {
    const ys = [0, 0.05, 0.25, 0.5, 1, 2, 3, 5, 8, 12];
    for (const n of [2, 4, 8]) {
      // N = 2: the integrand decays like t⁻², so the §4.4 envelope 1e-12 would need ~1e8 nodes; with envelope 1e-8
      // (Ω = 1e4) the integration-by-parts tail terms make it accurate for Ω|y| ≥ 10; at y = 0 the truncation error is
      // (1/π)∫_Ω^∞ dt/(1+t²) ≈ 1/(πΩ) = 3e-5, which is why N ≤ 2 uses the closed form (§4.4).
      const fourier = standardizedFourierDensity(n, n === 2 ? { envelopeTolerance: 1e-8 } : {});
      for (const y of ys) {
        if (n === 2 && y === 0) continue;
        const exact = varianceGammaDensityEven(y, n);
        expect(Math.abs(fourier(y) - exact)).toBeLessThan(1e-6);
        expect(Math.abs(varianceGammaDensity(y, n) - exact)).toBeLessThan(1e-12);
      }
    }
  });

  it('reproduces the special cases N = 1, 2, 4 and p_Y(0)', () => {
    for (const y of [0.01, 0.3, 1, 4]) {
      expect(varianceGammaDensityEven(y, 2)).toBeCloseTo(0.5 * Math.exp(-y), 14);
      expect(varianceGammaDensityEven(y, 4)).toBeCloseTo(0.25 * (1 + y) * Math.exp(-y), 14);
      expect(varianceGammaDensity(y, 1)).toBeCloseTo(productOfNormalsDensity(y), 14);
    }
    // K₀(1) = 0.42102443824070834 (tabulated)
    expect(productOfNormalsDensity(1) * Math.PI).toBeCloseTo(0.42102443824070834, 13);
    expect(varianceGammaDensityAtZero(2)).toBeCloseTo(0.5, 14);
    expect(varianceGammaDensityAtZero(4)).toBeCloseTo(0.25, 14);
    expect(varianceGammaDensityAtZero(1)).toBe(Infinity);
    expect(varianceGammaDensity(1e-9, 7)).toBeCloseTo(varianceGammaDensityAtZero(7), 10);
  });

  it('has the §4.5 reference values for the ViT (σ_k² = σ_q² = ½)', () => {
    const a = new AttentionLogitLaw({ headDim: 4, attentionExponent: 1 });
    expect(a.density(0)).toBeCloseTo(2, 10);
    expect(Math.abs(a.density(0.25) - 0.812)).toBeLessThan(5e-5);
    const b = new AttentionLogitLaw({ headDim: 4, attentionExponent: 0.5 });
    const fourier = b.fourierDensity();
    expect(Math.abs(fourier(0.3) - 0.662627)).toBeLessThan(5e-7);
    expect(Math.abs(fourier(1.0) - 0.091578)).toBeLessThan(5e-7);
    expect(Math.abs(b.density(0.5) - 0.406)).toBeLessThan(5e-5);
    expect(Math.abs(new AttentionLogitLaw({ headDim: 16 }).density(0) - 3.3516)).toBeLessThan(5e-5);
    expect(Math.abs(new AttentionLogitLaw({ headDim: 16, attentionExponent: 0.5 }).density(0) - 0.8379)).toBeLessThan(5e-5);
    expect(Math.abs(new AttentionLogitLaw({ headDim: 64, attentionExponent: 0.5 }).density(0) - 0.8074)).toBeLessThan(5e-5);
    expect(Math.abs(b.gaussianDensity(0) - 0.7979)).toBeLessThan(5e-5);
    expect(b.variance).toBeCloseTo(0.25, 14);
    expect(new AttentionLogitLaw({ headDim: 16 }).variance).toBeCloseTo(1 / 64, 14);
    expect(b.excessKurtosis).toBe(1.5);
  });

  it('density integrates to 1, the CDF is its integral, the characteristic function is its transform', () => {
    const law = new AttentionLogitLaw({ headDim: 4, attentionExponent: 0.5 });
    // Composite Simpson on [−16 sd, 16 sd] with 4000 cells (error ~h⁴ ≈ 1e-11); the mass outside, 2(1 − F(16 sd)) ≈ 1e-11,
    // is added back. (At 8 sd it would still be 1e-6: the tails are exponential, not Gaussian.)
    const simpson = (f: (a: number) => number, top: number, cells: number) => {
      const h = (2 * top) / cells;
      let s = 0;
      for (let k = 0; k <= cells; k++) s += (k === 0 || k === cells ? 1 : k % 2 === 1 ? 4 : 2) * f(-top + k * h);
      return (s * h) / 3;
    };
    const top = 16 * law.standardDeviation;
    const tail = 2 * (1 - law.cdf(top));
    expect(Math.abs(simpson((a) => law.density(a), top, 4000) + tail - 1)).toBeLessThan(1e-9);
    for (const omega of [1, 3, 10]) {
      const transform = simpson((a) => law.density(a) * Math.cos(omega * a), top, 4000);
      expect(Math.abs(transform - law.characteristicFunction(omega))).toBeLessThan(1e-9);
    }
    // the Fourier-inverted density also integrates to 1 (N = 8, where inversion is cheap)
    const law8 = new AttentionLogitLaw({ headDim: 8, attentionExponent: 0.5 });
    const top8 = 16 * law8.standardDeviation;
    const fourier8 = law8.fourierDensity({ maxAbsValue: top8 });
    expect(Math.abs(simpson(fourier8, top8, 2000) + 2 * (1 - law8.cdf(top8)) - 1)).toBeLessThan(1e-8);
    // F(b) − F(a) against Simpson of the density over [a, b]
    for (const [lo, hi] of [[0, 0.3], [-0.7, 0.2], [0.5, 2]]) {
      const m = 200;
      const g = (hi - lo) / m;
      let s = 0;
      for (let k = 0; k <= m; k++) s += (k === 0 || k === m ? 1 : k % 2 === 1 ? 4 : 2) * law.density(lo + k * g);
      expect(Math.abs(law.cdf(hi) - law.cdf(lo) - (s * g) / 3)).toBeLessThan(1e-9);
    }
    // tabulated CDF against the direct mixture integral
    for (const a of [-1.3, -0.2, 0.01, 0.77, 2.5]) expect(Math.abs(law.cdf(a) - varianceGammaCdf(a / law.scale, 4))).toBeLessThan(1e-10);
  });

  it('matches the §4.5 table of TV and KS distances to the Gaussian (to 1e-3), N·TV ∈ [0.23, 0.36]', () => {
    const table: [number, number, number][] = [
      [1, 0.2375, 0.1075], [2, 0.1413, 0.062], [3, 0.1008, 0.0434], [4, 0.0783, 0.0333],
      [8, 0.0414, 0.0171], [16, 0.0213, 0.0086], [32, 0.0108, 0.0043], [64, 0.0054, 0.0022],
    ];
    for (const [n, tv, ks] of table) {
      const d = new AttentionLogitLaw({ headDim: n, attentionExponent: 0.5, keyVariance: 1, queryVariance: 1 }).distanceToGaussian();
      expect(Math.abs(d.totalVariation - tv)).toBeLessThan(1e-3);
      expect(Math.abs(d.kolmogorov - ks)).toBeLessThan(1e-3);
      expect(n * d.totalVariation).toBeGreaterThanOrEqual(0.23);
      expect(n * d.totalVariation).toBeLessThanOrEqual(0.36);
    }
    // scale-free: the ViT law at α_A = 1 has the same distances
    const vit = new AttentionLogitLaw({ headDim: 4 }).distanceToGaussian();
    expect(Math.abs(vit.kolmogorov - 0.0333)).toBeLessThan(1e-3);
  });

  it('exact sampler: KS below the 99 % threshold, variance and kurtosis within 4 SE', () => {
    const m = 100_000;
    for (const [n, alpha, seed] of [[1, 1, 11], [4, 0.5, 12], [16, 1, 13]] as const) {
      const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
      const x = law.sample(m, seed);
      // One-sample KS: under the exact law, P(D > 1.63/√M) ≈ 1 %; one fixed seed per case.
      expect(ksOneSample(x, (a) => law.cdf(a))).toBeLessThan(ksThreshold99(m));
      // Var(s²) ≈ σ⁴(2 + κ)/M with κ = 6/N the excess kurtosis ⇒ SE of s²/σ² is √((2 + 6/N)/M).
      const se = Math.sqrt((2 + 6 / n) / m);
      expect(Math.abs(variance(x) / law.variance - 1)).toBeLessThan(4 * se);
      // mean 0: SE = σ/√M
      expect(Math.abs(mean(x))).toBeLessThan((4 * law.standardDeviation) / Math.sqrt(m));
      // Excess kurtosis: SE from 20 batch estimates (each of 5000 draws), SD/√20 — the sample's own spread.
      const batches = Array.from({ length: 20 }, (_, b) => excessKurtosis(x.subarray(b * 5000, (b + 1) * 5000)));
      expect(Math.abs(excessKurtosis(x) - 6 / n)).toBeLessThan((4 * standardDeviation(batches)) / Math.sqrt(20));
    }
  });

  it('the KS test has power: 1e5 draws at N = 4 reject the equal-variance Gaussian (exact distance 0.033)', () => {
    const law = new AttentionLogitLaw({ headDim: 4 });
    const x = law.sample(100_000, 5);
    // |D_M − 0.0333| ≤ 1.63/√M = 0.005 with probability 99 %, so D_M ≥ 0.028 > threshold 0.005.
    expect(ksOneSample(x, (a) => law.gaussianCdf(a))).toBeGreaterThan(0.028);
  });

  it('rejects bad input naming the field', () => {
    expect(() => new AttentionLogitLaw({ headDim: 0 })).toThrow(/headDim/);
    expect(() => new AttentionLogitLaw({ headDim: 4, keyVariance: -1 })).toThrow(/keyVariance/);
    expect(() => new AttentionLogitLaw({ headDim: 4 }).sample(1.5, 1)).toThrow(/count/);
    expect(() => standardizedFourierDensity(4, { envelopeTolerance: 2 })).toThrow(/envelopeTolerance/);
  });
});
