/**
 * P2 Fig 1 left (FIGURES.md P2-1L, reconstructed): layer ℓ → ρ̄_ℓ, the sample average of the mean off-diagonal token
 * correlation, for attention-only residual networks at initialization, simulated exactly in law (THEORY.md §6.12–6.13):
 * standard softmax attention with the λ/γ residual, Pre-LN (unit skip and branch, RMS-normalized branch input) and
 * shaped attention; plus the shaped-attention SDE (§6.7, §6.11) at t = ℓ/n.
 */
import { simulateCovarianceChain } from '../theory/covariance-chain';
import { simulateCovarianceSde } from '../theory/covariance-sde';
import { CovarianceTrajectories, meanCorrelationAt } from '../theory/covariance-trajectories';
import { fitPowerLaw } from '../analysis/fit';
import { Random } from '../base/random';

/** The curves of Fig 1 left. */
export type CorrelationDepthVariant = 'standard' | 'preLn' | 'shaped' | 'shapedSde';

/** One run of the P2-1L sweep. */
export interface CorrelationDepthConfig {
  variant: CorrelationDepthVariant;
  /** n = n_k, width */
  width: number;
  /** d, number of layers (the SDE runs to T = d/n) */
  depth: number;
  /** K, samples (networks or SDE paths) */
  samples: number;
  /** seed; chains draw from stream 2·seed and the SDE from 2·seed + 1 (independent of the shaped chain's samples) */
  seed: number;
  /** γ² (λ² = 1 − γ²); default 1/8 */
  branchWeightSquared?: number;
  /** τ₀; default 1 */
  temperature?: number;
  /** SDE step Δt; default 1/(4n) */
  stepSize?: number;
  /** layer window [from, to] of the fit of log(1 − ρ̄_ℓ) against log ℓ; default [25, depth] */
  fitFrom?: number;
  fitTo?: number;
  /** bootstrap resamples (over samples) for the SE of the fitted exponent; default 200 */
  bootstrap?: number;
}

/** ρ̄_ℓ with its standard error, and the fitted exponent of 1 − ρ̄_ℓ ∝ ℓ^{slope}. */
export interface CorrelationDepthCurve {
  variant: CorrelationDepthVariant;
  layers: number[];
  /** ρ̄_ℓ averaged over (non-exploded) samples */
  averageCorrelation: number[];
  /** SD over samples of the per-sample ρ̄ divided by √K */
  standardError: number[];
  /** least-squares slope of log(1 − ρ̄_ℓ) on log ℓ over the fit window (NaN when some 1 − ρ̄_ℓ ≤ 0) */
  collapseSlope: number;
  /** bootstrap SE of collapseSlope (resampling the K trajectories) */
  collapseSlopeError: number;
  exploded: number;
  explodedFraction: number;
}

function perSampleMeanCorrelation(traj: CovarianceTrajectories): Float64Array[] {
  const { tokens: m, samples: K } = traj;
  const out: Float64Array[] = [];
  for (let r = 0; r < traj.times.length; r++) {
    const row = new Float64Array(K);
    for (let k = 0; k < K; k++) row[k] = meanCorrelationAt(traj.covariances, (r * K + k) * m * m, m);
    out.push(row);
  }
  return out;
}

function collapseSlopeOf(layers: number[], curve: ArrayLike<number>, from: number, to: number): number {
  const x: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < layers.length; r++) {
    if (layers[r] < from || layers[r] > to) continue;
    const gap = 1 - curve[r];
    if (!(gap > 0)) return NaN;
    x.push(layers[r]);
    y.push(gap);
  }
  return x.length >= 2 ? fitPowerLaw(x, y).slope : NaN;
}

/**
 * Runs one variant: K chains (or SDE paths) for d layers, then ρ̄_ℓ = (1/K) Σ_k ρ̄_ℓ^{(k)} with
 * ρ̄^{(k)} = (2/(m(m−1))) Σ_{α<β} ρ^{αβ}, its SE, and the exponent of 1 − ρ̄_ℓ ≈ a ℓ^{slope} over [fitFrom, fitTo]
 * (Pre-LN: ≈ −1, polynomial collapse, §6.14). SDE paths that explode (§6.10) are left out of every average.
 */
export function correlationDepthRun(config: CorrelationDepthConfig): CorrelationDepthCurve {
  const { variant, width, depth, samples } = config;
  if (!Number.isInteger(config.seed)) throw new Error(`seed: expected an integer, got ${config.seed}`);
  const seed = 2 * config.seed + (variant === 'shapedSde' ? 1 : 0);
  const shaped = { branchWeightSquared: config.branchWeightSquared ?? 1 / 8, temperature: config.temperature ?? 1 };
  let traj: CovarianceTrajectories;
  let layers: number[];
  if (variant === 'shapedSde') {
    const times = Array.from({ length: depth + 1 }, (_, l) => l / width);
    const sde = simulateCovarianceSde({
      ...shaped, model: 'attention', horizon: depth / width, stepSize: config.stepSize ?? 1 / (4 * width), recordTimes: times, samples, seed,
    });
    traj = sde;
    layers = Array.from(sde.times, (t) => Math.round(t * width));
  } else if (variant === 'standard' || variant === 'preLn' || variant === 'shaped') {
    const chain = simulateCovarianceChain({
      ...shaped, width, depth, samples, seed,
      attention: variant === 'shaped' ? 'shaped' : 'standard',
      normalization: variant === 'preLn' ? 'preRms' : 'none',
    });
    traj = chain;
    layers = Array.from(chain.layers);
  } else {
    throw new Error(`variant: expected 'standard' | 'preLn' | 'shaped' | 'shapedSde', got ${variant}`);
  }
  const keep: number[] = [];
  for (let k = 0; k < samples; k++) if (!traj.exploded[k]) keep.push(k);
  const perSample = perSampleMeanCorrelation(traj);
  const K = keep.length;
  const averageCorrelation: number[] = [];
  const standardError: number[] = [];
  for (const row of perSample) {
    let s = 0;
    let s2 = 0;
    for (const k of keep) {
      s += row[k];
      s2 += row[k] * row[k];
    }
    const mean = s / K;
    averageCorrelation.push(mean);
    standardError.push(K > 1 ? Math.sqrt(Math.max(s2 / K - mean * mean, 0) * (K / (K - 1)) / K) : NaN);
  }
  const from = config.fitFrom ?? 25;
  const to = config.fitTo ?? depth;
  const collapseSlope = collapseSlopeOf(layers, averageCorrelation, from, to);
  let collapseSlopeError = NaN;
  const B = config.bootstrap ?? 200;
  if (Number.isFinite(collapseSlope) && B > 1 && K > 1) {
    const rng = new Random(seed).fork(1_000_003);
    const pick = new Int32Array(K);
    const curve = new Float64Array(layers.length);
    const slopes: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < K; i++) pick[i] = keep[rng.integer(K)];
      for (let r = 0; r < layers.length; r++) {
        if (layers[r] < from || layers[r] > to) continue;
        let s = 0;
        for (let i = 0; i < K; i++) s += perSample[r][pick[i]];
        curve[r] = s / K;
      }
      const slope = collapseSlopeOf(layers, curve, from, to);
      if (Number.isFinite(slope)) slopes.push(slope);
    }
    if (slopes.length > 1) {
      const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
      collapseSlopeError = Math.sqrt(slopes.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (slopes.length - 1));
    }
  }
  const exploded = samples - K;
  return { variant, layers, averageCorrelation, standardError, collapseSlope, collapseSlopeError, exploded, explodedFraction: exploded / samples };
}

/** ρ̄ at layer ℓ from a curve (throws when ℓ was not recorded). */
export function correlationAtLayer(curve: CorrelationDepthCurve, layer: number): number {
  const r = curve.layers.indexOf(layer);
  if (r < 0) throw new Error(`layer: ${layer} is not among the recorded layers 0…${curve.layers[curve.layers.length - 1]}`);
  return curve.averageCorrelation[r];
}

/** max_ℓ |ρ̄_ℓ − ρ₀| over all recorded layers (shaped attention keeps ρ̄ near ρ₀ = 0.2, P2-1L). */
export function maxCorrelationDrift(curve: CorrelationDepthCurve, initialCorrelation = 0.2): number {
  let worst = 0;
  for (const v of curve.averageCorrelation) worst = Math.max(worst, Math.abs(v - initialCorrelation));
  return worst;
}
