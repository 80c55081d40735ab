import { describe, expect, it } from 'vitest';
import { correlationLawSamples } from '../../../src/experiments/p2/correlation-law';
import { ablationRows, ablationSettings, smallestIncrease, valueRange } from '../../../src/experiments/p2/ablation';
import { p2NetworkSpec } from '../../../src/experiments/p2/network';

describe('P2-abl experiment: γ² and τ₀ ablation', () => {
  it('has the six FIGURES.md settings', () => {
    const s = ablationSettings();
    expect(s).toHaveLength(6);
    expect(s.filter((x) => x.temperature === 1).map((x) => x.branchWeightSquared)).toEqual([1 / 16, 1 / 8, 1 / 4]);
    expect(s.filter((x) => x.branchWeightSquared === 1 / 8).map((x) => x.temperature).sort()).toEqual([0.25, 0.5, 1, 2]);
  });

  it('returns one deterministic row per setting from matching network and SDE samples', () => {
    const settings = ablationSettings().slice(0, 2);
    const make = () => settings.flatMap((s) => (['chain', 'sde'] as const).map((source) => ({
      ...s, law: correlationLawSamples(p2NetworkSpec({ ...s, width: 16, depth: 8 }), { source, horizon: 0.5, stepSize: 1 / 32, samples: 32, model: 'attention' }, 4),
    })));
    const rows = ablationRows(settings, make());
    expect(ablationRows(settings, make())).toEqual(rows);
    expect(rows.map((r) => [r.branchWeightSquared, r.temperature])).toEqual(settings.map((s) => [s.branchWeightSquared, s.temperature]));
    for (const r of rows) {
      expect(r.sdNetwork).toBeGreaterThan(0);
      expect(r.sdSde).toBeGreaterThan(0);
      expect(r.ks).toBeLessThanOrEqual(1);
    }
    expect(() => ablationRows(ablationSettings(), make())).toThrow(/laws/);
  });

  it('steps and ranges', () => {
    expect(smallestIncrease([0.27, 0.36, 0.47])).toBeCloseTo(0.09, 12);
    expect(smallestIncrease([1, 0.5])).toBeCloseTo(-0.5, 12);
    expect(valueRange([0.36, 0.37, 0.365])).toBeCloseTo(0.01, 12);
    expect(() => smallestIncrease([1])).toThrow(/values/);
  });
});
