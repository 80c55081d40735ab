/**
 * P2 Fig 1 left (FIGURES.md P2-1L, reconstructed): layer ℓ → ρ̄_ℓ, the sample average of the mean off-diagonal token
 * correlation, for attention-only residual networks at initialization, simulated exactly in law (THEORY.md §6.12–6.13):
 * standard softmax attention with the λ/γ residual, Pre-LN (unit skip and branch, RMS-normalized branch input) and
 * shaped attention; plus the shaped-attention SDE (§6.7, §6.11) at t = ℓ/n. Each curve's network is a Spec
 * (network.ts): 'shaped' for shaped attention and its SDE, 'preLn' (softmax attention) for the other two.
 */
import { simulateCovarianceChain, type CovarianceChainOptions } from '../../theory/covariance-chain';
import { simulateCovarianceSde, type CovarianceSdeOptions } from '../../theory/covariance-sde';
import { CovarianceTrajectories, meanCorrelationAt } from '../../theory/covariance-trajectories';
import { fitPowerLaw } from '../../analysis/fit';
import { Random } from '../../base/random';
import { tableOf, type SpecOrTable } from '../../theory/table-input';
import { showValue } from '../../spec/validate';
import type { ParameterTable } from '../../spec/types';
import { specRun } from '../../sweep/spec-run';

/** The curves of Fig 1 left. */
export type CorrelationDepthVariant = 'standard' | 'preLn' | 'shaped' | 'shapedSde';

/** The non-spec settings of one P2-1L run. */
export interface CorrelationDepthSettings {
  /** which curve: 'standard' and 'preLn' need a 'preLn' spec (softmax attention), 'shaped' and 'shapedSde' a 'shaped' one */
  variant: CorrelationDepthVariant;
  /** K, samples (networks or SDE paths) */
  samples: number;
  /** SDE Euler steps per layer: Δt = 1/(stepsPerLayer · n) */
  stepsPerLayer: number;
  /** first layer of the fit of log(1 − ρ̄_ℓ) against log ℓ (the window ends at the last layer) */
  fitFrom: number;
  /** bootstrap resamples (over samples) for the SE of the fitted exponent */
  bootstrap: number;
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
 * The chain options of a P2-1L curve for its spec: 'standard' = softmax(qkᵀ/√n_k) with the spec's λ/γ residual (no
 * normalization); 'preLn' = RMS-normalized branch input with unit skip and branch weights (X + f(norm X), §6.13: not
 * a λ/γ residual, so the sizes come from the spec and λ = γ = 1; softmax attention reads no τ₀); 'shaped' = the spec's
 * shaped attention; all attention-only (no MLP sub-block).
 */
export function correlationDepthChainOptions(table: ParameterTable, variant: 'standard' | 'preLn' | 'shaped'): CovarianceChainOptions {
  const arch = table.spec.architecture;
  const wanted = variant === 'shaped' ? 'shaped' : 'preLn';
  if (arch !== wanted) throw new Error(`spec.architecture: expected '${wanted}' for the variant '${variant}', got '${arch}'`);
  if (variant === 'preLn') {
    return { width: table.width, keyDim: table.spec.headDim, depth: table.spec.depth, tokens: table.spec.tokens, attention: 'standard', normalization: 'preRms', preNormResidual: 'unit' };
  }
  return { spec: table, mlp: false, ...(variant === 'standard' ? { normalization: 'none' as const } : {}) };
}

/** The theory call of one P2-1L curve: the chain's or the SDE's options (the figure's test compares them with the old runs'). */
export type CorrelationDepthCall = { source: 'chain'; options: CovarianceChainOptions } | { source: 'sde'; options: CovarianceSdeOptions };

/**
 * The options of one curve on its spec (n = N, d = L layers): the chain of correlationDepthChainOptions, every layer
 * recorded, or the SDE to T = L/n with Δt = 1/(stepsPerLayer·n), recorded at t = ℓ/n. Chains draw from stream 2·seed
 * and the SDE from 2·seed + 1.
 */
export function correlationDepthCall(spec: SpecOrTable, settings: CorrelationDepthSettings, seed: number): CorrelationDepthCall {
  const { variant, samples } = settings;
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${showValue(seed)}`);
  const table = tableOf('spec', spec);
  if (variant === 'shapedSde') {
    if (table.spec.architecture !== 'shaped') throw new Error(`spec.architecture: expected 'shaped' for the variant 'shapedSde', got '${table.spec.architecture}'`);
    const width = table.width;
    const depth = table.spec.depth;
    const times = Array.from({ length: depth + 1 }, (_, l) => l / width);
    return {
      source: 'sde',
      options: { spec: table, model: 'attention', horizon: depth / width, stepSize: 1 / (settings.stepsPerLayer * width), recordTimes: times, samples, seed: 2 * seed + 1 },
    };
  }
  if (variant !== 'standard' && variant !== 'preLn' && variant !== 'shaped') {
    throw new Error(`variant: expected 'standard' | 'preLn' | 'shaped' | 'shapedSde', got ${showValue(variant)}`);
  }
  return { source: 'chain', options: { ...correlationDepthChainOptions(table, variant), samples, seed: 2 * seed } };
}

/**
 * Runs one curve (correlationDepthCall): K chains (or SDE paths) for d layers, then ρ̄_ℓ = (1/K) Σ_k ρ̄_ℓ^{(k)} with
 * ρ̄^{(k)} = (2/(m(m−1))) Σ_{α<β} ρ^{αβ}, its SE, and the exponent of 1 − ρ̄_ℓ ≈ a ℓ^{slope} over [fitFrom, L]
 * (Pre-LN: ≈ −1, polynomial collapse, §6.14). SDE paths that explode (§6.10) are left out of every average.
 */
export function correlationDepthRun(spec: SpecOrTable, settings: CorrelationDepthSettings, seedOfRun: number): CorrelationDepthCurve {
  const { variant, samples } = settings;
  const table = tableOf('spec', spec);
  const call = correlationDepthCall(table, settings, seedOfRun);
  const seed = 2 * seedOfRun + (variant === 'shapedSde' ? 1 : 0);
  const width = table.width;
  const depth = table.spec.depth;
  let traj: CovarianceTrajectories;
  let layers: number[];
  if (call.source === 'sde') {
    const sde = simulateCovarianceSde(call.options);
    traj = sde;
    layers = Array.from(sde.times, (t) => Math.round(t * width));
  } else {
    const chain = simulateCovarianceChain(call.options);
    traj = chain;
    layers = Array.from(chain.layers);
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
  const from = settings.fitFrom;
  const to = depth;
  const collapseSlope = collapseSlopeOf(layers, averageCorrelation, from, to);
  let collapseSlopeError = NaN;
  const B = settings.bootstrap;
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

/** The typed sweep run of P2-1L: one point = one curve (settings: CorrelationDepthSettings) of its spec's network. */
export const correlationDepthSpecRun = specRun<CorrelationDepthSettings>((_spec, table, { seed, settings }) => correlationDepthRun(table, settings, seed));

/** Sweep run reference of correlationDepthSpecRun (module = this file). */
export const correlationDepthReference = { module: __filename, name: 'correlationDepthSpecRun', version: '1' };
