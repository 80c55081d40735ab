/**
 * Shared run of the P2 figure experiments (FIGURES.md P2-1R, P2-conv, P2-abl): the law of the token correlation
 * ρ₁₂ = V¹²/√(V¹¹V²²), of ρ̄ (mean off-diagonal correlation) and of V¹¹ at time T, sampled either from the exact
 * finite-width chain of a shaped-attention network given as a Spec (THEORY.md §6.12, depth = round(T·n) layers) or
 * from the covariance SDE of that spec by Euler–Maruyama (§6.11). The result is plain JSON, so a sweep can cache it.
 */
import { simulateCovarianceChain, type CovarianceChainOptions } from '../../theory/covariance-chain';
import { simulateCovarianceSde, type CovarianceSdeOptions } from '../../theory/covariance-sde';
import { CovarianceTrajectories, correlationAt, meanCorrelationAt } from '../../theory/covariance-trajectories';
import { ksTwoSample, ksTwoSampleThreshold99 } from '../../analysis/statistics';
import { showValue } from '../../spec/validate';
import { tableOf, type SpecOrTable } from '../../theory/table-input';
import { specRun } from '../../sweep/spec-run';

/** The non-spec settings of one run (P2-1R, P2-conv, P2-abl): which law, at which time, with how many samples. */
export interface CorrelationLawSettings {
  /** 'chain' = the spec's width-n network (exact in law, §6.12); 'sde' = Euler–Maruyama of its limit (§6.11) */
  source: 'chain' | 'sde';
  /** T = depth/width, the final time (the chain's spec has depth = round(T·n), see depthFromHorizon) */
  horizon: number;
  /** Δt of the Euler scheme (sde only) */
  stepSize: number;
  /** K, number of samples */
  samples: number;
  /** attention-only blocks ('attention') or attention + shaped-ReLU MLP ('block') */
  model: 'attention' | 'block';
}

/** Samples at time T. Exploded SDE paths (§6.10) are left out of rho12/rhoMean/v11 and counted in `exploded`. */
export interface CorrelationLawSamples {
  source: 'chain' | 'sde';
  horizon: number;
  /** chain: number of layers; sde: number of Euler steps */
  steps: number;
  /** all samples, exploded ones included */
  samples: number;
  /** ρ₁₂ of every non-exploded sample */
  rho12: number[];
  /** ρ̄ of every non-exploded sample */
  rhoMean: number[];
  /** V¹¹ of every non-exploded sample */
  v11: number[];
  /** number of exploded samples: SDE paths stopped at tr V > 10⁴ tr V₀; for the chain, samples with tr V > 10⁴ tr V₀
   *  or non-finite V at one of the checked layers */
  exploded: number;
  explodedFraction: number;
  /** eigenvalues clipped to 0 in PSD roots (diagnostic, §6.11) */
  clippedEigenvalues: number;
}

function finalState(traj: CovarianceTrajectories, dropped: Uint8Array): Omit<CorrelationLawSamples, 'source' | 'horizon' | 'steps' | 'clippedEigenvalues'> {
  const { tokens: m, samples: K } = traj;
  const r = traj.times.length - 1;
  const rho12: number[] = [];
  const rhoMean: number[] = [];
  const v11: number[] = [];
  let exploded = 0;
  for (let k = 0; k < K; k++) {
    if (dropped[k]) {
      exploded++;
      continue;
    }
    const off = (r * K + k) * m * m;
    rho12.push(correlationAt(traj.covariances, off, m, 0, 1));
    rhoMean.push(meanCorrelationAt(traj.covariances, off, m));
    v11.push(traj.covariances[off]);
  }
  return { samples: K, rho12, rhoMean, v11, exploded, explodedFraction: exploded / K };
}

/** The theory call of one run: the chain's or the SDE's options (the figures' tests compare them with the old runs'). */
export type CorrelationLawCall = { source: 'chain'; options: CovarianceChainOptions } | { source: 'sde'; options: CovarianceSdeOptions };

/**
 * The options of one run on its spec (a 'shaped' Spec or its table: n, L, m, γ, τ₀ from the table): the chain of the
 * width-n network recorded at ≤ 17 evenly spaced layers including the last, L = round(T n) (§6.12), or the SDE to T
 * (§6.7, §6.11). The chain draws from stream 2·seed and the SDE from 2·seed + 1, so a chain and an SDE run with the
 * same seed are independent.
 */
export function correlationLawCall(spec: SpecOrTable, settings: CorrelationLawSettings, seed: number): CorrelationLawCall {
  const { source, horizon, samples, model } = settings;
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${showValue(seed)}`);
  if (!(horizon > 0) || !Number.isFinite(horizon)) throw new Error(`horizon: expected T > 0, got ${showValue(horizon)}`);
  if (model !== 'attention' && model !== 'block') throw new Error(`model: expected 'attention' | 'block', got ${showValue(model)}`);
  const table = tableOf('spec', spec);
  if (source === 'sde') return { source, options: { spec: table, model, horizon, stepSize: settings.stepSize, samples, seed: 2 * seed + 1 } };
  if (source !== 'chain') throw new Error(`source: expected 'chain' | 'sde', got ${showValue(source)}`);
  const depth = table.spec.depth;
  if (depth !== Math.round(horizon * table.width)) {
    throw new Error(`horizon: T = ${horizon} at width n = ${table.width} needs depth round(T·n) = ${Math.round(horizon * table.width)}, but spec.depth = ${depth}`);
  }
  const stride = Math.max(1, Math.ceil(depth / 16));
  const recordLayers: number[] = [];
  for (let l = stride; l < depth; l += stride) recordLayers.push(l);
  recordLayers.push(depth);
  return { source, options: { spec: table, mlp: model === 'block', samples, seed: 2 * seed, recordLayers } };
}

/**
 * Samples the law of (ρ₁₂, ρ̄, V¹¹) at time T from the network chain V_ℓ, ℓ = L = round(T n) (§6.12) or from the SDE
 * dV = b(V) dt + dM (§6.7, §6.11) of the same spec (correlationLawCall). The chain never explodes in theory (§6.10); to
 * check, its trace is tested against the SDE's criterion tr V > 10⁴ tr V₀ (or non-finite) at the recorded layers.
 */
export function correlationLawSamples(spec: SpecOrTable, settings: CorrelationLawSettings, seed: number): CorrelationLawSamples {
  const call = correlationLawCall(spec, settings, seed);
  const { horizon, samples } = settings;
  if (call.source === 'sde') {
    const sde = simulateCovarianceSde(call.options);
    return {
      source: 'sde', horizon, steps: Math.round(horizon / sde.stepSize), clippedEigenvalues: sde.clippedEigenvalues,
      ...finalState(sde, sde.exploded),
    };
  }
  const chain = simulateCovarianceChain(call.options);
  const recordLayers = Array.from(chain.layers);
  const depth = recordLayers[recordLayers.length - 1];
  const m = chain.tokens;
  let limit = 0;
  for (let a = 0; a < m; a++) limit += chain.network.initialCovariance[a * m + a];
  limit *= 1e4;
  const dropped = new Uint8Array(samples);
  for (let r = 0; r < recordLayers.length; r++) {
    for (let k = 0; k < samples; k++) {
      const off = (r * samples + k) * m * m;
      let tr = 0;
      for (let a = 0; a < m; a++) tr += chain.covariances[off + a * m + a];
      if (!(tr <= limit)) dropped[k] = 1;
    }
  }
  return { source: 'chain', horizon, steps: depth, clippedEigenvalues: chain.clippedEigenvalues, ...finalState(chain, dropped) };
}

/**
 * Standard error of the sample SD s by the delta method: Var(s²) ≈ (μ̂₄ − s⁴)/M, so SE(s) ≈ √((μ̂₄ − s⁴)/M)/(2s),
 * μ̂₄ the fourth central sample moment.
 */
export function standardDeviationError(x: ArrayLike<number>): number {
  const M = x.length;
  if (M < 2) throw new Error(`x: expected at least 2 values, got ${M}`);
  let mean = 0;
  for (let i = 0; i < M; i++) mean += x[i];
  mean /= M;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < M; i++) {
    const d = (x[i] - mean) * (x[i] - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= M;
  m4 /= M;
  return m2 > 0 ? Math.sqrt(Math.max(m4 - m2 * m2, 0) / M) / (2 * Math.sqrt(m2)) : 0;
}

/**
 * Quantile q of a sample in which `exploded` further values are +∞ (exploded SDE paths, §6.10: compare V through
 * quantiles that count them rather than dropping them). Linear interpolation between order statistics; +∞ when the
 * quantile falls among the exploded values.
 */
export function quantileCountingExploded(values: ArrayLike<number>, exploded: number, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`q: expected a number in [0, 1], got ${q}`);
  if (!(Number.isInteger(exploded) && exploded >= 0)) throw new Error(`exploded: expected a count ≥ 0, got ${exploded}`);
  const total = values.length + exploded;
  if (total === 0) throw new Error('values: expected at least one value');
  const s = Float64Array.from(values).sort();
  const pos = q * (total - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, total - 1);
  if (hi >= s.length) return lo >= s.length || pos > lo ? Infinity : s[lo];
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** Network-vs-SDE summary of the laws of ρ₁₂ (and V¹¹ through medians) at one time T. */
export interface CorrelationLawComparison {
  /** two-sample KS distance between the ρ₁₂ samples (exploded SDE paths excluded) */
  ks: number;
  /** its 99 % null threshold 1.63 √((M₁ + M₂)/(M₁M₂)) */
  ksThreshold99: number;
  sdNetwork: number;
  sdSde: number;
  sdNetworkError: number;
  sdSdeError: number;
  /** |SD_net − SD_SDE| and its SE √(SE₁² + SE₂²) */
  sdGap: number;
  sdGapError: number;
  medianRhoNetwork: number;
  medianRhoSde: number;
  /** medians of V¹¹, exploded paths counted as +∞ */
  medianV11Network: number;
  medianV11Sde: number;
  explodedFractionNetwork: number;
  explodedFractionSde: number;
}

function sampleSd(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mean) * (x[i] - mean);
  return Math.sqrt(s / (x.length - 1));
}

/**
 * KS distance D = sup_x |F_net(x) − F_SDE(x)| of ρ₁₂, SDs with delta-method SEs, medians of ρ₁₂ and V¹¹ (§6.14
 * "SDE against network").
 */
export function compareCorrelationLaws(network: CorrelationLawSamples, sde: CorrelationLawSamples): CorrelationLawComparison {
  if (network.rho12.length < 2 || sde.rho12.length < 2) {
    throw new Error(`network, sde: expected ≥ 2 non-exploded samples each, got ${network.rho12.length} and ${sde.rho12.length}`);
  }
  const ks = ksTwoSample(network.rho12, sde.rho12);
  const sdNetwork = sampleSd(network.rho12);
  const sdSde = sampleSd(sde.rho12);
  const sdNetworkError = standardDeviationError(network.rho12);
  const sdSdeError = standardDeviationError(sde.rho12);
  return {
    ks,
    ksThreshold99: ksTwoSampleThreshold99(network.rho12.length, sde.rho12.length),
    sdNetwork, sdSde, sdNetworkError, sdSdeError,
    sdGap: Math.abs(sdNetwork - sdSde),
    sdGapError: Math.hypot(sdNetworkError, sdSdeError),
    medianRhoNetwork: quantileCountingExploded(network.rho12, 0, 0.5),
    medianRhoSde: quantileCountingExploded(sde.rho12, 0, 0.5),
    medianV11Network: quantileCountingExploded(network.v11, network.exploded, 0.5),
    medianV11Sde: quantileCountingExploded(sde.v11, sde.exploded, 0.5),
    explodedFractionNetwork: network.explodedFraction,
    explodedFractionSde: sde.explodedFraction,
  };
}

/**
 * The typed sweep run of P2-1R, P2-conv and P2-abl: one point = the law of its spec's network ('chain') or of its SDE
 * ('sde') at T = settings.horizon, with settings.samples samples (settings: CorrelationLawSettings).
 */
export const correlationLawRun = specRun<CorrelationLawSettings>((_spec, table, { seed, settings }) => correlationLawSamples(table, settings, seed));

/** Sweep run reference of correlationLawRun (module = this file: dist/…js when built, the .ts source under vitest). */
export const correlationLawReference = { module: __filename, name: 'correlationLawRun', version: '1' };
