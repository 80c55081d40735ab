/**
 * Group-wise summaries the figures use: mean ± standard error over seeds, and the argmin of a metric along a grid
 * axis per group (the optimal learning rate per width) with its grid neighbours and a parabola-refined optimum.
 * FIGURES.md "Statistics"; power-law slopes live in fit.ts, extrapolation to the limit in finite-size.ts.
 */
import * as dfd from 'danfojs-node';
import { frameToRecords, recordsToFrame, type FrameRecord } from './dataframe';

/** Records or a DataFrame (converted with frameToRecords). */
export type GroupInput = readonly FrameRecord[] | dfd.DataFrame;

function asRecords(rows: GroupInput): readonly FrameRecord[] {
  return Array.isArray(rows) ? rows : frameToRecords(rows as dfd.DataFrame);
}

function checkColumns(rows: readonly FrameRecord[], names: readonly string[], field: string): void {
  if (rows.length === 0) return;
  for (const name of names) {
    if (!rows.some((r) => name in r)) throw new Error(`${field}: column '${name}' is not in the rows`);
  }
}

/** Split rows into groups by the values of `by` (insertion order of first appearance). */
export function groupRows(rows: GroupInput, by: readonly string[]): { key: FrameRecord; rows: FrameRecord[] }[] {
  const list = asRecords(rows);
  checkColumns(list, by, 'by');
  const groups = new Map<string, { key: FrameRecord; rows: FrameRecord[] }>();
  for (const r of list) {
    const key: FrameRecord = {};
    for (const b of by) key[b] = r[b] ?? null;
    const id = JSON.stringify(by.map((b) => key[b]));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(r);
  }
  return [...groups.values()];
}

export interface MeanOverSeedsOptions {
  /** Columns that identify a group (e.g. ['width', 'learningRate']). */
  by: readonly string[];
  /** Numeric columns to summarise (e.g. ['loss']). */
  values: readonly string[];
}

/**
 * Per group g and value column v: the mean ȳ = (1/n) Σ yᵢ, the standard error s/√n with s² = Σ(yᵢ − ȳ)²/(n − 1),
 * and n, over the rows whose v is a finite number (diverged runs with NaN/null are left out and counted in
 * `v_dropped`). Output columns: the `by` keys, then `v_mean`, `v_se` (NaN when n < 2), `v_n`, `v_dropped`.
 */
export function meanOverSeeds(rows: GroupInput, options: MeanOverSeedsOptions): FrameRecord[] {
  if (!options || !Array.isArray(options.by) || !Array.isArray(options.values) || options.values.length === 0) {
    throw new Error('meanOverSeeds: options must be {by: string[], values: string[] (non-empty)}');
  }
  const list = asRecords(rows);
  checkColumns(list, options.values, 'values');
  return groupRows(list, options.by).map(({ key, rows: g }) => {
    const out: FrameRecord = { ...key };
    for (const v of options.values) {
      const ys: number[] = [];
      for (const r of g) {
        const y = r[v];
        if (typeof y === 'number' && Number.isFinite(y)) ys.push(y);
      }
      const n = ys.length;
      let m = 0;
      for (const y of ys) m += y;
      m = n > 0 ? m / n : NaN;
      let ss = 0;
      for (const y of ys) ss += (y - m) * (y - m);
      out[`${v}_mean`] = m;
      out[`${v}_se`] = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN;
      out[`${v}_n`] = n;
      out[`${v}_dropped`] = g.length - n;
    }
    return out;
  });
}

/** meanOverSeeds as a DataFrame. */
export function meanOverSeedsFrame(rows: GroupInput, options: MeanOverSeedsOptions): dfd.DataFrame {
  return recordsToFrame(meanOverSeeds(rows, options));
}

export interface ArgminGridPoint {
  x: number;
  metric: number;
}

export interface ArgminResult {
  /** The group's key values. */
  key: FrameRecord;
  /** x* on the grid: the x with the smallest finite metric. */
  best: number;
  /** The metric at x*. */
  metric: number;
  /** Index of x* in the group's sorted grid. */
  index: number;
  /** Grid neighbours of x* (null at an edge or when the neighbour's metric is not finite). */
  left: ArgminGridPoint | null;
  right: ArgminGridPoint | null;
  /** True when x* is the smallest or largest x of the grid: the optimum may lie outside it. */
  atEdge: boolean;
  /**
   * Vertex of the parabola through (u, metric) at x* and its two neighbours, u = ln x (or x with logX false),
   * mapped back to x; equals `best` at an edge or when the three points are not convex.
   */
  refined: number;
  /** All (x, metric) of the group sorted by x. */
  grid: ArgminGridPoint[];
}

/**
 * For each group (by `by`), the argmin over x of a metric: x* = argmin_x metric(x), with neighbours on the sorted
 * grid and a three-point parabolic refinement: for u₋ < u₀ < u₊ and values y₋, y₀, y₊ the vertex is
 *   u* = u₀ − ½ [(u₀−u₋)²(y₀−y₊) − (u₀−u₊)²(y₀−y₋)] / [(u₀−u₋)(y₀−y₊) − (u₀−u₊)(y₀−y₋)].
 * GroupInput with a non-finite metric (diverged) are ignored for the argmin. Each x may appear once per group: average
 * seeds first with meanOverSeeds. A group with no finite metric yields best = NaN.
 */
export function argminPerGroup(
  rows: GroupInput,
  options: { by: readonly string[]; x: string; metric: string; logX?: boolean },
): ArgminResult[] {
  const list = asRecords(rows);
  checkColumns(list, [options.x, options.metric], 'x/metric');
  const logX = options.logX ?? true;
  return groupRows(list, options.by).map(({ key, rows: g }) => {
    const grid: ArgminGridPoint[] = g.map((r) => {
      const x = r[options.x];
      const m = r[options.metric];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`x: '${options.x}' must be a finite number, got ${String(x)}`);
      if (logX && !(x > 0)) throw new Error(`x: '${options.x}' must be positive with logX (got ${x}); pass logX: false`);
      return { x, metric: typeof m === 'number' && Number.isFinite(m) ? m : NaN };
    });
    grid.sort((a, b) => a.x - b.x);
    for (let i = 1; i < grid.length; i++) {
      if (grid[i].x === grid[i - 1].x) {
        throw new Error(`x: ${options.x}=${grid[i].x} appears twice in group ${JSON.stringify(key)}; average seeds first (meanOverSeeds)`);
      }
    }
    let index = -1;
    for (let i = 0; i < grid.length; i++) {
      if (Number.isFinite(grid[i].metric) && (index < 0 || grid[i].metric < grid[index].metric)) index = i;
    }
    if (index < 0) {
      return { key, best: NaN, metric: NaN, index, left: null, right: null, atEdge: false, refined: NaN, grid };
    }
    const at = (i: number) => (i >= 0 && i < grid.length && Number.isFinite(grid[i].metric) ? grid[i] : null);
    const left = at(index - 1);
    const right = at(index + 1);
    const best = grid[index].x;
    let refined = best;
    if (left && right) {
      const u = (x: number) => (logX ? Math.log(x) : x);
      const [um, u0, up] = [u(left.x), u(best), u(right.x)];
      const [ym, y0, yp] = [left.metric, grid[index].metric, right.metric];
      const num = (u0 - um) ** 2 * (y0 - yp) - (u0 - up) ** 2 * (y0 - ym);
      const den = (u0 - um) * (y0 - yp) - (u0 - up) * (y0 - ym);
      if (den !== 0) {
        const v = u0 - (0.5 * num) / den;
        if (v >= um && v <= up) refined = logX ? Math.exp(v) : v;
      }
    }
    return { key, best, metric: grid[index].metric, index, left, right, atEdge: index === 0 || index === grid.length - 1, refined, grid };
  });
}
