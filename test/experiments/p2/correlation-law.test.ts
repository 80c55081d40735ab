import { describe, expect, it } from 'vitest';
import {
  compareCorrelationLaws, correlationLawSamples, quantileCountingExploded, standardDeviationError,
} from '../../../src/experiments/p2/correlation-law';
import { Random } from '../../../src/base/random';
import { p2NetworkSpec } from '../../../src/experiments/p2/network';

/** A shaped spec at width n and T = depth/n (γ² = 1/8, τ₀ = 1, m = 4) and the run settings. */
const spec = (width: number, depth: number, branchWeightSquared = 1 / 8) => p2NetworkSpec({ width, depth, branchWeightSquared });
const run = (source: 'chain' | 'sde', horizon: number, samples: number, stepSize = 1 / 800) => ({ source, horizon, stepSize, samples, model: 'attention' as const });

describe('P2 correlation-law run (chain or SDE at time T)', () => {
  it('is deterministic and returns one value per non-exploded sample', () => {
    for (const source of ['chain', 'sde'] as const) {
      const a = correlationLawSamples(spec(16, 8), run(source, 0.5, 40, 1 / 64), 5);
      expect(correlationLawSamples(spec(16, 8), run(source, 0.5, 40, 1 / 64), 5)).toEqual(a);
      expect(a.samples).toBe(40);
      expect(a.rho12.length + a.exploded).toBe(40);
      expect(a.rhoMean).toHaveLength(a.rho12.length);
      expect(a.v11).toHaveLength(a.rho12.length);
      expect(a.steps).toBe(source === 'chain' ? 8 : 32);
      for (const r of a.rho12) expect(Math.abs(r)).toBeLessThanOrEqual(1);
    }
    const c = compareCorrelationLaws(
      correlationLawSamples(spec(16, 8), run('chain', 0.5, 40), 1),
      correlationLawSamples(spec(16, 8), run('sde', 0.5, 40), 2),
    );
    expect(c.ks).toBeGreaterThanOrEqual(0);
    expect(c.ks).toBeLessThanOrEqual(1);
    expect(c.ksThreshold99).toBeCloseTo(1.63 * Math.sqrt(2 / 40), 10);
  });

  it('rejects a chain whose depth is not round(T·n), an unknown source and a non-shaped spec, naming the field', () => {
    expect(() => correlationLawSamples(spec(16, 9), run('chain', 0.5, 4), 0)).toThrow(/^horizon: T = 0.5 at width n = 16 needs depth round\(T·n\) = 8, but spec.depth = 9/);
    expect(() => correlationLawSamples(spec(16, 8), run('bogus' as never, 0.5, 4), 0)).toThrow(/^source: expected 'chain' \| 'sde', got 'bogus'/);
    expect(() => correlationLawSamples(spec(16, 8), { ...run('chain', 0.5, 4), model: 'mlp' as never }, 0)).toThrow(/^model: /);
    expect(() => correlationLawSamples(spec(16, 8), run('chain', 0.5, 4), 0.5)).toThrow(/^seed: expected an integer, got 0.5/);
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
