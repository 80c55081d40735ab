import { describe, expect, it } from 'vitest';
import { correlationLawSamples } from '../../src/experiments/p2-correlation-law';
import { convergenceRowAt, widthConvergenceRows } from '../../src/experiments/p2-convergence';

describe('P2-conv experiment: networks against the SDE as n grows', () => {
  const common = { horizon: 0.5, samples: 48, seed: 2, branchWeightSquared: 0.25 };
  const sde = correlationLawSamples({ ...common, source: 'sde', stepSize: 1 / 64 });
  const networks = [16, 8].map((width) => ({ width, law: correlationLawSamples({ ...common, source: 'chain', width }) }));

  it('returns one row per width, sorted, deterministically, with quantiles in order', () => {
    const a = widthConvergenceRows(sde, networks);
    expect(widthConvergenceRows(sde, networks)).toEqual(a);
    expect(a.rows.map((r) => r.width)).toEqual([8, 16]);
    for (const r of a.rows) {
      expect(r.ks).toBeGreaterThanOrEqual(0);
      expect(r.ks).toBeLessThanOrEqual(1);
      expect(r.ksThreshold99).toBeCloseTo(1.63 * Math.sqrt(2 / 48), 2); // exploded SDE paths (if any) change M slightly
      expect(r.v11Quantiles[0]).toBeLessThanOrEqual(r.v11Quantiles[1]);
      expect(r.v11Quantiles[1]).toBeLessThanOrEqual(r.v11Quantiles[2]);
    }
    expect(a.reference.explodedFraction).toBe(sde.explodedFraction);
    expect(convergenceRowAt(a.rows, 16).width).toBe(16);
  });

  it('names bad input', () => {
    expect(() => widthConvergenceRows(networks[0].law, networks)).toThrow(/sde/);
    expect(() => widthConvergenceRows(sde, [{ width: 8, law: sde }])).toThrow(/networks/);
    expect(() => convergenceRowAt(widthConvergenceRows(sde, networks).rows, 64)).toThrow(/width/);
  });
});
