/**
 * Statistics shared by the P1 short-training notebooks (FIGURES.md "Statistics"): power-law slopes of seed means
 * with a bootstrap-over-seeds standard error, mean ± SE per group, and reading a sweep's rows back as P1 results.
 */
import { fitPowerLaw } from '../../analysis/fit';
import { Random } from '../../base/random';
import type { Spec } from '../../spec/types';
import type { SweepRecord, SweepResult } from '../../sweep/sweep';
import type { P1TrainResult } from './run';
import type { P1TrainSettings } from './settings';

/** One measurement: grid value x, seed, value y (NaN or ≤ 0 for a diverged or missing run). */
export interface SeedPoint {
  x: number;
  seed: number;
  y: number;
}

export interface SeedSlope {
  /** Least-squares slope of log ȳ(x) on log x, ȳ the mean over seeds at each x (FIGURES.md "Statistics"). */
  slope: number;
  /** SD of the slope over bootstrap resamples of the seeds (seeds resampled with replacement at every x). */
  slopeSE: number;
  prefactor: number;
  /** x, seed mean, SE over seeds (SD/√seeds) and seed count per x, sorted by x. */
  points: { x: number; mean: number; se: number; n: number }[];
  /** Whether every run was finite and positive (false: the slope is NaN). */
  complete: boolean;
}

function mean(ys: readonly number[]): number {
  return ys.reduce((a, b) => a + b, 0) / ys.length;
}

/** Mean, standard error SD/√n (SD with n − 1) and n of the finite values of ys. */
export function meanAndError(ys: readonly number[]): { mean: number; se: number; n: number } {
  const finite = ys.filter((y) => Number.isFinite(y));
  const n = finite.length;
  if (n === 0) return { mean: NaN, se: NaN, n: 0 };
  const m = mean(finite);
  const ss = finite.reduce((a, y) => a + (y - m) ** 2, 0);
  return { mean: m, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN, n };
}

/**
 * Power law ȳ ∝ x^slope over the seed means, slope ± bootstrap SE (resample seeds per x, `resamples` times, from
 * new Random(bootstrapSeed)). A non-finite or non-positive y at any x makes the slope NaN (complete: false).
 */
export function slopeOverSeeds(data: readonly SeedPoint[], resamples = 400, bootstrapSeed = 1): SeedSlope {
  const xs = [...new Set(data.map((d) => d.x))].sort((a, b) => a - b);
  const byX = xs.map((x) => data.filter((d) => d.x === x).map((d) => d.y));
  const points = xs.map((x, i) => ({ x, ...meanAndError(byX[i]) }));
  const complete = byX.every((ys) => ys.length > 0 && ys.every((y) => Number.isFinite(y) && y > 0));
  if (!complete || xs.length < 2) return { slope: NaN, slopeSE: NaN, prefactor: NaN, points, complete };
  const fit = fitPowerLaw(xs, byX.map(mean));
  const rng = new Random(bootstrapSeed);
  const slopes: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const ys = byX.map((v) => mean(v.map(() => v[rng.integer(v.length)])));
    slopes.push(fitPowerLaw(xs, ys).slope);
  }
  const sm = mean(slopes);
  const sd = Math.sqrt(slopes.reduce((a, s) => a + (s - sm) ** 2, 0) / Math.max(1, slopes.length - 1));
  const resampled = byX.some((ys) => ys.length > 1);
  return { slope: fit.slope, slopeSE: resampled ? sd : NaN, prefactor: fit.prefactor, points, complete };
}

/** A record of p1TrainRun: its spec, settings, axis values and seed, and its result fields (absent when the run errored). */
export type P1Row = Omit<Partial<P1TrainResult>, 'status'> & {
  spec: Spec;
  settings: P1TrainSettings;
  /** The point's axis values (labels included) and seed. */
  values: Record<string, unknown>;
  seed: number;
  status: string;
  error: string | null;
};

/** The rows of a SpecGrid sweep of p1TrainRun, with the run status ('ok' | 'diverged' | 'error') and the result fields. */
export function p1Rows(records: readonly SweepRecord[]): P1Row[] {
  return records.map((r) => {
    const { spec: _spec, settings, ...values } = r.config;
    if (!r.spec) throw new Error(`p1Rows: record ${r.key} carries no spec (a SpecGrid sweep of p1TrainRun was expected)`);
    return { ...((r.result ?? {}) as Partial<P1TrainResult>), spec: r.spec, settings: settings as P1TrainSettings, values, seed: values.seed as number, status: r.status, error: r.error };
  });
}

/** The probe summary at step t of a row (undefined when absent). */
export function probeAt(row: P1Row, step: number) {
  return row.probes?.find((p) => p.step === step);
}

/** Wall-clock seconds of a sweep that were computed now (0 when everything came from the cache). */
export function sweepSeconds(result: SweepResult): number {
  return result.progress.elapsedSeconds ?? 0;
}
