import { describe, expect, it } from 'vitest';
import { correlationAtLayer, correlationDepthRun, maxCorrelationDrift, type CorrelationDepthVariant } from '../../../src/experiments/p2/fig1-left';
import { p2NetworkSpec } from '../../../src/experiments/p2/network';

/** One curve at n = 32 (γ² = 1/8, τ₀ = 1), 16 samples, seed 3: softmax curves on the 'preLn' spec, shaped ones on the 'shaped' spec. */
const curve = (variant: CorrelationDepthVariant, depth = 12, architecture = variant === 'standard' || variant === 'preLn' ? 'preLn' as const : 'shaped' as const) =>
  correlationDepthRun(p2NetworkSpec({ architecture, width: 32, depth, branchWeightSquared: 1 / 8 }), { variant, samples: 16, stepsPerLayer: 4, fitFrom: 4, bootstrap: 5 }, 3);

describe('P2-1L experiment: ρ̄_ℓ against layer', () => {
  it('returns one value per layer 0…d for every variant and is deterministic', () => {
    for (const variant of ['standard', 'preLn', 'shaped', 'shapedSde'] as const) {
      const a = curve(variant);
      const b = curve(variant);
      expect(a).toEqual(b);
      expect(a.layers).toEqual(Array.from({ length: 13 }, (_, l) => l));
      expect(a.averageCorrelation).toHaveLength(13);
      expect(a.standardError).toHaveLength(13);
      // layer 0 is V₀ = 0.8 I + 0.2 11ᵀ exactly, so ρ̄₀ = 0.2 with zero spread
      expect(correlationAtLayer(a, 0)).toBeCloseTo(0.2, 12);
      expect(a.standardError[0]).toBeCloseTo(0, 12);
    }
  });

  it('standard attention collapses tokens while shaped attention stays near ρ₀ (not a tolerance test: ordering only)', () => {
    // Standard attention averages tokens by O(1) per layer (γ² = 1/8: ρ̄ ≈ 0.93 after 25 layers at any n, §6.14), while
    // shaped attention only diffuses ρ̄ (SD of one sample's ρ̄ ≈ 0.2 at T ≈ 1, so SE ≈ 0.05 over 16 samples, and the
    // mean drifts by < 0.05): ρ̄ > 0.8 vs |ρ̄ − 0.2| < 0.3 leaves > 4 SE of margin on both sides.
    const standard = curve('standard', 30);
    const shaped = curve('shaped', 30);
    expect(correlationAtLayer(standard, 30)).toBeGreaterThan(0.8);
    expect(maxCorrelationDrift(shaped)).toBeLessThan(0.3);
    expect(Number.isFinite(curve('preLn').collapseSlope)).toBe(true);
  });

  it('names the bad field', () => {
    expect(() => curve('bogus' as never)).toThrow(/^variant: expected .*got 'bogus'/);
    expect(() => curve('shaped', 12, 'preLn')).toThrow(/^spec.architecture: expected 'shaped' for the variant 'shaped', got 'preLn'/);
    expect(() => curve('shapedSde', 12, 'preLn')).toThrow(/^spec.architecture: expected 'shaped' for the variant 'shapedSde', got 'preLn'/);
    expect(() => correlationAtLayer(curve('shaped'), 99)).toThrow(/layer/);
  });
});
