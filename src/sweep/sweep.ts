/**
 * sweep(grid, run, options): every config of a grid × seeds, run in worker threads, each finished run appended to
 * an on-disk cache, cached runs reused, the whole returned as a tidy danfojs DataFrame plus the raw records.
 * A run that throws is recorded with status 'error' and its message; a non-finite loss (or a returned
 * {status: 'diverged'}) is status 'diverged'; the sweep goes on. Killing the process loses no finished run.
 */
import * as dfd from 'danfojs-node';
import { availableParallelism } from 'node:os';
import { expandGrid, type GridSpec, type SweepConfig } from './grid';
import { CacheWriter, cacheFile, serialiseRun, defaultCacheDir, readCache, runKey, type CachedRun } from './cache';
import { WorkerPool, type JobOutcome, type RunContext, type RunFunction, type RunReference } from './pool';
import { ProgressTracker, type SweepProgress } from './progress';
import { classifyResult, explodeSeries, runRow } from './records';
import { recordsToFrame, type FrameRecord } from '../analysis/dataframe';

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
  /** A result field holding a per-step series to explode into rows run × step in `frame`. */
  explode?: string;
  /** Terminal bar on stderr: true, false, or 'auto' (default: only when stderr is a TTY). */
  progress?: boolean | 'auto';
  /** Called after every finished run (and once at the start with the cached runs counted). */
  onProgress?: (progress: SweepProgress) => void;
}

export interface SweepResult {
  /** Tidy frame: one row per run (or per run × step with `explode`), in grid order. */
  frame: dfd.DataFrame;
  /** The same rows as plain objects (nested values kept). */
  rows: FrameRecord[];
  /** The cache lines of every run, in grid order. */
  records: CachedRun[];
  /** Final counts and timing. */
  progress: SweepProgress;
  /** The cache file used (null with cache: false). */
  cachePath: string | null;
}

function isInline(run: RunReference | InlineRun): run is InlineRun {
  return typeof (run as InlineRun).fn === 'function';
}

/**
 * Run fn(config, {scale, key, index}) for every config of expandGrid(grid) (THEORY-free plumbing; FIGURES.md
 * "Sweeps"). Cache key per run = runKey(config, run.name, run.version, scale). Returns rows in grid order.
 */
export async function sweep(grid: GridSpec, run: RunReference | InlineRun, options: SweepOptions): Promise<SweepResult> {
  if (!options || typeof options !== 'object') throw new Error('options: expected {name, …}');
  if (!run || typeof run.name !== 'string' || typeof run.version !== 'string') {
    throw new Error(`run: expected {module, name, version} or {name, version, fn}, got ${JSON.stringify(run)}`);
  }
  const scale = options.scale ?? 'default';
  const lossKey = options.lossKey ?? 'loss';
  const useCache = options.cache ?? true;
  const path = cacheFile(options.cacheDir ?? defaultCacheDir(), options.name);
  const configs = expandGrid(grid);
  const keys = configs.map((c) => runKey(c, run.name, run.version, scale));
  const cached = useCache ? readCache(path).runs : new Map<string, CachedRun>();
  const writer = useCache ? new CacheWriter(path) : null;
  const retry = options.retryErrors ?? true;
  const bar = options.progress === 'auto' || options.progress === undefined ? !!process.stderr.isTTY : options.progress;
  const tracker = new ProgressTracker(options.name, configs.length, bar, options.onProgress);

  const results: (CachedRun | undefined)[] = new Array(configs.length);
  const wasCached: boolean[] = new Array(configs.length).fill(false);
  const todo: number[] = [];
  const firstIndex = new Map<string, number>();
  configs.forEach((_, i) => {
    const hit = cached.get(keys[i]);
    if (hit && !(retry && hit.status === 'error')) {
      results[i] = hit;
      wasCached[i] = true;
      tracker.add('cached', hit.status);
    } else if (firstIndex.has(keys[i])) {
      // the same config twice in the grid: computed once
    } else {
      firstIndex.set(keys[i], i);
      todo.push(i);
    }
  });
  tracker.report();

  const finish = (i: number, config: SweepConfig, outcome: JobOutcome) => {
    let entry: CachedRun;
    const base = { key: keys[i], run: run.name, version: run.version, scale, config, seconds: outcome.seconds, finishedAt: new Date().toISOString() };
    if (outcome.ok) {
      const { status, result } = classifyResult(outcome.value, lossKey);
      entry = { ...base, status, result, error: null };
    } else {
      entry = { ...base, status: 'error', result: null, error: outcome.error ?? 'unknown error' };
    }
    writer?.append(entry);
    results[i] = JSON.parse(serialiseRun(entry)) as CachedRun; // identical to what a later call reads back
    tracker.add('computed', entry.status);
    tracker.report();
  };

  if (todo.length > 0) {
    if (isInline(run)) {
      for (const i of todo) {
        const context: RunContext = { scale, key: keys[i], index: i };
        const t0 = process.hrtime.bigint();
        let outcome: JobOutcome;
        try {
          const value = await run.fn(configs[i], context);
          outcome = { ok: true, value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
        } catch (e) {
          outcome = { ok: false, error: e instanceof Error ? e.message : String(e), seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
        }
        finish(i, configs[i], outcome);
      }
    } else {
      const size = Math.min(options.workers ?? Math.max(1, availableParallelism()), todo.length);
      const pool = new WorkerPool(run, size);
      try {
        const all = Promise.all(
          todo.map((i) => pool.run(configs[i], { scale, key: keys[i], index: i }).then((o) => finish(i, configs[i], o))),
        );
        await Promise.race([all, pool.failed()]);
      } finally {
        await pool.close();
      }
    }
  }
  // duplicates of a computed config share its result
  configs.forEach((_, i) => {
    if (!results[i]) results[i] = results[firstIndex.get(keys[i])!];
  });
  tracker.report(true);

  const records = results as CachedRun[];
  let rows = records.map((r, i) => runRow(r, i, wasCached[i]));
  if (options.explode) rows = explodeSeries(rows, options.explode);
  return { frame: recordsToFrame(rows), rows, records, progress: { ...tracker.state }, cachePath: writer ? path : null };
}

/**
 * Every run in a sweep's cache (whatever grid produced it), as rows in cache order: for looking at finished work
 * without running anything. Filter by run name/version/scale when given.
 */
export function cachedSweepRows(
  name: string,
  options: { cacheDir?: string; run?: string; version?: string; scale?: string; explode?: string } = {},
): FrameRecord[] {
  const path = cacheFile(options.cacheDir ?? defaultCacheDir(), name);
  const runs = [...readCache(path).runs.values()].filter(
    (r) =>
      (options.run === undefined || r.run === options.run) &&
      (options.version === undefined || r.version === options.version) &&
      (options.scale === undefined || r.scale === options.scale),
  );
  const rows = runs.map((r, i) => runRow(r, i, true));
  return options.explode ? explodeSeries(rows, options.explode) : rows;
}
