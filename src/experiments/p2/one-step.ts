/**
 * V-SDE1 (docs/FIGURES.md "Validation rows", THEORY.md §6.7, §6.14): one step of the finite shaped-attention block
 * from a fixed V, Monte Carlo, against the closed-form drift b(V) and diffusion Σ(V). The network is a 'shaped' Spec:
 * n = N·H (the width), n_k = N, m = S tokens, γ = b_L, τ₀; the logit scale 1/(τ₀√(n n_k)) is the table's.
 *   drift: n·E[V_{ℓ+1} − V_ℓ] = n γ² E[A V Aᵀ − V] (the average over W^V done exactly through E[V_{ℓ+1} | A] = λ²V +
 *   γ² A V Aᵀ), with antithetic pairs S ↔ −S, which cancel the O(√n) odd term;
 *   diffusion: n·Cov(V_{ℓ+1} − V_ℓ) from one exact chain layer (§6.12), whose cost does not depend on n.
 */
import { EigenWorkspace, congruence, covarianceFactor } from '../../base/linalg';
import { Random } from '../../base/random';
import { WishartSampler } from '../../theory/wishart';
import { ChainScratch, chainAttentionLayer } from '../../theory/chain-layers';
import { resolveNetworkOptions, resolveInitialCovariance } from '../../theory/covariance-options';
import { temperatureOf } from '../../spec/scales';
import type { ParameterTable } from '../../spec/types';
import { showValue } from '../../spec/validate';
import { specRun } from '../../sweep/spec-run';

/** Running sums of vectors: means and covariances with their standard errors (i.i.d. draws). */
export class Moments {
  readonly rows: number[][] = [];
  push(x: number[]): void {
    this.rows.push(x);
  }
  mean(i: number): number {
    return this.rows.reduce((s, r) => s + r[i], 0) / this.rows.length;
  }
  /** SE of the mean: sample SD/√N */
  meanError(i: number): number {
    const mu = this.mean(i);
    return Math.sqrt(this.rows.reduce((s, r) => s + (r[i] - mu) ** 2, 0) / (this.rows.length - 1) / this.rows.length);
  }
  /** Covariance of entries i, j and its SE (sample SD of the centred products over √N). */
  covariance(i: number, j: number): [number, number] {
    const mi = this.mean(i);
    const mj = this.mean(j);
    const prods = this.rows.map((r) => (r[i] - mi) * (r[j] - mj));
    const c = prods.reduce((s, x) => s + x, 0) / prods.length;
    const v = prods.reduce((s, x) => s + (x - c) ** 2, 0) / (prods.length - 1);
    return [c, Math.sqrt(v / prods.length)];
  }
}

/** The entries (α, β), α ≤ β, of an m × m symmetric matrix in row order. */
export function upperEntries(m: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) out.push([a, b]);
  return out;
}

function checkShaped(table: ParameterTable): void {
  if (table.spec.architecture !== 'shaped') throw new Error(`spec.architecture: expected 'shaped' (the one-step check models shaped attention), got ${showValue(table.spec.architecture)}`);
}

/**
 * n·E[V_{ℓ+1} − V_ℓ] of the shaped-attention sub-block at V, per upper entry, from `pairs` antithetic pairs (S, −S) of
 * Gaussian logit matrices S = C Ξ Cᵀ (V = C Cᵀ, Ξ an m × m block of n_k-dimensional cross Gram draws), A = softmax(S ·
 * logitScale) + I − 11ᵀ/m; returns the means and their SEs. Random(seed) draws the cross Grams.
 */
export function oneStepDrift(table: ParameterTable, v: Float64Array, pairs: number, seed: number): { mean: number[]; meanError: number[] } {
  checkShaped(table);
  const m = table.spec.tokens;
  const n = table.width;
  const nk = table.spec.headDim;
  const g2 = table.branchMultiplier * table.branchMultiplier;
  const scale = table.logitScale;
  const entries = upperEntries(m);
  const rng = new Random(seed);
  const mm = m * m;
  const c = new Float64Array(mm);
  const xi = new Float64Array(mm);
  const logits = new Float64Array(mm);
  const a = new Float64Array(mm);
  const tmp = new Float64Array(mm);
  covarianceFactor(v, 0, c, 0, new EigenWorkspace(m));
  const wishart = new WishartSampler(m);
  const mom = new Moments();
  const avat = (sign: number) => {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += (a[i * m + j] = Math.exp(sign * logits[i * m + j] * scale));
      for (let j = 0; j < m; j++) a[i * m + j] = a[i * m + j] / s + (i === j ? 1 : 0) - 1 / m;
    }
    return entries.map(([i, j]) => {
      let s = 0;
      for (let x = 0; x < m; x++) for (let y = 0; y < m; y++) s += a[i * m + x] * v[x * m + y] * a[j * m + y];
      return s;
    });
  };
  for (let t = 0; t < pairs; t++) {
    wishart.crossGram(rng, nk, xi, 0);
    congruence(c, 0, xi, 0, logits, 0, m, tmp);
    const plus = avat(1);
    const minus = avat(-1);
    mom.push(entries.map(([i, j], e) => n * g2 * (0.5 * (plus[e] + minus[e]) - v[i * m + j])));
  }
  return { mean: entries.map((_, e) => mom.mean(e)), meanError: entries.map((_, e) => mom.meanError(e)) };
}

/**
 * n·Cov(V_{ℓ+1} − V_ℓ) of one exact shaped-attention chain layer from V (§6.12), per pair of upper entries (e ≤ f), from
 * `draws` independent layers; returns the covariances and their SEs as e × f matrices (lower half mirrored).
 */
export function oneStepDiffusion(table: ParameterTable, v: Float64Array, draws: number, seed: number): { covariance: number[][]; covarianceError: number[][] } {
  checkShaped(table);
  const m = table.spec.tokens;
  const n = table.width;
  // One head of key dimension n_k = N inside a stream of width n = N·H: the chain's plain form (its spec form is one head).
  const net = resolveNetworkOptions({
    tokens: m, initialCovariance: v, width: n, keyDim: table.spec.headDim, depth: 1,
    branchWeightSquared: table.branchMultiplier * table.branchMultiplier, temperature: temperatureOf(table.spec),
  });
  const entries = upperEntries(m);
  const scratch = new ChainScratch(m);
  const rng = new Random(seed);
  const state = new Float64Array(m * m);
  const mom = new Moments();
  for (let t = 0; t < draws; t++) {
    state.set(v);
    chainAttentionLayer(state, 0, rng, scratch, net);
    mom.push(entries.map(([i, j]) => Math.sqrt(n) * (state[i * m + j] - v[i * m + j])));
  }
  const covariance = entries.map(() => entries.map(() => 0));
  const covarianceError = entries.map(() => entries.map(() => 0));
  for (let e = 0; e < entries.length; e++) {
    for (let f = e; f < entries.length; f++) {
      const [cv, se] = mom.covariance(e, f);
      covariance[e][f] = covariance[f][e] = cv;
      covarianceError[e][f] = covarianceError[f][e] = se;
    }
  }
  return { covariance, covarianceError };
}

/** The non-spec settings of one V-SDE1 run. */
export interface OneStepSettings {
  check: 'drift' | 'diffusion';
  /** antithetic pairs (drift) or independent layers (diffusion) */
  draws: number;
  /** V, m × m */
  initialCovariance: number[][];
}

/** The typed sweep run of V-SDE1: the drift (seed) or the diffusion (seed + 1) Monte Carlo at the settings' V. */
export const oneStepRun = specRun<OneStepSettings>((_spec, table, { seed, settings: s }) => {
  const v = resolveInitialCovariance({ tokens: table.spec.tokens, initialCovariance: s.initialCovariance });
  if (s.check === 'drift') return { check: s.check, ...oneStepDrift(table, v, s.draws, seed) };
  if (s.check === 'diffusion') return { check: s.check, ...oneStepDiffusion(table, v, s.draws, seed + 1) };
  throw new Error(`check: expected 'drift' | 'diffusion', got ${showValue(s.check)}`);
});

/** Sweep run reference of oneStepRun (module = this file). */
export const oneStepReference = { module: __filename, name: 'oneStepRun', version: '1' };
