/**
 * Plan before running (docs/FIGURES.md "Planning a figure"): per figure at a scale, the number of runs, how many are
 * already cached, the training FLOPs (sweep/cost.ts) and the estimated wall time on this machine, t = Σ_runs
 * steps·overhead + flops/throughput (figures/throughput.ts), divided over the worker threads.
 */
import { availableParallelism } from 'node:os';
import type { PaperFigure } from '../experiments/figure';
import type { Scale } from '../notebook/scale';
import { cacheFolder, defaultCacheDir, readCache, runKey } from '../sweep/cache';
import { pointConfig } from '../sweep/spec-run';
import type { GridPoint } from '../sweep/spec-grid';
import { pointFlops } from '../sweep/cost';
import type { Throughput } from './throughput';

export interface FigurePlan {
  id: string;
  /** Points of grid(scale) (and of the figure's extra grids), and how many of them are in the cache. */
  runs: number;
  cached: number;
  /** FLOPs of every run, and of the runs still to compute. */
  flops: number;
  flopsToCompute: number;
  /** Runs whose cost the model cannot tell (no steps/batch/inputs settings and no cost of the figure's own). */
  unknownCost: number;
  /** Estimated wall seconds to compute the missing runs on `workers` threads of this machine. */
  estimatedSeconds: number;
  /** Seconds the cached runs took when they were computed (summed over runs). */
  measuredSeconds: number;
  /**
   * measured/modelled seconds of the cached runs (≥ 3 of them with a cost model), which multiplies the estimate of
   * the missing ones: the figure's own per-run costs (data, probes, model build) calibrate the machine model. 1 if
   * fewer runs are cached.
   */
  calibration: number;
  /** Per run (cache folder/key): its FLOPs, estimated seconds and whether it is cached — figures sharing runs share keys. */
  runsByKey: Map<string, { flops: number; seconds: number; cached: boolean; measured: number }>;
}

/** The cost of one point: the figure's own cost model, else the default of sweep/cost.ts. */
function costOf(figure: PaperFigure<unknown, object, object>, point: GridPoint<object>): { flops: number; steps: number } | null {
  if (figure.cost) {
    const own = figure.cost(point);
    if (own !== null) return own;
  }
  return pointFlops(point);
}

/** The plan of one figure at a scale (cache read from cacheDir, default $TL_CACHE_DIR or data/cache). */
export function planFigure(figure: PaperFigure<unknown, object, object>, scale: Scale, throughput: Throughput, options: { cacheDir?: string; workers?: number } = {}): FigurePlan {
  const workers = options.workers ?? Math.max(1, availableParallelism());
  const cache = readCache(cacheFolder(options.cacheDir ?? defaultCacheDir(), figure.cacheName)).runs;
  const grids = [figure.grid(scale), ...(figure.extraGrids ? figure.extraGrids(scale) : [])];
  const seen = new Set<string>();
  const plan: FigurePlan = { id: figure.id, runs: 0, cached: 0, flops: 0, flopsToCompute: 0, unknownCost: 0, estimatedSeconds: 0, measuredSeconds: 0, calibration: 1, runsByKey: new Map() };
  const modelled = (cost: { flops: number; steps: number }) => Math.max(1, cost.steps) * throughput.overheadSeconds + cost.flops / throughput.flopsPerSecond;
  let seconds = 0;
  let calibrating = { runs: 0, measured: 0, modelled: 0 };
  for (const grid of grids) {
    for (const point of grid.expand()) {
      const key = runKey(pointConfig(point), figure.runReference.name, figure.runReference.version, scale);
      if (seen.has(key)) continue;
      seen.add(key);
      plan.runs++;
      const hit = cache.get(key);
      const cost = costOf(figure, point);
      if (cost === null) plan.unknownCost++;
      else plan.flops += cost.flops;
      const entry = { flops: cost?.flops ?? 0, seconds: 0, cached: !!hit && hit.status !== 'error', measured: 0 };
      plan.runsByKey.set(`${figure.cacheName}/${key}`, entry);
      if (entry.cached) {
        plan.cached++;
        plan.measuredSeconds += hit!.seconds;
        entry.measured = hit!.seconds;
        if (cost !== null) calibrating = { runs: calibrating.runs + 1, measured: calibrating.measured + hit!.seconds, modelled: calibrating.modelled + modelled(cost) };
        continue;
      }
      if (cost !== null) {
        plan.flopsToCompute += cost.flops;
        entry.seconds = modelled(cost);
        seconds += entry.seconds;
      }
    }
  }
  if (calibrating.runs >= 3 && calibrating.modelled > 0 && calibrating.measured > 0) plan.calibration = calibrating.measured / calibrating.modelled;
  for (const entry of plan.runsByKey.values()) entry.seconds *= plan.calibration;
  plan.estimatedSeconds = (seconds * plan.calibration) / Math.min(workers, Math.max(1, plan.runs - plan.cached));
  return plan;
}

/** A duration for people: 42 s, 3.5 min, 2.1 h, 4.3 days, 2.0 years. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds < 2 * 365 * 86400) return `${(seconds / 86400).toFixed(1)} days`;
  return `${(seconds / (365 * 86400)).toFixed(1)} years`;
}

/** One line per figure and a total: runs (cached), FLOPs, estimated time of what is missing. */
export function formatPlan(plans: FigurePlan[], scale: Scale, throughput: Throughput, workers: number): string {
  const rows = plans.map((p) => [
    p.id, String(p.runs), String(p.cached), p.flops.toExponential(2), p.flopsToCompute.toExponential(2), formatDuration(p.estimatedSeconds),
    p.cached > 0 ? formatDuration(p.measuredSeconds) : '—',
    [p.calibration !== 1 ? `calibrated ×${p.calibration.toFixed(2)} on its cached runs` : '', p.unknownCost > 0 ? `${p.unknownCost} runs without a cost model` : ''].filter(Boolean).join('; '),
  ]);
  // the total counts a run shared by several figures (same cache folder and key) once
  const shared = new Map<string, { flops: number; seconds: number; cached: boolean; measured: number }>();
  for (const p of plans) for (const [k, v] of p.runsByKey) shared.set(k, v);
  const runs = [...shared.values()];
  const total = {
    runs: runs.length, cached: runs.filter((r) => r.cached).length, flops: runs.reduce((s, r) => s + r.flops, 0),
    todo: runs.reduce((s, r) => s + (r.cached ? 0 : r.flops), 0), measured: runs.reduce((s, r) => s + r.measured, 0),
    seconds: runs.reduce((s, r) => s + r.seconds, 0) / Math.min(workers, Math.max(1, runs.filter((r) => !r.cached).length)),
  };
  rows.push(['total (shared runs once)', String(total.runs), String(total.cached), total.flops.toExponential(2), total.todo.toExponential(2), formatDuration(total.seconds), total.cached > 0 ? formatDuration(total.measured) : '—', '']);
  const header = ['figure', 'runs', 'cached', 'FLOPs', 'FLOPs to compute', 'estimated time', 'cached runs took', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [
    `scale ${scale}: ${workers} worker threads; measured on ${throughput.host}: ${(throughput.flopsPerSecond / 1e9).toFixed(2)} GFLOP/s per thread + ${(throughput.overheadSeconds * 1000).toFixed(1)} ms per step`,
    line(header), ...rows.map(line),
    'FLOPs = 6 × parameters × tokens + attention 12·L·S²·n per sequence, plus the centring forward pass. The estimate covers the',
    'runs still to compute, on this machine; "cached runs took" is their summed run time when computed. Analyses (limits, theory) are not counted.',
  ].join('\n');
}
