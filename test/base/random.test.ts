import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random';
import { ksOneSample, ksThreshold99, mean, normalCdf, variance, excessKurtosis } from '../../src/analysis/statistics';

describe('Random', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  it('draws standard normals with the right moments and law', () => {
    const r = new Random(1);
    const m = 200_000;
    const x = r.fillNormal(new Float64Array(m));
    // mean has SE 1/√M = 0.0022; allow 4 SE. Var has SE √(2/M) = 0.0032; 4 SE. Kurtosis SE ≈ √(24/M) = 0.011.
    expect(Math.abs(mean(x))).toBeLessThan(4 / Math.sqrt(m));
    expect(Math.abs(variance(x) - 1)).toBeLessThan(4 * Math.sqrt(2 / m));
    expect(Math.abs(excessKurtosis(x))).toBeLessThan(4 * Math.sqrt(24 / m));
    expect(ksOneSample(x, normalCdf)).toBeLessThan(ksThreshold99(m));
  });

  it('draws chi-square variables with mean k and variance 2k', () => {
    const r = new Random(3);
    const m = 100_000;
    for (const k of [1, 3, 30]) {
      const x = Float64Array.from({ length: m }, () => r.chiSquare(k));
      // SE of the mean: √(2k/M); of the variance ≈ √((E(x−k)⁴ − (2k)²)/M) = √((12k² + 48k − 4k²)/M).
      expect(Math.abs(mean(x) - k)).toBeLessThan(4 * Math.sqrt((2 * k) / m));
      expect(Math.abs(variance(x) - 2 * k)).toBeLessThan(4 * Math.sqrt((8 * k * k + 48 * k) / m));
    }
  });

  it('rejects bad seeds with a clear error', () => {
    expect(() => new Random(Number.NaN)).toThrow(/seed/);
  });
});
