/**
 * V-DMFT (FIGURES.md; THEORY.md §5): the XOR gated-attention toy trained at growing width N against its discrete-time
 * DMFT. Measures the squared distance between loss curves, its slope against N, the largest log-ratio per seed, and the
 * DMFT's agreement with the §5.5 reference losses.
 */
import { fitPowerLaw } from '../../analysis/fit';
import { gatedToyDmft } from '../../theory/gated-toy-dmft';
import { trainGatedToyNetwork, type GatedToyNetworkOptions } from '../../theory/gated-toy-network';
import { preset } from '../../spec/presets';
import { showValue } from '../../spec/validate';
import type { Spec } from '../../spec/types';
import { specRun } from '../../sweep/spec-run';

/** The toy's parameters a Spec carries: N = headDim, G = heads, α = attentionExponent, γ = richness, η = learningRate. */
export interface GatedToyParametersOfSpec {
  width: number;
  gates: number;
  attentionExponent: number;
  richness: number;
  learningRate: number;
}

/**
 * The gated-attention toy (THEORY.md §5.1–5.3) as a Spec, so its figure is a grid of specs: one block (depth 1) of G
 * gates (heads) of width N (headDim) on one token of D = 2 inputs (XOR), one output, A^g = N^{−α} q^g·k^g
 * (attentionExponent), output scale 1/(Nγ) (richness γ), plain gradient descent at base rate η (sgd learningRate).
 * Defaults are §5.5's: G = 6, α = 1, γ = 2.5, η = 0.002. The other P1 fields (β₀, α_L, …) do not enter the toy.
 */
export function gatedToySpec(width: number): Spec {
  return preset('p1', {
    architecture: 'simple', headDim: width, heads: 6, depth: 1, tokens: 1, inputDim: 2, outputDim: 1,
    attentionExponent: 1, richness: 2.5, optimizer: { kind: 'sgd', learningRate: 0.002 },
  });
}

/** The toy's parameters from a spec of gatedToySpec's shape; throws naming a field the toy cannot honour. */
export function gatedToyParameters(spec: Spec): GatedToyParametersOfSpec {
  const fixed: [string, unknown, unknown][] = [
    ['depth', spec.depth, 1], ['tokens', spec.tokens, 1], ['inputDim', spec.inputDim, 2], ['outputDim', spec.outputDim, 1], ['optimizer.kind', spec.optimizer.kind, 'sgd'],
  ];
  for (const [name, value, allowed] of fixed) {
    if (value !== allowed) throw new Error(`gated toy: ${name} = ${showValue(value)}, but the toy (THEORY.md §5) has ${name} = ${showValue(allowed)} only`);
  }
  return { width: spec.headDim, gates: spec.heads, attentionExponent: spec.attentionExponent, richness: spec.richness, learningRate: spec.optimizer.learningRate };
}

/** Settings of a toy run: the gate directions u_g and the number of steps. */
export interface GatedToyRunSettings {
  gateDirections: 'deterministic' | 'random';
  steps: number;
}

/** What a toy run returns: ℒ_N(t), t = 0…steps−1. */
export interface GatedToyRunResult {
  losses: number[];
}

/** The options of trainGatedToyNetwork for one point (its spec's toy parameters, its seed, its settings). */
export function gatedToyNetworkOptions(spec: Spec, seed: number, settings: GatedToyRunSettings): GatedToyNetworkOptions {
  return { ...gatedToyParameters(spec), seed, gateDirections: settings.gateDirections, steps: settings.steps };
}

/**
 * One finite network of the gated toy (§5.1–5.3, warm start): the spec's N, G, α, γ, η, the seed's weights (and u_g
 * when random), `settings.steps` full-batch steps on XOR; returns ℒ_N(t), t = 0…steps−1.
 */
export const p1ToyNetwork = specRun<GatedToyRunSettings, GatedToyRunResult>((spec, _table, { seed, settings }) => {
  const result = trainGatedToyNetwork(gatedToyNetworkOptions(spec, seed, settings));
  return { losses: Array.from(result.losses) };
});

/** Sweep run reference of p1ToyNetwork (module = this file). */
export const p1ToyNetworkReference = { module: __filename, name: 'p1ToyNetwork', version: '1' };

/** The §5.5 reference losses of the corrected DMFT (deterministic u_g), by step. */
export const toyDmftReferenceLosses: Readonly<Record<number, number>> = {
  0: 1.0,
  1: 0.9872179,
  10: 0.8876548,
  100: 0.4057989,
  300: 0.06179957,
  600: 1.120062e-3,
  999: 1.354627e-6,
};

/** max_t |ℒ_DMFT(t)/ℒ_ref(t) − 1| over the §5.5 reference steps (deterministic u_g, corrected Q(0)). */
export function toyDmftReferenceError(steps = 1000): { maxRelativeError: number; losses: Float64Array } {
  const { losses } = gatedToyDmft({ steps, gateDirections: 'deterministic' });
  let worst = 0;
  for (const [t, ref] of Object.entries(toyDmftReferenceLosses)) worst = Math.max(worst, Math.abs(losses[Number(t)] / ref - 1));
  return { maxRelativeError: worst, losses };
}

/**
 * DMFT loss curve for the gate directions a network seed uses (the same u_g for every width, gated-toy.ts), at the toy's
 * G, γ, η (default §5.5's). The DMFT is the N → ∞ limit at α = 1 (THEORY.md §5.4).
 */
export function toyDmftLosses(seed: number, gateDirections: 'deterministic' | 'random', steps = 1000, toy: Partial<Pick<GatedToyParametersOfSpec, 'gates' | 'richness' | 'learningRate'>> = {}): Float64Array {
  return gatedToyDmft({ seed, gateDirections, steps, ...toy }).losses;
}

export interface ToyConvergenceRow {
  width: number;
  /** Seed mean of the time-averaged squared loss error (1/T)Σ_t (ℒ_N(t) − ℒ_DMFT(t))², and its SE over seeds. */
  squaredError: number;
  squaredErrorSE: number;
  /** Per seed: max_t |log₁₀(ℒ_N(t)/ℒ_DMFT(t))|. */
  maxLogRatio: number[];
}

export interface ToyConvergence {
  rows: ToyConvergenceRow[];
  /** Slope of log squaredError against log N (§5.5: ≈ −0.9). */
  slope: number;
  slopeSE: number;
}

/**
 * V-DMFT analysis: runs {width, seed, losses} against dmft(seed) (the DMFT curve for that seed's gate directions).
 * Squared error per run = mean_t (ℒ_N − ℒ_DMFT)²; per width the seed mean; slope by least squares in log–log.
 */
export function toyDmftConvergence(runs: readonly { width: number; seed: number; losses: ArrayLike<number> }[], dmft: (seed: number) => ArrayLike<number>): ToyConvergence {
  const widths = [...new Set(runs.map((r) => r.width))].sort((a, b) => a - b);
  const rows = widths.map((width) => {
    const mine = runs.filter((r) => r.width === width);
    const errors = mine.map((r) => {
      const ref = dmft(r.seed);
      let s = 0;
      for (let t = 0; t < r.losses.length; t++) s += (r.losses[t] - ref[t]) ** 2;
      return s / r.losses.length;
    });
    const maxLogRatio = mine.map((r) => {
      const ref = dmft(r.seed);
      let worst = 0;
      for (let t = 0; t < r.losses.length; t++) worst = Math.max(worst, Math.abs(Math.log10(r.losses[t] / ref[t])));
      return worst;
    });
    const m = errors.reduce((a, b) => a + b, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, errors.length - 1));
    return { width, squaredError: m, squaredErrorSE: sd / Math.sqrt(errors.length), maxLogRatio };
  });
  const fit = fitPowerLaw(widths, rows.map((r) => r.squaredError));
  return { rows, slope: fit.slope, slopeSE: fit.slopeSE };
}
