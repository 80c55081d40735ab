import { describe, expect, it } from 'vitest';
import { gatedToyDmft } from '../../src/theory/gated-toy-dmft';
import { gatedToyForward, initGatedToyNetwork, trainGatedToyNetwork } from '../../src/theory/gated-toy-network';
import { gatedToyDirections, gatedToyGateProjections, gatedToyOverlaps, resolveGatedToyOptions } from '../../src/theory/gated-toy';

describe('gated toy: gate directions u_g, overlaps ρ_g and G configurable (THEORY §5.2, §5.5)', () => {
  it('the defaults are the §5.5 setting, written out explicitly they give bit-identical losses', () => {
    const reference = gatedToyDmft({ steps: 300 }).losses;
    const u = gatedToyDirections(6, 'deterministic', 0);
    const rows = Array.from({ length: 6 }, (_, g) => [u[2 * g], u[2 * g + 1]]);
    const explicit = gatedToyDmft({ steps: 300, gateDirections: rows, gateOverlaps: gatedToyOverlaps(6, true) }).losses;
    expect(explicit).toEqual(reference);
    expect(gatedToyDmft({ steps: 300, gateAngleOffset: 0.3 }).losses).toEqual(reference);
    // a flat G·D array is the same as rows, and G is inferred from it
    expect(gatedToyDmft({ steps: 300, gateDirections: u, gateOverlaps: gatedToyOverlaps(6, true) }).losses).toEqual(reference);
    // zero overlaps are the cold start
    expect(gatedToyDmft({ steps: 300, gateOverlaps: new Float64Array(6) }).losses).toEqual(gatedToyDmft({ steps: 300, warmStart: false }).losses);
    // and the §5.5 reference loss at t = 100 still reproduces to 5 digits
    expect(reference[100].toPrecision(5)).toBe((0.4057989).toPrecision(5));
  });

  it('another θ₀, other directions or other overlaps change the dynamics', () => {
    const base = gatedToyDmft({ steps: 200 }).losses[199];
    expect(gatedToyDmft({ steps: 200, gateAngleOffset: 1.1 }).losses[199]).not.toBe(base);
    expect(gatedToyDmft({ steps: 200, gateOverlaps: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] }).losses[199]).not.toBe(base);
    const resolved = resolveGatedToyOptions({ gateDirections: [[1, 0], [0, 2], [-1, 1]] });
    expect(resolved.gates).toBe(3);
    expect(resolved.gateDirections).toBe('explicit');
    expect(Array.from(resolved.directions)).toEqual([1, 0, 0, 2, -1, 1]);
    expect(Array.from(resolved.overlaps)).toEqual([-0.9, 0, 0.9]); // warm start linspace for G = 3
  });

  // A configuration unlike §5.5: G = 3 gates, unequal explicit directions (norms 1.0, 1.5, 0.7) and overlaps.
  const custom = { gateDirections: [[1, 0], [1.2, 0.9], [-0.2, 0.67]], gateOverlaps: [0.6, -0.4, 0.95] };

  it('network at init with custom u_g, ρ_g: A^g(x_μ) → ρ_g a^g_μ within 4.5 SE (Monte Carlo, 8 seeds, N = 2000)', () => {
    const width = 2000;
    const { overlaps, directions } = resolveGatedToyOptions(custom);
    const a = gatedToyGateProjections(directions, 3);
    let worst = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { attention } = gatedToyForward(initGatedToyNetwork({ ...custom, width, seed }));
      for (let g = 0; g < 3; g++) {
        for (let m = 0; m < 4; m++) {
          // A = ρa|z|²/N + √(1−ρ²)(Ξx/√D)·z/N with z ~ N(0, I_N): mean ρa, Var = (2ρ²a² + (1−ρ²)Cˣ_μμ)/N to leading
          // order, and Cˣ_μμ = x_μ·x_μ/D = 1 for every XOR input.
          const rho = overlaps[g];
          const se = Math.sqrt((2 * rho ** 2 * a[g * 4 + m] ** 2 + (1 - rho ** 2)) / width);
          worst = Math.max(worst, Math.abs(attention[g * 4 + m] - rho * a[g * 4 + m]) / se);
        }
      }
    }
    // 8 seeds × 3 gates × 4 inputs = 96 z-scores: P(max |z| > 4.5) ≈ 96 · 6.8e-6 < 1e-3.
    expect(worst).toBeLessThan(4.5);
  });

  it('networks with the custom gates follow the DMFT with the same gates: N = 16000, 2 seeds, within 0.2 decades', () => {
    // §5.5 acceptance criterion (every seed within 0.2 decades of the DMFT at every step at N = 16000), applied to a
    // configuration the DMFT was not tuned on. The deviation is O(N^{−1/2}) (§5.5: 0.016–0.14 decades at N = 16000).
    // Measured: 0.030 and 0.145 decades; against the DMFT of the default G = 3 gates (the wrong u_g, ρ_g) 4.1 and 4.3,
    // so the comparison tells gate configurations apart.
    const dmft = gatedToyDmft({ ...custom, steps: 600 }).losses;
    const otherGates = gatedToyDmft({ gates: 3, steps: 600 }).losses;
    for (const seed of [1, 2]) {
      const { losses } = trainGatedToyNetwork({ ...custom, width: 16000, seed, steps: 600 });
      let worst = 0;
      let worstOther = 0;
      for (let t = 0; t < 600; t++) {
        worst = Math.max(worst, Math.abs(Math.log10(losses[t] / dmft[t])));
        worstOther = Math.max(worstOther, Math.abs(Math.log10(losses[t] / otherGates[t])));
      }
      expect(worst, `seed ${seed}: max |log₁₀ ratio| = ${worst.toFixed(3)}`).toBeLessThan(0.2);
      expect(worstOther).toBeGreaterThan(1);
    }
    // and the custom configuration does learn: the loss falls by more than a decade over 600 steps
    expect(dmft[599]).toBeLessThan(0.1 * dmft[0]);
  }, 60_000);
});
