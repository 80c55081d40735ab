import { describe, expect, it } from 'vitest';
import {
  compareCorrelationLaws, correlationLawSamples, quantileCountingExploded, standardDeviationError,
} from '../../src/experiments/p2-correlation-law';
import { Random } from '../../src/base/random';

describe('P2 correlation-law run (chain or SDE at time T)', () => {
  it('is deterministic and returns one value per non-exploded sample', () => {
    for (const source of ['chain', 'sde'] as const) {
      const config = { source, horizon: 0.5, width: 16, stepSize: 1 / 64, samples: 40, seed: 5 };
      const a = correlationLawSamples(config);
      expect(correlationLawSamples(config)).toEqual(a);
      expect(a.samples).toBe(40);
      expect(a.rho12.length + a.exploded).toBe(40);
      expect(a.rhoMean).toHaveLength(a.rho12.length);
      expect(a.v11).toHaveLength(a.rho12.length);
      expect(a.steps).toBe(source === 'chain' ? 8 : 32);
      for (const r of a.rho12) expect(Math.abs(r)).toBeLessThanOrEqual(1);
    }
    const c = compareCorrelationLaws(
      correlationLawSamples({ source: 'chain', horizon: 0.5, width: 16, samples: 40, seed: 1 }),
      correlationLawSamples({ source: 'sde', horizon: 0.5, samples: 40, seed: 2 }),
    );
    expect(c.ks).toBeGreaterThanOrEqual(0);
    expect(c.ks).toBeLessThanOrEqual(1);
    expect(c.ksThreshold99).toBeCloseTo(1.63 * Math.sqrt(2 / 40), 10);
  });

  it('rejects a chain without width', () => {
    expect(() => correlationLawSamples({ source: 'chain', horizon: 1, samples: 4, seed: 0 })).toThrow(/width/);
    expect(() => correlationLawSamples({ source: 'bogus' as never, horizon: 1, samples: 4, seed: 0 })).toThrow(/source/);
  });

  it('SE of the sample SD matches the spread of SDs over repeated Gaussian samples', () => {
    // For N(0,1) samples of size M, SE(s) ≈ 1/√(2M) = 0.0354 at M = 400. Over 400 repetitions the SD of the s values
    // has relative sampling error 1/√(2·400) = 3.5 %, so agreement within 15 % (> 4 of those SEs) is required.
    const rng = new Random(11);
    const sds: number[] = [];
    const errors: number[] = [];
    for (let r = 0; r < 400; r++) {
      const x = new Float64Array(400);
      rng.fillNormal(x, 1);
      let m = 0;
      for (const v of x) m += v / 400;
      let s = 0;
      for (const v of x) s += (v - m) ** 2;
      sds.push(Math.sqrt(s / 399));
      errors.push(standardDeviationError(x));
    }
    const mean = sds.reduce((a, b) => a + b) / 400;
    const spread = Math.sqrt(sds.reduce((a, b) => a + (b - mean) ** 2, 0) / 399);
    const predicted = errors.reduce((a, b) => a + b) / 400;
    expect(Math.abs(spread / predicted - 1)).toBeLessThan(0.15);
  });

  it('quantiles count exploded values as +∞', () => {
    expect(quantileCountingExploded([1, 2, 3], 0, 0.5)).toBe(2);
    expect(quantileCountingExploded([1, 2, 3], 2, 0.5)).toBe(3); // {1, 2, 3, ∞, ∞}: median is the 3rd value
    expect(quantileCountingExploded([1, 2, 3], 3, 0.5)).toBe(Infinity); // {1, 2, 3, ∞, ∞, ∞}: between 3 and ∞
    expect(quantileCountingExploded([1, 3], 0, 0.5)).toBe(2);
  });
});
