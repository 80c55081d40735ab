/**
 * A sweep described in JSON, for `transformer-limits sweep <file.json>`:
 *   {"name": "lr-width", "module": "./runs.js", "export": "trainVit", "version": "1",
 *    "grid": {"axes": {"width": [64, 128], "learningRate": [0.01, 0.1]}, "fixed": {"steps": 50}},
 *    "seeds": 3, "scale": "smoke", "workers": 2, "out": "lr-width.csv"}
 * Relative paths (module, out, cacheDir) are relative to the JSON file. `grid` may also be a plain record of axes.
 * Optional: cacheDir, explode (series field), lossKey, timeoutSeconds (per run), executor ('threads' | 'slurm'), slurm (sbatch settings, see
 * SlurmSettings: {"partition": "gpu", "time": "2:00:00", "runsPerTask": 4, …}), detach. Any other field is refused,
 * naming the nearest valid one. Writes the tidy frame as CSV and returns the result.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sweep, type SweepResult } from './sweep';
import type { GridSpec } from './grid';
import { cacheFolder, defaultCacheDir } from './cache';
import type { SlurmSettings } from './slurm-settings';
import { writeCsv } from '../analysis/dataframe';
import { checkKnownKeys } from '../spec/validate';

/** The JSON form of a sweep. */
export interface SweepDescription {
  name: string;
  module: string;
  export: string;
  version: string;
  grid: GridSpec | Record<string, unknown[]>;
  seeds?: number | number[];
  scale?: string;
  workers?: number;
  out?: string;
  cacheDir?: string;
  explode?: string;
  lossKey?: string;
  timeoutSeconds?: number;
  executor?: 'threads' | 'slurm';
  slurm?: SlurmSettings;
  detach?: boolean;
}

const gridKeys = ['axes', 'zip', 'fixed', 'seeds', 'exclude'];
const descriptionKeys = [
  'name', 'module', 'export', 'version', 'grid', 'seeds', 'scale', 'workers', 'out', 'cacheDir', 'explode', 'lossKey',
  'timeoutSeconds', 'executor', 'slurm', 'detach',
];

function requireString(d: Record<string, unknown>, field: string, file: string): string {
  const v = d[field];
  if (typeof v !== 'string' || v === '') throw new Error(`${file}: field '${field}' must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Run the sweep described in a JSON file and write its frame as CSV to `out` (default
 * <cacheDir>/<name>/results.csv). Returns the sweep result and the CSV path.
 */
export async function runSweepFromFile(
  path: string,
  overrides: { progress?: boolean | 'auto'; executor?: 'threads' | 'slurm'; detach?: boolean } = {},
): Promise<SweepResult & { csvPath: string }> {
  const file = resolve(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`sweep file ${file}: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`sweep file ${file}: expected a JSON object`);
  const d = parsed as Record<string, unknown>;
  checkKnownKeys('', `the sweep file ${file}`, d, descriptionKeys);
  const base = dirname(file);
  const name = requireString(d, 'name', file);
  const module = resolve(base, requireString(d, 'module', file));
  const exportName = requireString(d, 'export', file);
  const version = d.version === undefined ? '1' : String(d.version);
  const rawGrid = (d.grid ?? {}) as Record<string, unknown>;
  if (typeof rawGrid !== 'object' || Array.isArray(rawGrid)) throw new Error(`${file}: field 'grid' must be an object`);
  const grid: GridSpec = Object.keys(rawGrid).some((k) => gridKeys.includes(k))
    ? { ...(rawGrid as GridSpec) }
    : { axes: rawGrid as Record<string, unknown[]> };
  if (d.seeds !== undefined) grid.seeds = d.seeds as GridSpec['seeds'];
  const cacheDir = typeof d.cacheDir === 'string' ? resolve(base, d.cacheDir) : defaultCacheDir();
  const result = await sweep(grid, { module, name: exportName, version }, {
    name,
    scale: typeof d.scale === 'string' ? d.scale : undefined,
    workers: d.workers === undefined ? undefined : Number(d.workers),
    cacheDir,
    explode: typeof d.explode === 'string' ? d.explode : undefined,
    lossKey: typeof d.lossKey === 'string' ? d.lossKey : undefined,
    timeoutSeconds: d.timeoutSeconds as number | undefined,
    progress: overrides.progress ?? 'auto',
    executor: overrides.executor ?? (d.executor as SweepDescription['executor']),
    slurm: d.slurm as SlurmSettings | undefined,
    detach: overrides.detach ?? (d.detach === undefined ? undefined : d.detach === true),
  });
  const csvPath = typeof d.out === 'string' ? resolve(base, d.out) : resolve(cacheFolder(cacheDir, name), 'results.csv');
  writeCsv(result.frame, csvPath);
  return { ...result, csvPath };
}
