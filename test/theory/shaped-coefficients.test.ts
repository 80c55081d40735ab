import { describe, expect, it } from 'vitest';
import {
  resolveShapedParameters, shapedDiffusion, shapedDrift, shapedReluCorrelationDrift, twoTokenCorrelationCoefficients,
  shapedReluNormaliser,
} from '../../src/theory/shaped-coefficients';
import { EigenWorkspace, congruence, covarianceFactor } from '../../src/base/linalg';
import { Random } from '../../src/base/random';
import { WishartSampler } from '../../src/theory/wishart';
import { ChainScratch, chainAttentionLayer, chainMlpLayer } from '../../src/theory/chain-layers';
import { resolveNetworkOptions } from '../../src/theory/covariance-options';
import { covarianceSdeIncrements } from '../../src/theory/covariance-sde';
import { Moments, oneStepDiffusion, oneStepDrift } from '../../src/experiments/p2/one-step';
import { vSde1Grid } from '../../src/experiments/p2/figure-v-sde1';

// THEORY.md §6.14 one-step setting.
const V = Float64Array.of(1, 0.2, -0.1, 0.2, 1.3, 0.3, -0.1, 0.3, 0.9);
const PAIRS: [number, number][] = [[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]];
const REG = { branchWeightSquared: 0.36, temperature: 0.8 }; // γ = 0.6, λ = 0.8, τ₀ = 0.8
const at = (i: number, j: number) => i * 3 + j;

describe('closed-form coefficients (THEORY §6.5–6.9)', () => {
  it('reproduce the §6.14 regression numbers to 1e−4', () => {
    const b = shapedDrift(V, 3, 'attention', REG);
    [0.12549, 0.02325, -0.00883, 0.12386, 0.021, 0.09325].forEach((x, i) => expect(Math.abs(b[at(...PAIRS[i])] - x)).toBeLessThan(1e-4 + 5e-6));
    const S = shapedDiffusion(V, 3, 'attention', REG);
    const diag = PAIRS.map(([i, j]) => S[at(i, j) * 9 + at(i, j)]);
    [1.2435, 0.823, 0.5657, 2.0676, 0.7722, 0.9986].forEach((x, i) => expect(Math.abs(diag[i] - x)).toBeLessThan(1e-4));
    const row = PAIRS.map(([i, j]) => S[0 * 9 + at(i, j)]);
    [1.2435, 0.2307, -0.1469, 0.0426, -0.0276, 0.0169].forEach((x, i) => expect(Math.abs(row[i] - x)).toBeLessThan(1e-4));
    expect(resolveShapedParameters(REG).kappaAttention).toBeCloseTo(0.5904, 12);
  });

  it('reproduce the §6.8 two-token value and agree with Itô calculus on the 2×2 matrix SDE', () => {
    const c = twoTokenCorrelationCoefficients(0.2, 'attention', { branchWeightSquared: 1 / 8, temperature: 1 });
    expect(Math.abs(c.drift - -0.02034)).toBeLessThan(1e-5);
    expect(Math.abs(c.diffusionSquared - 0.218304)).toBeLessThan(1e-9);
    // ρ = V12/√(V11 V22): dρ drift = ∇ρ·b + ½ Σ:∇²ρ, variance ∇ρᵀ Σ ∇ρ, with (b, Σ) of the matrix SDE and
    // derivatives by central differences (h = 1e−4, error O(h²) ≈ 1e−8).
    for (const model of ['attention', 'mlp', 'block'] as const) {
      for (const [rho, q, tau] of [[0.2, 1, 1], [-0.4, 1.7, 0.6], [0.8, 0.5, 2]]) {
        const p = { branchWeightSquared: 0.3, temperature: tau, shapedReluSlopes: [0.5, -1] };
        const v = [q, rho * q, rho * q, q];
        const b = shapedDrift(v, 2, model, p);
        const S = shapedDiffusion(v, 2, model, p);
        const f = (x: number[]) => x[1] / Math.sqrt(x[0] * x[3]);
        // coordinates (V11, V12 = V21, V22) as a symmetric perturbation
        const idx = [[0], [1, 2], [3]];
        const bump = (x: number[], a: number, h: number) => { const y = x.slice(); for (const i of idx[a]) y[i] += h; return y; };
        const h = 1e-4;
        const grad = [0, 1, 2].map((a) => (f(bump(v, a, h)) - f(bump(v, a, -h))) / (2 * h));
        const hess = [0, 1, 2].map((a) => [0, 1, 2].map((c2) =>
          (f(bump(bump(v, a, h), c2, h)) - f(bump(bump(v, a, h), c2, -h)) - f(bump(bump(v, a, -h), c2, h)) + f(bump(bump(v, a, -h), c2, -h))) / (4 * h * h)));
        const ent = [0, 1, 3];
        let drift = 0, varr = 0;
        for (let a = 0; a < 3; a++) {
          drift += grad[a] * b[ent[a]];
          for (let c2 = 0; c2 < 3; c2++) {
            const sig = S[ent[a] * 4 + ent[c2]];
            drift += 0.5 * hess[a][c2] * sig;
            varr += grad[a] * grad[c2] * sig;
          }
        }
        const closed = twoTokenCorrelationCoefficients(rho, model, { ...p, normSquared: q });
        expect(Math.abs(closed.drift - drift)).toBeLessThan(1e-6);
        expect(Math.abs(closed.diffusionSquared - varr)).toBeLessThan(1e-6);
      }
    }
  });

  it('ν(ρ) has the stated special values and the normaliser makes E[c φ_s(g)²] = 1', () => {
    expect(shapedReluCorrelationDrift(1, 0.7, -1.3)).toBeCloseTo(0, 14);
    expect(shapedReluCorrelationDrift(0, 0.7, -1.3)).toBeCloseTo(4 / (2 * Math.PI), 14);
    expect(shapedReluCorrelationDrift(-1, 0.7, -1.3)).toBeCloseTo(2, 14);
    const n = 50, sp = 1 + 0.7 / Math.sqrt(n), sm = 1 - 1.3 / Math.sqrt(n);
    expect(shapedReluNormaliser(0.7, -1.3, n) * (sp * sp + sm * sm) / 2).toBeCloseTo(1, 14);
  });
});

describe('one-step Monte Carlo of the finite model against the closed forms (V-SDE1)', () => {
  // The row's Monte Carlo is the figure's (src/experiments/p2/figure-v-sde1.ts), run here at its quick grid: the §6.14
  // spec (n_k = N = 4, m = 3, γ = 0.6, τ₀ = 0.8) at n = 1600 (drift) and n = 10⁵ (diffusion).
  const points = vSde1Grid('quick').expand();
  const point = (check: string) => points.find((p) => p.values.check === check)!;

  it('the quick grid is the §6.14 setting: γ² = 0.36, τ₀ = 0.8, n_k = 4, the listed V', () => {
    for (const p of points) {
      expect(p.table.branchMultiplier ** 2).toBe(REG.branchWeightSquared);
      expect([p.spec.temperature, p.spec.headDim, p.spec.tokens]).toEqual([REG.temperature, 4, 3]);
      expect((p.settings as { initialCovariance: number[][] }).initialCovariance.flat()).toEqual(Array.from(V));
    }
    expect(points.map((p) => [p.values.check, p.table.width, p.settings.draws])).toEqual([['drift', 1600, 100_000], ['diffusion', 100_000, 50_000]]);
  });

  it('shaped-attention drift: n·E[V_{ℓ+1} − V_ℓ] within 4 SE (antithetic S ↔ −S)', () => {
    // E[V_{ℓ+1} | A] = λ²V + γ² A V Aᵀ exactly (E over W^V), so n·E[ΔV] = n γ² E[A V Aᵀ − V]. The pair S, −S cancels
    // the O(√n) odd term, leaving O(1) fluctuations; remaining bias O(1/n) ≈ 6e−4 · O(1) at n = 1600 ≪ 4 SE.
    const p = point('drift');
    const mc = oneStepDrift(p.table, V, p.settings.draws as number, p.seed);
    const b = shapedDrift(V, 3, 'attention', REG);
    PAIRS.forEach(([i, j], e) => expect(Math.abs(mc.mean[e] - b[at(i, j)])).toBeLessThan(4 * mc.meanError[e]));
  });

  it('shaped-attention diffusion: n·Cov(V_{ℓ+1} − V_ℓ) of the exact chain within 4 SE', () => {
    // One chain layer at n = 10⁵ (cost independent of n): relative finite-n corrections O(n^{−1/2}) ≈ 0.3 %,
    // below 4 SE (≈ 4·√(2/N) ≈ 2.5 % of the diagonal entries with N = 50 000 draws).
    const p = point('diffusion');
    const mc = oneStepDiffusion(p.table, V, p.settings.draws as number, p.seed + 1);
    const S = shapedDiffusion(V, 3, 'attention', REG);
    for (let e = 0; e < 6; e++) for (let f = e; f < 6; f++) {
      expect(Math.abs(mc.covariance[e][f] - S[at(...PAIRS[e]) * 9 + at(...PAIRS[f])])).toBeLessThan(4 * mc.covarianceError[e][f]);
    }
  });

  it('shaped-ReLU drift: n·(c E[φ_s(u)φ_s(u)ᵀ] − V) within 4 SE of γ²ν(ρ)√(V^{αα}V^{ββ}) (antithetic u ↔ −u)', () => {
    // E[V_{ℓ+1} − V_ℓ | V] = γ² (c E φ_s(u)φ_s(u)ᵀ − V) for the MLP sub-block, u ~ N(0, V). With c₊ = −c₋ the pair
    // u, −u cancels the O(√n) cross term exactly; the remaining finite-n bias is the factor 1/(1 + c₊²/n) ≈ 1 − 2e−4.
    const n = 10_000, cp = 1.5, pairs = 400_000, m = 3;
    const cz = shapedReluNormaliser(cp, -cp, n);
    const up = 1 + cp / Math.sqrt(n), down = 1 - cp / Math.sqrt(n);
    const c = new Float64Array(9);
    covarianceFactor(V, 0, c, 0, new EigenWorkspace(m));
    const rng = new Random(23);
    const mom = new Moments();
    const g = new Float64Array(3), u = new Float64Array(3), fp = new Float64Array(3), fm = new Float64Array(3);
    for (let t = 0; t < pairs; t++) {
      rng.fillNormal(g);
      for (let i = 0; i < m; i++) {
        u[i] = c[i * 3] * g[0] + c[i * 3 + 1] * g[1] + c[i * 3 + 2] * g[2];
        fp[i] = u[i] > 0 ? up * u[i] : down * u[i];
        fm[i] = -u[i] > 0 ? -up * u[i] : -down * u[i];
      }
      mom.push(PAIRS.map(([i, j]) => n * (cz * 0.5 * (fp[i] * fp[j] + fm[i] * fm[j]) - u[i] * u[j])));
    }
    const b = shapedDrift(V, 3, 'mlp', { branchWeightSquared: 1, shapedReluSlopes: [cp, -cp] });
    PAIRS.forEach(([i, j], e) => expect(Math.abs(mom.mean(e) - b[at(i, j)])).toBeLessThan(4 * mom.meanError(e) + 1e-3 * Math.abs(b[at(i, j)])));
  });

  it('MLP and full-block diffusion of the exact chain within 4 SE of κ[V⊗V] (+ attention D-terms)', () => {
    // n = 2000, N = 4000 draws: SE of a diagonal covariance ≈ √(2/N) ≈ 2.2 % relative; finite-n corrections are
    // O(n^{−1/2}) ≈ 2 % · O(1) — covered by 4 SE plus an explicit 3/√n relative allowance (written out below).
    const n = 2000, N = 4000;
    for (const model of ['mlp', 'block'] as const) {
      const p = { ...REG, shapedReluSlopes: [1, -1] };
      const net = resolveNetworkOptions({
        tokens: 3, initialCovariance: V, width: n, keyDim: 4, depth: 1, attention: model === 'mlp' ? 'none' : 'shaped', mlp: true, ...p,
      });
      const s = new ChainScratch(3);
      const rng = new Random(24);
      const state = new Float64Array(9);
      const mom = new Moments();
      for (let t = 0; t < N; t++) {
        state.set(V);
        if (model === 'block') chainAttentionLayer(state, 0, rng, s, net);
        chainMlpLayer(state, 0, rng, s, net);
        mom.push(PAIRS.map(([i, j]) => Math.sqrt(n) * (state[at(i, j)] - V[at(i, j)])));
      }
      const S = shapedDiffusion(V, 3, model, p);
      for (let e = 0; e < 6; e++) for (let f = e; f < 6; f++) {
        const [c, se] = mom.covariance(e, f);
        const exact = S[at(...PAIRS[e]) * 9 + at(...PAIRS[f])];
        expect(Math.abs(c - exact)).toBeLessThan(4 * se + (3 / Math.sqrt(n)) * Math.abs(exact));
      }
    }
  });

  it('m = 2: one antithetic Euler step of the matrix SDE gives the §6.5/§6.8 drift and variance of ρ within 4 SE', () => {
    // V¹¹ = V²² = 1, ρ = 0.2, γ² = 1/8, τ₀ = 1, Δt = 1e−3; pairs dM ↔ −dM cancel the O(√Δt) term. Euler bias O(Δt).
    // 'plainMlp' checks §6.5's dρ = [ν(ρ) − ½ρ(1−ρ²)] dt + (1−ρ²) dB against the plain matrix SDE (κ = 1, no γ²).
    const dt = 1e-3, pairs = 200_000;
    for (const model of ['attention', 'mlp', 'plainMlp'] as const) {
      const shape = { branchWeightSquared: 1 / 8, temperature: 1 };
      const opts = { ...shape, tokens: 2, stepSize: dt, seed: 25 };
      const v = [1, 0.2, 0.2, 1];
      const { drift, noises } = covarianceSdeIncrements(v, model, pairs, opts);
      const rho = (a: number, b: number, c: number) => b / Math.sqrt(a * c);
      const d = new Float64Array(pairs), q = new Float64Array(pairs);
      for (let k = 0; k < pairs; k++) {
        const x = [0, 1, 3].map((i) => v[i] + drift[i] * dt);
        const e = [0, 1, 3].map((i) => noises[k * 4 + i]);
        const rp = rho(x[0] + e[0], x[1] + e[1], x[2] + e[2]);
        const rm = rho(x[0] - e[0], x[1] - e[1], x[2] - e[2]);
        d[k] = (0.5 * (rp + rm) - 0.2) / dt;
        q[k] = (0.5 * (rp - rm)) ** 2 / dt;
      }
      const mean = (x: Float64Array) => x.reduce((s, y) => s + y, 0) / x.length;
      const se = (x: Float64Array) => { const mu = mean(x); return Math.sqrt(x.reduce((s, y) => s + (y - mu) ** 2, 0) / (x.length - 1) / x.length); };
      const c = twoTokenCorrelationCoefficients(0.2, model, shape);
      expect(Math.abs(mean(d) - c.drift)).toBeLessThan(4 * se(d));
      expect(Math.abs(mean(q) - c.diffusionSquared)).toBeLessThan(4 * se(q));
    }
  });
});
