/**
 * V-DMFT (FIGURES.md; THEORY.md §5): the XOR gated-attention toy trained at growing width N against its discrete-time
 * DMFT. Measures the squared distance between loss curves, its slope against N, the largest log-ratio per seed, and the
 * DMFT's agreement with the §5.5 reference losses.
 */
import { fitPowerLaw } from '../../analysis/fit';
import { gatedToyDmft } from '../../theory/gated-toy-dmft';
import { trainGatedToyNetwork } from '../../theory/gated-toy-network';

/** Sweep run reference of p1ToyNetworkRun (module = this file). */
export const p1ToyNetworkRunReference = { module: __filename, name: 'p1ToyNetworkRun', version: '1' };

/**
 * One finite network (§5.1–5.3, §5.5 defaults: G = 6, η = 0.002, γ = 2.5, warm start, α = 1): config {width, seed,
 * gateDirections ('deterministic' | 'random'), steps}; returns ℒ_N(t), t = 0…steps−1.
 */
export function p1ToyNetworkRun(config: Record<string, unknown>): { losses: number[] } {
  const result = trainGatedToyNetwork({
    width: config.width as number,
    seed: config.seed as number,
    gateDirections: (config.gateDirections as 'deterministic' | 'random' | undefined) ?? 'random',
    steps: (config.steps as number | undefined) ?? 1000,
  });
  return { losses: Array.from(result.losses) };
}

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

/** DMFT loss curve for the gate directions a network seed uses (the same u_g for every width, gated-toy.ts). */
export function toyDmftLosses(seed: number, gateDirections: 'deterministic' | 'random', steps = 1000): Float64Array {
  return gatedToyDmft({ seed, gateDirections, steps }).losses;
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
