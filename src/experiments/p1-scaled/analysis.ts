/**
 * Statistics of the scaled-ViT figures (FIGURES.md "Statistics", "Kernels", "Measurement recipes"; THEORY.md §3.1–3.3):
 * seed means, the EMA loss-curve distance, distances between seed-averaged kernels, leave-one-seed-out (jackknifeOverSeeds)
 * standard errors, final losses, and head statistics of attention logits.
 */
import { relativeFrobeniusDistance } from '../../analysis/finite-size';
import { lastTenPercentMean } from './common';

/** Element-wise mean of equal-length series: (1/R) Σ_r x_r[i]. */
export function seedMeanSeries(series: readonly (readonly number[])[]): number[] {
  if (series.length === 0) throw new Error('series: expected at least one series, got none');
  const length = series[0].length;
  for (const s of series) if (s.length !== length) throw new Error(`series: expected equal lengths ${length}, got ${s.length}`);
  const out = new Array<number>(length).fill(0);
  for (const s of series) for (let i = 0; i < length; i++) out[i] += s[i] / series.length;
  return out;
}

/**
 * Exponential moving average with half-life τ steps: e_0 = x_0, e_t = (1 − a) e_{t−1} + a x_t, a = 1 − 2^{−1/τ}
 * (FIGURES.md "loss-curve distance", τ = 10).
 */
export function exponentialMovingAverage(series: readonly number[], halfLife = 10): number[] {
  if (!(halfLife > 0)) throw new Error(`halfLife: expected a positive number of steps, got ${halfLife}`);
  const a = 1 - Math.pow(2, -1 / halfLife);
  const out: number[] = [];
  let e = series[0];
  for (let t = 0; t < series.length; t++) {
    e = t === 0 ? series[0] : (1 - a) * e + a * series[t];
    out.push(e);
  }
  return out;
}

/**
 * Loss-curve distance (FIGURES.md "Measurement recipes"): mean over steps t ∈ [from, to) of |EMA(ℒ̄₁)_t − EMA(ℒ̄₂)_t|,
 * ℒ̄ the seed-averaged loss curves, EMA half-life 10 steps. `to` defaults to the shorter curve's length.
 */
export function lossCurveDistance(
  first: readonly (readonly number[])[],
  second: readonly (readonly number[])[],
  window: { from?: number; to?: number; halfLife?: number } = {},
): number {
  const a = exponentialMovingAverage(seedMeanSeries(first), window.halfLife ?? 10);
  const b = exponentialMovingAverage(seedMeanSeries(second), window.halfLife ?? 10);
  const from = window.from ?? 0;
  const to = Math.min(window.to ?? Infinity, a.length, b.length);
  if (!(Number.isInteger(from) && from >= 0 && to > from)) throw new Error(`window: expected 0 ≤ from < to ≤ ${Math.min(a.length, b.length)}, got [${from}, ${to})`);
  let s = 0;
  for (let t = from; t < to; t++) s += Math.abs(a[t] - b[t]);
  return s / (to - from);
}

export interface Jackknifed {
  /** The statistic on all seeds. */
  value: number;
  /** Jackknife SE √((R−1)/R Σ_i (θ_(i) − θ̄_(·))²) over leave-one-seed-out values (NaN for R < 2). */
  error: number;
  /** The leave-one-out values θ_(i). */
  leaveOneOut: number[];
}

/**
 * Jackknife over R seeds: statistic(keep) receives the kept seed positions (0 … R−1; the same positions in every group
 * the statistic reads), first all of them, then each leave-one-out set.
 */
export function jackknifeOverSeeds(seeds: number, statistic: (keep: number[]) => number): Jackknifed {
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`seeds: expected a positive integer, got ${seeds}`);
  const all = Array.from({ length: seeds }, (_, i) => i);
  const value = statistic(all);
  if (seeds < 2) return { value, error: NaN, leaveOneOut: [] };
  const leaveOneOut = all.map((i) => statistic(all.filter((j) => j !== i)));
  const m = leaveOneOut.reduce((s, x) => s + x, 0) / seeds;
  const ss = leaveOneOut.reduce((s, x) => s + (x - m) ** 2, 0);
  return { value, error: Math.sqrt(((seeds - 1) / seeds) * ss), leaveOneOut };
}

/** Picks the listed positions of a per-seed list. */
export function pickSeeds<T>(perSeed: readonly T[], keep: readonly number[]): T[] {
  return keep.map((i) => {
    if (i < 0 || i >= perSeed.length) throw new Error(`keep: seed position ${i} is outside 0…${perSeed.length - 1}`);
    return perSeed[i];
  });
}

/** d(K̄₁, K̄₂) = ‖K̄₁ − K̄₂‖_F/‖K̄₂‖_F between seed-averaged kernels (FIGURES.md "Kernels"), jackknifed over seeds. */
export function meanKernelDistance(first: readonly (readonly number[])[], second: readonly (readonly number[])[]): Jackknifed {
  const seeds = Math.min(first.length, second.length);
  return jackknifeOverSeeds(seeds, (keep) => relativeFrobeniusDistance(seedMeanSeries(pickSeeds(first, keep)), seedMeanSeries(pickSeeds(second, keep))));
}

/** Final loss over seeds: mean of the per-seed last-10 % means, SE = SD/√R (FIGURES.md "Statistics"). */
export function finalLossSummary(curves: readonly (readonly number[])[]): { mean: number; error: number; perSeed: number[] } {
  const perSeed = curves.map((c) => lastTenPercentMean(c as number[]));
  const mean = perSeed.reduce((s, x) => s + x, 0) / perSeed.length;
  const sd = perSeed.length > 1 ? Math.sqrt(perSeed.reduce((s, x) => s + (x - mean) ** 2, 0) / (perSeed.length - 1)) : NaN;
  return { mean, error: sd / Math.sqrt(perSeed.length), perSeed };
}

/** Mean and SE (SD/√R) of per-seed values. */
export function seedMeanWithError(values: readonly number[]): { mean: number; error: number } {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1)) : NaN;
  return { mean, error: sd / Math.sqrt(values.length) };
}

/**
 * Deviations of A^a_{ss′}(x) from the head mean, A^a − (1/H) Σ_b A^b, for every (x, s, s′) and head, from logits stored
 * [B, H, S, S] row-major: the spread over heads at fixed (x, s, s′), pooled (FIGURES.md P1-6d).
 */
export function headDeviations(logits: readonly number[], shape: readonly number[]): number[] {
  const [batch, heads, s1, s2] = shape;
  const pairs = s1 * s2;
  if (logits.length !== batch * heads * pairs) throw new Error(`logits: expected ${batch * heads * pairs} values for shape [${shape}], got ${logits.length}`);
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < pairs; p++) {
      let m = 0;
      for (let a = 0; a < heads; a++) m += logits[(b * heads + a) * pairs + p];
      m /= heads;
      for (let a = 0; a < heads; a++) out.push(logits[(b * heads + a) * pairs + p] - m);
    }
  }
  return out;
}

/** A flat row-major k×k matrix as rows (for heat maps). */
export function squareMatrixRows(values: readonly number[]): number[][] {
  const k = Math.round(Math.sqrt(values.length));
  if (k * k !== values.length) throw new Error(`values: expected a square number of entries, got ${values.length}`);
  return Array.from({ length: k }, (_, i) => values.slice(i * k, (i + 1) * k) as number[]);
}
