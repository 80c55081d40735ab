/**
 * The on-disk run cache: one JSON line per finished run in <cacheDir>/<sweep name>/runs.jsonl, keyed by a hash of
 * (config, run name, run version, scale). Appends are one appendFileSync of a complete line, so a process killed at
 * any moment leaves at most a truncated last line, which readers ignore and writers fence off with a newline.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/** One cache line. */
export interface CachedRun {
  key: string;
  run: string;
  version: string;
  scale: string;
  config: Record<string, unknown>;
  status: 'ok' | 'diverged' | 'error';
  /** The run function's return value (numbers that are not finite are stored as null). */
  result: Record<string, unknown> | null;
  error: string | null;
  /** Wall-clock seconds the run took. */
  seconds: number;
  /** ISO time the run finished. */
  finishedAt: string;
}

/** The toolkit's checkout (the folder holding package.json named transformer-limits), or null. */
export function projectRoot(): string | null {
  const starts = [typeof __dirname === 'string' ? __dirname : '', process.cwd()].filter(Boolean);
  for (const start of starts) {
    let dir = resolve(start);
    try {
      dir = realpathSync(dir);
    } catch {
      /* keep dir */
    }
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg)) {
        try {
          if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'transformer-limits') return dir;
        } catch {
          /* not ours */
        }
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}

/** Where caches live: options.cacheDir, else $TL_CACHE_DIR, else <project>/data/cache, else ./data/cache. */
export function defaultCacheDir(): string {
  if (process.env.TL_CACHE_DIR) return resolve(process.env.TL_CACHE_DIR);
  return join(projectRoot() ?? process.cwd(), 'data', 'cache');
}

/** The cache file of a sweep; the name must be a plain folder name. */
export function cacheFile(cacheDir: string, sweepName: string): string {
  if (typeof sweepName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(sweepName)) {
    throw new Error(`name: expected a folder name of letters, digits, '.', '_' or '-', got ${JSON.stringify(sweepName)}`);
  }
  return join(cacheDir, sweepName, 'runs.jsonl');
}

/**
 * Every complete, parseable line of a cache file (later lines win for the same key). A last line without its
 * newline (a killed writer) and unparseable lines are skipped and counted.
 */
export function readCache(path: string): { runs: Map<string, CachedRun>; skipped: number } {
  const runs = new Map<string, CachedRun>();
  if (!existsSync(path)) return { runs, skipped: 0 };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  let skipped = lines[lines.length - 1] === '' ? 0 : 1; // text not ending in '\n': truncated tail
  for (const line of lines.slice(0, -1)) {
    if (line.trim() === '') continue;
    try {
      const run = JSON.parse(line) as CachedRun;
      if (typeof run.key !== 'string' || typeof run.status !== 'string') throw new Error('not a run');
      runs.set(run.key, run);
    } catch {
      skipped++;
    }
  }
  return { runs, skipped };
}

/** One cache line without its newline (numbers that are not finite → null). */
export function serialiseRun(run: CachedRun): string {
  return JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/** Appends cache lines to one file; the first append fences off a truncated tail with a newline. */
export class CacheWriter {
  private fenced = false;
  constructor(readonly path: string) {}

  append(run: CachedRun): void {
    const line = serialiseRun(run) + '\n';
    if (!this.fenced) {
      mkdirSync(dirname(this.path), { recursive: true });
      if (existsSync(this.path)) {
        const text = readFileSync(this.path, 'utf8');
        if (text.length > 0 && !text.endsWith('\n')) appendFileSync(this.path, '\n');
      }
      this.fenced = true;
    }
    appendFileSync(this.path, line);
  }
}
