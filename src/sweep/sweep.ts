/**
 * sweep(grid, run, options): every config of a grid × seeds, run in worker threads of this process or as a SLURM
 * job array, each finished run stored in the on-disk cache (one file per run), cached runs reused, the whole
 * returned as a tidy danfojs DataFrame plus the raw records.
 * A run that throws is recorded with status 'error' and its message; a non-finite loss (or a returned
 * {status: 'diverged'}) is status 'diverged'; the sweep goes on. Killing the process loses no finished run.
 */
import * as dfd from 'danfojs-node';
import { availableParallelism } from 'node:os';
import { expandGrid, type GridSpec, type SweepConfig } from './grid';
import {
  cacheFolder, defaultCacheDir, finishedRun, migrateLegacyCache, readCache, removeStaleTemporaries, runKey, serialiseRun, writeCachedRun,
  type CachedRun, type RunOutcome,
} from './cache';
import { checkTimeoutSeconds, timeoutMessage, WorkerPool, type RunContext, type RunFunction, type RunReference } from './pool';
import { defaultOnProgress, ProgressTracker, progressOutput, type SweepProgress } from './progress';
import { checkConfigColumns, explodeSeries, runRow } from './records';
import { runOnSlurm, type FailedTask } from './slurm-executor';
import { resolveSlurmSettings, type SlurmSettings } from './slurm-settings';
import { recordsToFrame, type FrameRecord } from '../analysis/dataframe';
import { checkKnownKeys, type AllKeysListed } from '../spec/validate';
import type { ParameterTable, Spec } from '../spec/types';
import { isSpecGrid, type GridPoint, type SpecGrid } from './spec-grid';
import { pointConfig } from './spec-run';

/** A run given as a function, executed in this thread (no parallelism; for notebooks and closures). */
export interface InlineRun {
  name: string;
  version: string;
  fn: RunFunction;
}

export interface SweepOptions {
  /** Cache folder name under the cache directory (letters, digits, . _ -). */
  name: string;
  /** Scale label passed to runs and part of the cache key (default 'default'). */
  scale?: string;
  /** Worker threads (default: one per core, at most the number of runs to compute). Ignored for inline runs. */
  workers?: number;
  /** Cache root (default $TL_CACHE_DIR or <project>/data/cache). */
  cacheDir?: string;
  /** Read and write the cache (default true). */
  cache?: boolean;
  /** Recompute runs cached with status 'error' (default true). */
  retryErrors?: boolean;
  /** Result field read as the loss for divergence (default 'loss'). */
  lossKey?: string;
  /**
   * Per-run time limit in seconds (default: none). A run without a result by then is recorded with status 'error' and
   * an error starting 'timeout', and the sweep goes on: in worker threads its worker is terminated and replaced; an
   * inline run is abandoned at its next await (a synchronous inline run cannot be interrupted). Under executor
   * 'slurm' the job's own time limit applies instead.
   */
  timeoutSeconds?: number;
  /** A result field holding a per-step series to explode into rows run × step in `frame`. */
  explode?: string;
  /** Progress on stderr: true (a bar on a terminal, else a line every 10 % or 10 s), false, or 'auto' (default: a bar on a terminal only). */
  progress?: boolean | 'auto';
  /** Called after every finished run (and once at the start with the cached runs counted); default: a live line in a notebook. */
  onProgress?: (progress: SweepProgress) => void;
  /**
   * Where runs are computed (default $TL_EXECUTOR, else 'threads'): 'threads' = worker threads of this process;
   * 'slurm' = one `sbatch --array` job whose tasks run their chunks of the missing runs (needs the cache, on a
   * filesystem the compute nodes share). Inline runs always run in this thread.
   */
  executor?: 'threads' | 'slurm';
  /** sbatch settings for executor 'slurm' (each falls back to its TL_SLURM_* environment variable). */
  slurm?: SlurmSettings;
  /**
   * With executor 'slurm': submit and return at once (unfinished runs have status 'pending'); calling the same sweep
   * again later gathers what has finished and submits only runs that are neither finished nor still queued.
   */
  detach?: boolean;
}

export interface SweepResult {
  /** Tidy frame: one row per run (or per run × step with `explode`), in grid order. */
  frame: dfd.DataFrame;
  /** The same rows as plain objects (nested values kept). */
  rows: FrameRecord[];
  /** The cache lines of every run, in grid order; a SpecGrid's records also carry their spec and parameter table. */
  records: SweepRecord[];
  /** A SpecGrid's points in grid order (spec, table, seed, settings, axis values); empty for a plain grid. */
  points: GridPoint<object>[];
  /** Final counts and timing. */
  progress: SweepProgress;
  /** The sweep's cache folder (null with cache: false): runs/<key>.json per run, slurm/ per submission. */
  cachePath: string | null;
  /** With executor 'slurm': the array jobs, and the tasks that ended without storing all their runs. */
  slurm?: { jobs: string[]; failedTasks: FailedTask[]; pending: number };
}

/** A finished run as a sweep returns it: the cache line, plus (SpecGrid sweeps) the spec and table it ran. */
export type SweepRecord<R = Record<string, unknown>> = Omit<CachedRun, 'result'> & { result: R | null; spec?: Spec; table?: ParameterTable };

const sweepOptionKeys = [
  'name', 'scale', 'workers', 'cacheDir', 'cache', 'retryErrors', 'lossKey', 'timeoutSeconds', 'explode', 'progress', 'onProgress',
  'executor', 'slurm', 'detach',
] as const;
const sweepOptionKeysComplete: AllKeysListed<SweepOptions, typeof sweepOptionKeys> = true;
void sweepOptionKeysComplete;

function isInline(run: RunReference | InlineRun): run is InlineRun {
  return typeof (run as InlineRun).fn === 'function';
}

const executors = ['threads', 'slurm'];

/** The executor asked for: options, else $TL_EXECUTOR (which quietly falls back to threads where slurm cannot apply). */
function chooseExecutor(options: SweepOptions, inline: boolean, useCache: boolean): 'threads' | 'slurm' {
  const fromOptions = options.executor !== undefined;
  const asked = fromOptions ? options.executor : process.env.TL_EXECUTOR?.trim() || 'threads';
  if (!executors.includes(asked as string)) {
    throw new Error(`${fromOptions ? 'executor' : 'TL_EXECUTOR'}: expected one of ${executors.join(', ')}, got ${JSON.stringify(asked)}`);
  }
  if (asked !== 'slurm') return 'threads';
  if (inline || !useCache) {
    if (!fromOptions) return 'threads'; // a notebook's inline or uncached sweep under figures --executor slurm
    throw new Error(
      inline
        ? "executor: 'slurm' needs a run given as {module, name, version} (a function cannot be sent to another process)"
        : "executor: 'slurm' needs the cache (cache: false was given): array tasks hand their results back through it",
    );
  }
  return 'slurm';
}

/**
 * Run fn(config, {scale, key, index}) for every config of expandGrid(grid) (THEORY-free plumbing; FIGURES.md
 * "Sweeps"). Cache key per run = runKey(config, run.name, run.version, scale). Returns rows in grid order.
 * Given a SpecGrid, the configs are its points ({…axis values, seed, spec, settings}, figures/spec-run.ts: the key
 * covers the resolved spec and the settings), the run is a specRun, the frame's columns are the axis values and the
 * seed, and every record carries its spec and table.
 */
export async function sweep(grid: GridSpec | SpecGrid<object, object>, run: RunReference | InlineRun, options: SweepOptions): Promise<SweepResult> {
  if (!options || typeof options !== 'object') throw new Error('options: expected {name, …}');
  checkKnownKeys('', "sweep's options", options, sweepOptionKeys);
  if (!run || typeof run.name !== 'string' || typeof run.version !== 'string') {
    throw new Error(`run: expected {module, name, version} or {name, version, fn}, got ${JSON.stringify(run)}`);
  }
  const scale = options.scale ?? 'default';
  const lossKey = options.lossKey ?? 'loss';
  const useCache = options.cache ?? true;
  const executor = chooseExecutor(options, isInline(run), useCache);
  const settings = executor === 'slurm' ? resolveSlurmSettings(options.slurm) : undefined;
  const folder = cacheFolder(options.cacheDir ?? defaultCacheDir(), options.name);
  const points = isSpecGrid(grid) ? grid.expand() : [];
  const configs = isSpecGrid(grid) ? points.map(pointConfig) : expandGrid(grid);
  checkConfigColumns(configs);
  const timeoutSeconds = checkTimeoutSeconds(options.timeoutSeconds);
  const keys = configs.map((c) => runKey(c, run.name, run.version, scale));
  if (useCache) {
    migrateLegacyCache(folder);
    removeStaleTemporaries(folder);
  }
  const cached = useCache ? readCache(folder).runs : new Map<string, CachedRun>();
  const retry = options.retryErrors ?? true;
  const onProgress = options.onProgress ?? defaultOnProgress(options.name);
  const output = progressOutput(options.progress);
  const tracker = new ProgressTracker(options.name, configs.length, output, onProgress);

  const results: (CachedRun | undefined)[] = new Array(configs.length);
  const wasCached: boolean[] = new Array(configs.length).fill(false);
  const todo: number[] = [];
  const firstIndex = new Map<string, number>();
  configs.forEach((_, i) => {
    const hit = cached.get(keys[i]);
    if (hit && !(retry && hit.status === 'error')) {
      results[i] = hit;
      wasCached[i] = true;
      tracker.add('cached', hit.status as 'ok' | 'diverged' | 'error');
    } else if (firstIndex.has(keys[i])) {
      // the same config twice in the grid: computed once
    } else {
      firstIndex.set(keys[i], i);
      todo.push(i);
    }
  });
  tracker.report();

  const finish = (i: number, config: SweepConfig, outcome: RunOutcome) => {
    const entry = finishedRun({ key: keys[i], run: run.name, version: run.version, scale, config }, outcome, lossKey);
    if (useCache) writeCachedRun(folder, entry);
    results[i] = JSON.parse(serialiseRun(entry)) as CachedRun; // identical to what a later call reads back
    tracker.add('computed', entry.status as 'ok' | 'diverged' | 'error');
    tracker.report();
  };

  let slurmSummary: SweepResult['slurm'];
  if (todo.length > 0 && executor === 'slurm' && !isInline(run)) {
    const stale = new Map(todo.filter((i) => cached.has(keys[i])).map((i) => [keys[i], cached.get(keys[i])!.finishedAt]));
    const outcome = await runOnSlurm({
      folder, sweepName: options.name, run, scale, lossKey, settings: settings!, detach: options.detach ?? false, stale,
      runs: todo.map((i) => ({ key: keys[i], index: i, config: configs[i] })),
      onFinished: (r) => {
        tracker.add('computed', r.status as 'ok' | 'diverged' | 'error');
        tracker.report();
      },
      onTasks: (counts) => {
        tracker.state.slurm = counts;
        tracker.report();
      },
    });
    for (const i of todo) results[i] = outcome.finished.get(keys[i]) ?? outcome.unfinished.get(keys[i]);
    const pending = [...outcome.unfinished.values()].filter((r) => r.status === 'pending').length;
    slurmSummary = { jobs: outcome.jobs, failedTasks: outcome.failedTasks, pending };
    for (const r of outcome.unfinished.values()) if (r.status === 'error') tracker.add('computed', 'error');
    if (output !== 'none') {
      for (const f of outcome.failedTasks) {
        process.stderr.write(`\n${options.name}: SLURM task ${f.job} ended ${f.state} with ${f.missingRuns} runs unfinished; log: ${f.log}`);
      }
    }
  } else if (todo.length > 0 && isInline(run)) {
    for (const i of todo) {
      const context: RunContext = { scale, key: keys[i], index: i };
      const t0 = process.hrtime.bigint();
      let outcome: RunOutcome;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const value = await (timeoutSeconds === undefined || !Number.isFinite(timeoutSeconds)
          ? run.fn(configs[i], context)
          : Promise.race([
            Promise.resolve().then(() => run.fn(configs[i], context)),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(timeoutMessage(timeoutSeconds))), timeoutSeconds * 1000);
            }),
          ]));
        outcome = { ok: true, value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
      } catch (e) {
        outcome = { ok: false, error: e instanceof Error ? e.message : String(e), seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
      } finally {
        clearTimeout(timer);
      }
      finish(i, configs[i], outcome);
    }
  } else if (todo.length > 0) {
    const size = Math.min(options.workers ?? Math.max(1, availableParallelism()), todo.length);
    const pool = new WorkerPool(run as RunReference, size, timeoutSeconds);
    try {
      const all = Promise.all(
        todo.map((i) => pool.run(configs[i], { scale, key: keys[i], index: i }).then((o) => finish(i, configs[i], o))),
      );
      await Promise.race([all, pool.failed()]);
    } finally {
      await pool.close();
    }
  }
  // duplicates of a computed config share its result
  configs.forEach((_, i) => {
    if (!results[i]) results[i] = results[firstIndex.get(keys[i])!];
  });
  tracker.report(true);

  const records: SweepRecord[] = points.length > 0 ? results.map((r, i) => ({ ...r!, spec: points[i].spec, table: points[i].table })) : (results as CachedRun[]);
  let rows = records.map((r, i) => runRow(r, i, wasCached[i]));
  if (points.length > 0) {
    for (const row of rows) {
      delete row.spec;
      delete row.settings;
    }
  }
  if (options.explode) rows = explodeSeries(rows, options.explode);
  return {
    frame: recordsToFrame(rows), rows, records, points, progress: { ...tracker.state }, cachePath: useCache ? folder : null,
    ...(slurmSummary ? { slurm: slurmSummary } : {}),
  };
}

/**
 * Every run in a sweep's cache (whatever grid produced it), as rows in cache order: for looking at finished work
 * without running anything. Filter by run name/version/scale when given.
 */
export function cachedSweepRows(
  name: string,
  options: { cacheDir?: string; run?: string; version?: string; scale?: string; explode?: string } = {},
): FrameRecord[] {
  const runs = [...readCache(cacheFolder(options.cacheDir ?? defaultCacheDir(), name)).runs.values()].filter(
    (r) =>
      (options.run === undefined || r.run === options.run) &&
      (options.version === undefined || r.version === options.version) &&
      (options.scale === undefined || r.scale === options.scale),
  );
  const rows = runs.map((r, i) => runRow(r, i, true));
  return options.explode ? explodeSeries(rows, options.explode) : rows;
}
