import { describe, expect, it } from 'vitest';
import { correlationLawSamples } from '../../../src/experiments/p2/correlation-law';
import { correlationDensities } from '../../../src/experiments/p2/fig1-right';
import { p2NetworkSpec } from '../../../src/experiments/p2/network';

describe('P2-1R experiment: densities of ρ₁₂', () => {
  const spec = p2NetworkSpec({ width: 16, depth: 8, branchWeightSquared: 1 / 8 });
  const network = correlationLawSamples(spec, { source: 'chain', horizon: 0.5, stepSize: 1 / 32, samples: 64, model: 'attention' }, 1);
  const sde = correlationLawSamples(spec, { source: 'sde', horizon: 0.5, stepSize: 1 / 32, samples: 64, model: 'attention' }, 1);

  it('returns both densities on the grid, deterministically, integrating to 1 on [−1, 1]', () => {
    const a = correlationDensities(network, sde, { pointCount: 401 });
    expect(correlationDensities(network, sde, { pointCount: 401 })).toEqual(a);
    expect(a.points).toHaveLength(401);
    expect(a.points[0]).toBe(-1);
    expect(a.points[400]).toBe(1);
    expect(a.sdeDensity).toHaveLength(401);
    expect(a.networkDensity).toHaveLength(401);
    expect(a.bandwidth).toBeGreaterThan(0.08);
    // Reflected KDE: the mass on [−1, 1] is exactly 1, so the only error is the trapezoid rule's,
    // ≤ (b − a)·step²/12·max|p''| with |p''| ≤ 1/(√(2π) h³) (a mixture of N(·, h²) kernels, reflections included).
    // With h > 0.08 (Silverman at M = 64 and SD(ρ) ≈ 0.3 gives ≈ 0.12): ≤ 2·0.005²/12·780 ≈ 3·10⁻³ < 10⁻².
    for (const p of [a.sdeDensity, a.networkDensity]) {
      let mass = 0;
      for (let i = 0; i < 401; i++) mass += (i === 0 || i === 400 ? 0.5 : 1) * p[i] * 0.005;
      expect(Math.abs(mass - 1)).toBeLessThan(1e-2);
    }
  });

  it('names bad options', () => {
    expect(() => correlationDensities(network, sde, { pointCount: 1 })).toThrow(/pointCount/);
  });
});
