import { describe, expect, it } from 'vitest';
import { fitLine, fitPowerLaw } from '../../src/analysis/fit';
import { ksTwoSample, wasserstein1, quantile } from '../../src/analysis/statistics';
import { Random } from '../../src/base/random';

describe('fits', () => {
  it('recovers an exact line and power law', () => {
    const f = fitLine([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    const p = fitPowerLaw([2, 4, 8, 16], [3 * 2 ** -1.5, 3 * 4 ** -1.5, 3 * 8 ** -1.5, 3 * 16 ** -1.5]);
    expect(p.slope).toBeCloseTo(-1.5, 12);
    expect(p.prefactor).toBeCloseTo(3, 12);
  });

  it('gives a slope SE that covers the truth at the stated rate', () => {
    // 400 noisy fits; the true slope should fall within 2 SE about 95 % of the time (binomial SD ≈ 1.1 %).
    const r = new Random(11);
    const x = [0, 1, 2, 3, 4, 5, 6, 7];
    let covered = 0;
    for (let k = 0; k < 400; k++) {
      const y = x.map((v) => 0.5 * v + 0.3 * r.normal());
      const f = fitLine(x, y);
      if (Math.abs(f.slope - 0.5) < 2 * f.slopeSE) covered++;
    }
    // with 6 degrees of freedom, P(|t| < 2) = 0.908; allow 4 binomial SDs (4·√(0.908·0.092/400) = 0.058).
    expect(Math.abs(covered / 400 - 0.908)).toBeLessThan(0.058);
  });

  it('computes KS and Wasserstein distances of shifted samples', () => {
    expect(ksTwoSample([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
    expect(ksTwoSample([1, 2], [3, 4])).toBe(1);
    expect(wasserstein1([0, 1], [0.5, 1.5])).toBeCloseTo(0.5, 12);
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(() => ksTwoSample([1, Number.NaN], [1, 2])).toThrow(/NaN/);
    expect(() => wasserstein1([1, 2], [Number.NaN, 2])).toThrow(/NaN/);
  });
});
