/**
 * The P2 networks of the covariance-chain figures as Specs (THEORY.md §6.2–6.4, §6.12–6.13): preset 'shaped', one
 * head whose key dimension is the width (H = 1, n_k = N = n), m = 4 tokens, MLP width n, γ = branchScale (λ = √(1 − γ²))
 * and τ₀ = temperature. The chain and the SDE read every scale factor from the spec's table (theory/network-spec.ts).
 */
import { preset } from '../../spec/presets';
import type { Spec } from '../../spec/types';

/** What fixes a P2 chain network: n, depth, γ², τ₀ and the architecture ('shaped', or 'preLn' for softmax attention). */
export interface P2NetworkOptions {
  architecture?: 'shaped' | 'preLn';
  /** n = n_k = headDim (one head) */
  width: number;
  depth: number;
  /** γ² of the λ/γ residual; the spec holds γ = √γ² */
  branchWeightSquared: number;
  /** τ₀; default 1 */
  temperature?: number;
  /** m; default 4 */
  tokens?: number;
}

/** The Spec of a P2 chain network: preset('shaped', {architecture, headDim: n, heads: 1, depth, tokens: m, branchScale: √γ², temperature: τ₀}). */
export function p2NetworkSpec(o: P2NetworkOptions): Spec {
  return preset('shaped', {
    architecture: o.architecture ?? 'shaped', headDim: o.width, heads: 1, depth: o.depth, tokens: o.tokens ?? 4,
    branchScale: Math.sqrt(o.branchWeightSquared), temperature: o.temperature ?? 1,
  });
}

/** n of a P2 chain spec: the table's width N·H (= N, one head). */
export function p2Width(spec: Spec): number {
  return spec.headDim * spec.heads;
}

/** A grid's finish step: depth = round(T·n) layers for the setting horizon T (the chain runs to time T = depth/n). */
export function depthFromHorizon(spec: Spec, settings: { horizon: number }): Spec {
  const horizon = settings.horizon;
  return { ...spec, depth: Math.round(horizon * p2Width(spec)) };
}

/** γ² = b_L² of a P2 spec for tables and claim details, to 12 significant digits (the spec holds γ = √γ², so γ² = 1/8 comes back as 1/8 + 1 ulp). */
export function branchWeightSquaredOf(spec: Spec): number {
  return Number((spec.branchScale * spec.branchScale).toPrecision(12));
}
