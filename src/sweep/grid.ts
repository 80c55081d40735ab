/**
 * Sweep grids: the cartesian product of named axes, zipped axes that vary together, filters, times seeds.
 * A config is one plain-JSON object (the keys of every axis, plus `seed`), the unit a run receives and the cache keys.
 */

/** A plain-JSON config: one point of the grid. */
export type SweepConfig = Record<string, unknown>;

export interface GridSpec {
  /** Named axes; the grid is their cartesian product, first axis slowest, e.g. {width: [64, 128], lr: [0.1, 1]}. */
  axes?: Record<string, readonly unknown[]>;
  /**
   * Groups of axes that vary together, each group a record of equal-length lists, e.g.
   * [{heads: [1, 2, 4], headDim: [64, 32, 16]}]: three points, not nine. Each group counts as one axis of the product.
   */
  zip?: readonly Record<string, readonly unknown[]>[];
  /** Constants merged into every config (e.g. {steps: 200}). */
  fixed?: Record<string, unknown>;
  /** Seeds: a count n (seeds 0 … n−1) or an explicit list. Default: a single seed 0. The innermost axis. */
  seeds?: number | readonly number[];
  /** Keep only the configs where this returns true (programmatic grids only; JSON grids use `exclude`). */
  filter?: (config: SweepConfig) => boolean;
  /** Drop every config that matches all fields of one of these partial configs (JSON-friendly filter). */
  exclude?: readonly Record<string, unknown>[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function seedList(seeds: GridSpec['seeds']): number[] {
  if (seeds === undefined) return [0];
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`seeds: expected a positive integer count or a list, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => i);
  }
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isFinite(s))) {
    throw new Error(`seeds: expected a non-empty list of finite numbers, got ${JSON.stringify(seeds)}`);
  }
  return [...seeds];
}

/**
 * All configs of a grid in a fixed order: axes (declaration order, first slowest), then zip groups, then seeds
 * (innermost). Size before filters = Π|axis| · Π|zip group| · |seeds|. Throws on an empty axis, unequal zipped
 * lengths, or a key defined twice.
 */
export function expandGrid(grid: GridSpec): SweepConfig[] {
  if (!grid || typeof grid !== 'object') throw new Error(`grid: expected an object, got ${String(grid)}`);
  const factors: SweepConfig[][] = [];
  const seen = new Set<string>(Object.keys(grid.fixed ?? {}));
  const claim = (key: string) => {
    if (seen.has(key)) throw new Error(`grid: key '${key}' is defined twice (axes, zip, fixed and 'seed' must be distinct)`);
    seen.add(key);
  };
  for (const [key, values] of Object.entries(grid.axes ?? {})) {
    claim(key);
    if (!Array.isArray(values) || values.length === 0) throw new Error(`axes.${key}: expected a non-empty list, got ${JSON.stringify(values)}`);
    factors.push(values.map((v) => ({ [key]: v })));
  }
  (grid.zip ?? []).forEach((group, g) => {
    const keys = Object.keys(group);
    if (keys.length === 0) throw new Error(`zip[${g}]: expected at least one axis`);
    const n = group[keys[0]].length;
    for (const key of keys) {
      claim(key);
      if (!Array.isArray(group[key]) || group[key].length !== n || n === 0) {
        throw new Error(`zip[${g}].${key}: expected a list of length ${n} like '${keys[0]}' (non-empty), got ${JSON.stringify(group[key])}`);
      }
    }
    factors.push(Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, group[k][i]]))));
  });
  claim('seed');
  factors.push(seedList(grid.seeds).map((seed) => ({ seed })));
  let configs: SweepConfig[] = [{ ...(grid.fixed ?? {}) }];
  for (const factor of factors) {
    const next: SweepConfig[] = [];
    for (const c of configs) for (const f of factor) next.push({ ...c, ...f });
    configs = next;
  }
  if (grid.exclude) {
    configs = configs.filter((c) => !grid.exclude!.some((ex) => Object.entries(ex).every(([k, v]) => sameValue(c[k], v))));
  }
  if (grid.filter) configs = configs.filter((c) => grid.filter!(c));
  return configs;
}
