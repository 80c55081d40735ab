/**
 * The on-disk run cache, safe for many writers on many nodes (a shared, possibly NFS, filesystem): one file per
 * finished run, <cacheDir>/<sweep name>/runs/<key>.json, the key a hash of (config, run name, run version, scale).
 * A writer writes a hidden temporary file in the same folder, flushes it to disk, then renames it to <key>.json
 * (rename is atomic, on NFS too), so a reader sees a run's file complete or not at all; a writer killed mid-write
 * leaves only a hidden .tmp file, which readers ignore. Nothing is ever appended to a shared file.
 * The earlier layout, one JSON line per run in <sweep>/runs.jsonl, is still read, and migrated to run files.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { classifyResult } from './records';
import { packagePath } from '../base/paths';

/** JSON with object keys sorted at every level, so equal configs give equal text (and equal hashes). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** The cache key: the first 32 hex digits of sha256(stableStringify({config, run, version, scale})). */
export function runKey(config: unknown, run: string, version: string, scale: string): string {
  return createHash('sha256').update(stableStringify({ config, run, version, scale })).digest('hex').slice(0, 32);
}

/** One finished run, as stored in its cache file. */
export interface CachedRun {
  key: string;
  run: string;
  version: string;
  scale: string;
  config: Record<string, unknown>;
  /** 'pending' only in the result of a detached SLURM sweep (submitted, not finished); never in the cache. */
  status: 'ok' | 'diverged' | 'error' | 'pending';
  /** The run function's return value (numbers that are not finite are stored as null). */
  result: Record<string, unknown> | null;
  error: string | null;
  /** Wall-clock seconds the run took. */
  seconds: number;
  /** ISO time the run finished. */
  finishedAt: string;
}

/** Where caches live: options.cacheDir, else $TL_CACHE_DIR, else <package>/data/cache (base/paths.ts). */
export function defaultCacheDir(): string {
  if (process.env.TL_CACHE_DIR) return resolve(process.env.TL_CACHE_DIR);
  return packagePath('data', 'cache');
}

/** A sweep's cache folder, <cacheDir>/<name>; the name must be a plain folder name. */
export function cacheFolder(cacheDir: string, sweepName: string): string {
  if (typeof sweepName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(sweepName)) {
    throw new Error(`name: expected a folder name of letters, digits, '.', '_' or '-', got ${JSON.stringify(sweepName)}`);
  }
  return join(cacheDir, sweepName);
}

/** The file of one finished run: <folder>/runs/<key>.json (the key is checked, so it cannot leave the folder). */
export function runFilePath(folder: string, key: string): string {
  if (typeof key !== 'string' || !/^[0-9a-f]{32}$/.test(key)) throw new Error(`key: expected 32 hex digits, got ${JSON.stringify(key)}`);
  return join(folder, 'runs', `${key}.json`);
}

/** The earlier single-file layout of a sweep's cache (read and migrated, never written). */
export function legacyCacheFile(folder: string): string {
  return join(folder, 'runs.jsonl');
}

function parseRun(text: string): CachedRun {
  const run = JSON.parse(text) as CachedRun;
  if (!run || typeof run.key !== 'string' || typeof run.status !== 'string') throw new Error('not a run');
  return run;
}

/** The run stored under `key`, or null when there is none (or its file does not parse). */
export function readCachedRun(folder: string, key: string): CachedRun | null {
  const path = runFilePath(folder, key);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const run = parseRun(text);
    return run.key === key ? run : null;
  } catch {
    return null;
  }
}

/** Every complete, parseable line of a runs.jsonl (later lines win); a tail without its newline is skipped. */
function readLegacy(path: string, runs: Map<string, CachedRun>): number {
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, 'utf8').split('\n');
  let skipped = lines[lines.length - 1] === '' ? 0 : 1; // text not ending in '\n': truncated tail
  for (const line of lines.slice(0, -1)) {
    if (line.trim() === '') continue;
    try {
      const run = parseRun(line);
      runs.set(run.key, run);
    } catch {
      skipped++;
    }
  }
  return skipped;
}

/**
 * Every finished run of a sweep's cache folder: the legacy runs.jsonl first (if any), then the run files, which win
 * for the same key. Hidden temporary files (a writer still writing, or killed) are not read; a run file that does
 * not parse is skipped. Both are counted.
 */
export function readCache(folder: string): { runs: Map<string, CachedRun>; skipped: number; partial: number } {
  const runs = new Map<string, CachedRun>();
  let skipped = readLegacy(legacyCacheFile(folder), runs);
  let partial = 0;
  const dir = join(folder, 'runs');
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of names) {
    if (name.startsWith('.')) {
      if (name.endsWith('.tmp')) partial++;
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      const run = parseRun(readFileSync(join(dir, name), 'utf8'));
      if (`${run.key}.json` !== name) throw new Error('key does not match the file name');
      runs.set(run.key, run);
    } catch {
      skipped++;
    }
  }
  return { runs, skipped, partial };
}

/** One run as JSON text (numbers that are not finite → null). */
export function serialiseRun(run: CachedRun): string {
  return JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

let temporaryCount = 0;

/**
 * Store one finished run: write <folder>/runs/.<key>.<host>.<pid>.<n>.tmp, flush it to disk, rename it to <key>.json
 * (replacing an earlier file of the same key). Safe with any number of writers on any number of nodes.
 */
export function writeCachedRun(folder: string, run: CachedRun): string {
  const path = runFilePath(folder, run.key);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${run.key}.${hostname()}.${process.pid}.${temporaryCount++}.tmp`);
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, serialiseRun(run) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  return path;
}

/**
 * Move a legacy runs.jsonl into run files: every run without a file of its own gets one, then runs.jsonl is renamed
 * runs.jsonl.migrated (kept, never deleted). Safe when several processes migrate at once (the files are written
 * before the rename; a rename that lost the race is ignored). Returns the number of runs written.
 */
export function migrateLegacyCache(folder: string): number {
  const legacy = legacyCacheFile(folder);
  if (!existsSync(legacy)) return 0;
  const runs = new Map<string, CachedRun>();
  readLegacy(legacy, runs);
  let written = 0;
  for (const run of runs.values()) {
    if (!/^[0-9a-f]{32}$/.test(run.key) || existsSync(runFilePath(folder, run.key))) continue;
    writeCachedRun(folder, run);
    written++;
  }
  try {
    renameSync(legacy, `${legacy}.migrated`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return written;
}

/** Remove hidden temporary files left by killed writers of this host whose process is gone (pid no longer runs). */
export function removeStaleTemporaries(folder: string): number {
  const dir = join(folder, 'runs');
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const name of readdirSync(dir)) {
    const m = /^\.[0-9a-f]{32}\.(.+)\.(\d+)\.\d+\.tmp$/.exec(name);
    if (!m || m[1] !== hostname()) continue;
    try {
      process.kill(Number(m[2]), 0);
      continue; // the writer still runs
    } catch {
      /* gone */
    }
    try {
      unlinkSync(join(dir, name));
      removed++;
    } catch {
      /* another process removed it */
    }
  }
  return removed;
}

/** Outcome of one run as the executors see it. */
export interface RunOutcome {
  ok: boolean;
  value?: unknown;
  error?: string;
  seconds: number;
}

/**
 * The stored form of a finished run, the same whichever executor ran it: status from classifyResult (ok | diverged),
 * or 'error' with the thrown message.
 */
export function finishedRun(
  base: { key: string; run: string; version: string; scale: string; config: Record<string, unknown> },
  outcome: RunOutcome,
  lossKey: string,
): CachedRun {
  const common = { ...base, seconds: outcome.seconds, finishedAt: new Date().toISOString() };
  if (outcome.ok) {
    const { status, result, error } = classifyResult(outcome.value, lossKey);
    return { ...common, status, result, error };
  }
  return { ...common, status: 'error', result: null, error: outcome.error ?? 'unknown error' };
}
