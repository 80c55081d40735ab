/**
 * The one place each attention and MLP scale factor of the parameter table is derived (THEORY.md §2.2, §4.2, §6.2–6.4,
 * §6.13). resolve() writes them into the table; the theory (law of A(0), covariance chain and SDE, shaped
 * coefficients) reads them from the table, and its plain-option forms call these same functions.
 */
import type { Spec } from './types';

/** N^{−α_A}: the logit scale of A = (q·k)·N^{−α_A} (THEORY.md §2.2, §4.2); standard attention 1/√n_k is α_A = ½. */
export function powerLawLogitScale(headDim: number, attentionExponent: number): number {
  return Math.pow(headDim, -attentionExponent);
}

/** 1/τ with τ = τ₀√(n n_k): the logit scale of shaped attention (THEORY.md §6.2); n = width, n_k = key dimension. */
export function shapedLogitScale(temperature: number, width: number, keyDim: number): number {
  return 1 / (temperature * Math.sqrt(width * keyDim));
}

/** τ₀ of a spec: spec.temperature, default 1 (THEORY.md §6.2). */
export function temperatureOf(spec: Spec): number {
  return spec.temperature ?? 1;
}

/**
 * The logit scale the table holds (THEORY.md §2.2, §6.2): 1/(τ₀√(nN)) for the shaped architecture (n = N·H, n_k = N),
 * N^{−α_A} for every other one.
 */
export function logitScaleOf(spec: Spec): number {
  const width = spec.headDim * spec.heads;
  return spec.architecture === 'shaped'
    ? shapedLogitScale(temperatureOf(spec), width, spec.headDim)
    : powerLawLogitScale(spec.headDim, spec.attentionExponent);
}

/**
 * Shaped-ReLU normaliser c with 1/c = E φ_s(g)² = 1 + (c₊ + c₋)/√n + (c₊² + c₋²)/(2n), g ~ N(0, 1), slopes
 * s_± = 1 + c_±/√n (THEORY.md §6.4).
 */
export function shapedReluNormaliser(slopePositive: number, slopeNegative: number, width: number): number {
  if (!(width > 0)) throw new Error(`width: expected n > 0, got ${width}`);
  const r = Math.sqrt(width);
  return 1 / (1 + (slopePositive + slopeNegative) / r + (slopePositive ** 2 + slopeNegative ** 2) / (2 * width));
}

/** The P2 residual weights from the branch weight γ = b_L (THEORY.md §6.3): skip λ = √(1 − γ²). */
export function skipMultiplierOf(branchMultiplier: number): number {
  return Math.sqrt(1 - branchMultiplier * branchMultiplier);
}
