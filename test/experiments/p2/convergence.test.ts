import { describe, expect, it } from 'vitest';
import { correlationLawSamples } from '../../../src/experiments/p2/correlation-law';
import { convergenceRowAt, widthConvergenceRows } from '../../../src/experiments/p2/convergence';
import { p2NetworkSpec } from '../../../src/experiments/p2/network';

describe('P2-conv experiment: networks against the SDE as n grows', () => {
  const spec = (width: number) => p2NetworkSpec({ width, depth: width / 2, branchWeightSquared: 0.25 });
  const settings = { horizon: 0.5, samples: 48, stepSize: 1 / 64, model: 'attention' as const };
  const sde = correlationLawSamples(spec(16), { ...settings, source: 'sde' }, 2);
  const networks = [16, 8].map((width) => ({ width, law: correlationLawSamples(spec(width), { ...settings, source: 'chain' }, 2) }));

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
