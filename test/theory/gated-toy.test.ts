import { describe, expect, it } from 'vitest';
import { gatedToyDmft } from '../../src/theory/gated-toy-dmft';
import {
  gatedToyForward,
  gatedToyLossGradient,
  initGatedToyNetwork,
  trainGatedToyNetwork,
  type GatedToyParameters,
} from '../../src/theory/gated-toy-network';
import {
  gatedToyDirections,
  gatedToyGateProjections,
  gatedToyInputGram,
  gatedToyOverlaps,
  gatedToyScaledInputs,
} from '../../src/theory/gated-toy';
import { convergenceSlope } from '../../src/analysis/finite-size';
import { Random } from '../../src/base/random';

const FIELDS = ['queryWeights', 'keyVector', 'valueWeights', 'readout'] as const;

function zeroLike(p: GatedToyParameters): GatedToyParameters {
  return { ...p, ...Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(p[f].length)])) } as GatedToyParameters;
}

describe('gated toy DMFT (THEORY.md §5.4–5.5)', () => {
  it('corrected DMFT reproduces the §5.5 losses to 5 significant digits', () => {
    const { losses } = gatedToyDmft();
    const reference: [number, number][] = [
      [0, 1.0], [1, 0.9872179], [10, 0.8876548], [100, 0.4057989], [300, 0.06179957], [600, 1.120062e-3], [999, 1.354627e-6],
    ];
    for (const [t, value] of reference) expect(losses[t].toPrecision(5)).toBe(value.toPrecision(5));
  });

  it("the notebook's Q(0) = Cˣ gives the §5.5 discrepant values", () => {
    const { losses } = gatedToyDmft({ initialQueryKernel: 'notebook' });
    expect(losses[100].toPrecision(7)).toBe('0.4215294');
    expect(losses[600].toPrecision(4)).toBe('0.0004577');
    expect(losses[999].toPrecision(4)).toBe('1.145e-7');
    // a cold start has ρ = 0, where both initial kernels coincide
    expect(gatedToyDmft({ warmStart: false, initialQueryKernel: 'notebook', steps: 200 }).losses[199]).toBe(
      gatedToyDmft({ warmStart: false, steps: 200 }).losses[199],
    );
  });

  it('network at init: A → ρa and Q(0) = ρ²aaᵀ + (1−ρ²)Cˣ, within 4.5 SE (Monte Carlo, 8 seeds, N = 2000)', () => {
    const width = 2000;
    const x = gatedToyScaledInputs();
    const cx = gatedToyInputGram();
    const rho = gatedToyOverlaps(6, true);
    const a = gatedToyGateProjections(gatedToyDirections(6, 'deterministic', 0), 6);
    let worstCorrected = 0;
    let worstNotebook = 0;
    let worstAttention = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const p = initGatedToyNetwork({ width, seed });
      const { attention } = gatedToyForward(p);
      for (let g = 0; g < 6; g++) {
        const q = [0, 1].map((m) => {
          const v = new Float64Array(width);
          for (let i = 0; i < width; i++) v[i] = p.queryWeights[2 * (g * width + i)] * x[2 * m] + p.queryWeights[2 * (g * width + i) + 1] * x[2 * m + 1];
          return v;
        });
        const theory = (m: number, n: number) => rho[g] ** 2 * a[g * 4 + m] * a[g * 4 + n] + (1 - rho[g] ** 2) * cx[m * 4 + n];
        for (const [m, n] of [[0, 0], [0, 1], [1, 1]]) {
          let s = 0;
          for (let i = 0; i < width; i++) s += q[m][i] * q[n][i];
          // (1/N)Σ_i q_i(x_m) q_i(x_n) with q_i jointly Gaussian of covariance Q: Var = (Q_mm Q_nn + Q_mn²)/N (Isserlis).
          const se = Math.sqrt((theory(m, m) * theory(n, n) + theory(m, n) ** 2) / width);
          worstCorrected = Math.max(worstCorrected, Math.abs(s / width - theory(m, n)) / se);
          if (Math.abs(rho[g]) > 0.5 && m !== n) worstNotebook = Math.max(worstNotebook, Math.abs(s / width - cx[m * 4 + n]) / se);
        }
        for (const m of [0, 1]) {
          // A = ρa|z|²/N + √(1−ρ²)(Ξx/√D)·z/N: Var = (2ρ²a² + (1−ρ²)Cˣ_mm)/N to leading order.
          const se = Math.sqrt((2 * rho[g] ** 2 * a[g * 4 + m] ** 2 + (1 - rho[g] ** 2) * cx[m * 5]) / width);
          worstAttention = Math.max(worstAttention, Math.abs(attention[g * 4 + m] - rho[g] * a[g * 4 + m]) / se);
        }
      }
    }
    // 8 seeds × 6 gates × 3 entries = 144 z-scores: P(max |z| > 4.5) ≈ 144 · 6.8e-6 ≈ 1e-3 (96 for A: less).
    expect(worstCorrected).toBeLessThan(4.5);
    expect(worstAttention).toBeLessThan(4.5);
    expect(worstNotebook).toBeGreaterThan(20); // the notebook's Cˣ is off by O(1) ≫ the O(N^{−1/2}) noise
  });
});

describe('gated toy network (THEORY.md §5.1–5.3)', () => {
  it('hand-written gradient matches central finite differences (α = 1 and α = ½)', () => {
    for (const alpha of [1, 0.5]) {
      const p = initGatedToyNetwork({ width: 5, gates: 3, attentionExponent: alpha, seed: 3, gateDirections: 'random' });
      const r = new Random(8);
      for (const f of FIELDS) for (let j = 0; j < p[f].length; j++) p[f][j] += 0.3 * r.normal();
      const initial = Float64Array.from({ length: 4 }, () => 0.5 * r.normal());
      const gradient = zeroLike(p);
      gatedToyLossGradient(p, initial, gradient);
      const scratch = zeroLike(p);
      const h = 1e-6;
      for (const f of FIELDS) {
        for (let j = 0; j < p[f].length; j++) {
          const keep = p[f][j];
          p[f][j] = keep + h;
          const up = gatedToyLossGradient(p, initial, scratch);
          p[f][j] = keep - h;
          const down = gatedToyLossGradient(p, initial, scratch);
          p[f][j] = keep;
          // central difference: truncation h²ℒ‴/6 ~ 1e-12, round-off ~ 1e-16/h = 1e-10
          expect(Math.abs((up - down) / (2 * h) - gradient[f][j])).toBeLessThan(1e-7 * Math.max(1, Math.abs(gradient[f][j])));
        }
      }
    }
  });

  it('the fused training loop takes exactly θ − 0.5·N·γ²·η ∇ℒ', () => {
    const options = { width: 7, gates: 3, seed: 5, attentionExponent: 0.75, learningRate: 0.01 };
    const p = initGatedToyNetwork(options);
    const start = gatedToyForward(p).outputs;
    const gradient = zeroLike(p);
    const rate = 0.5 * 7 * 2.5 * 2.5 * 0.01;
    const losses = [gatedToyLossGradient(p, start, gradient)];
    for (const f of FIELDS) for (let j = 0; j < p[f].length; j++) p[f][j] -= rate * gradient[f][j];
    losses.push(gatedToyLossGradient(p, start, gradient));
    for (const f of FIELDS) for (let j = 0; j < p[f].length; j++) p[f][j] -= rate * gradient[f][j];
    const trained = trainGatedToyNetwork({ ...options, steps: 2 });
    expect(trained.losses[0]).toBeCloseTo(losses[0], 14);
    expect(trained.losses[1]).toBeCloseTo(losses[1], 13);
    for (const f of FIELDS) for (let j = 0; j < p[f].length; j++) expect(trained.parameters[f][j]).toBeCloseTo(p[f][j], 12);
  });

  it('N = 16000, 4 seeds (deterministic u_g): every seed within 0.2 decades of the corrected DMFT at every step', () => {
    const dmft = gatedToyDmft().losses;
    for (let seed = 1; seed <= 4; seed++) {
      const { losses } = trainGatedToyNetwork({ width: 16000, seed });
      let worst = 0;
      for (let t = 0; t < 1000; t++) worst = Math.max(worst, Math.abs(Math.log10(losses[t] / dmft[t])));
      expect(worst).toBeLessThan(0.2); // measured 0.033–0.083 for seeds 1–4 (§5.5: 0.016–0.14)
    }
  });

  it('time-averaged squared loss error decays like 1/N: slope in [−1.3, −0.6] over N = 250, 1000, 4000', () => {
    const sizes = [250, 1000, 4000];
    const seeds = 24;
    const errors = sizes.map((width) => {
      let total = 0;
      for (let seed = 1; seed <= seeds; seed++) {
        const dmft = gatedToyDmft({ gateDirections: 'random', seed }).losses;
        const { losses } = trainGatedToyNetwork({ width, gateDirections: 'random', seed });
        let e = 0;
        for (let t = 0; t < 1000; t++) e += (losses[t] - dmft[t]) ** 2;
        total += e / 1000;
      }
      return total / seeds;
    });
    // Theory: the network deviates from the DMFT by O(N^{−1/2}), so the squared loss error ∝ 1/N (slope −1).
    // Tolerance: per-seed errors are heavy-tailed (SD of ln error ≈ 1.6 across seeds, random u_g). Bootstrapping 40
    // explored seeds gives, for the mean over 24 seeds, a fitted slope −0.96 with SD 0.14, so [−1.3, −0.6] is ≈ ±2.5 SD
    // (≈ 1 % of seed sets fail). Seeds 1–24 are the first 24, not selected.
    const fit = convergenceSlope(sizes, errors);
    expect(fit.slope).toBeGreaterThanOrEqual(-1.3);
    expect(fit.slope).toBeLessThanOrEqual(-0.6);
  });

  it('α = ½ (cold start) moves the attention far less than α = 1', () => {
    const options = { width: 1000, warmStart: false, gateDirections: 'random' as const, seed: 1 };
    const half = trainGatedToyNetwork({ ...options, attentionExponent: 0.5 }).attentionChange;
    const one = trainGatedToyNetwork({ ...options, attentionExponent: 1 }).attentionChange;
    expect(half).toBeLessThan(one / 10); // measured 0.0105 vs 0.35
  });

  it('rejects bad input naming the field', () => {
    expect(() => initGatedToyNetwork({ width: 0 })).toThrow(/width/);
    expect(() => gatedToyDmft({ gates: 0 })).toThrow(/gates/);
    expect(() => gatedToyDmft({ learningRate: -1 })).toThrow(/learningRate/);
    expect(() => gatedToyDmft({ initialQueryKernel: 'x' as never })).toThrow(/initialQueryKernel/);
  });
});
