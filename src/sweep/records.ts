/**
 * From run results to tidy rows: the status of a result (ok | diverged | error), one flat row per run, and the
 * explosion of a per-step series into one row per run × step.
 */
import type { CachedRun } from './cache';
import type { FrameRecord } from '../analysis/dataframe';

/** Typed arrays → arrays, recursively, so results serialise as JSON. */
export function plainResultValue(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plainResultValue);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainResultValue(v);
    return out;
  }
  return value;
}

/**
 * The status of a run's return value: `{status: 'diverged', …}` is diverged; so is a non-finite number under
 * `lossKey` (default 'loss'); a plain number r is read as {[lossKey]: r}. Anything else that is an object is ok.
 */
export function classifyResult(value: unknown, lossKey: string): { status: 'ok' | 'diverged'; result: Record<string, unknown> } {
  let result: Record<string, unknown>;
  if (typeof value === 'number') result = { [lossKey]: value };
  else if (value && typeof value === 'object' && !Array.isArray(value)) result = plainResultValue(value) as Record<string, unknown>;
  else if (value === undefined || value === null) result = {};
  else result = { value: plainResultValue(value) };
  if (result.status === 'diverged') return { status: 'diverged', result };
  if (lossKey in result) {
    const loss = result[lossKey];
    if (typeof loss !== 'number' || !Number.isFinite(loss)) return { status: 'diverged', result };
  }
  if ('status' in result && result.status !== 'ok') result = { ...result, result_status: result.status };
  delete result.status;
  return { status: 'ok', result };
}

/**
 * One flat row per run: index, status, error, seconds, cached, the config's keys, then the result's fields (a
 * field that clashes with a config key or a bookkeeping column is renamed `result_<field>`). Nested values stay
 * nested here; recordsToFrame stores them as JSON strings.
 */
export function runRow(run: CachedRun, index: number, cached: boolean): FrameRecord {
  const row: FrameRecord = { index, status: run.status, error: run.error, seconds: run.seconds, cached, ...run.config };
  for (const [k, v] of Object.entries(run.result ?? {})) {
    if (k === 'status') continue;
    row[k in row ? `result_${k}` : k] = v;
  }
  return row;
}

/**
 * Explode a per-step series field into rows (run × step). The field may hold a list of objects
 * [{step, loss}, …] or an object of equal-length lists {step: […], loss: […]}; each element becomes one row with the
 * run's other columns repeated (a series field overrides a run column of the same name, e.g. the per-step loss
 * replaces the final loss). Rows without the series are kept once, with the series field removed.
 */
export function explodeSeries(rows: readonly FrameRecord[], field: string): FrameRecord[] {
  const out: FrameRecord[] = [];
  for (const row of rows) {
    const series = row[field];
    const base: FrameRecord = { ...row };
    delete base[field];
    if (Array.isArray(series)) {
      series.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) out.push({ ...base, ...(item as FrameRecord) });
        else out.push({ ...base, step: i, [field]: item });
      });
    } else if (series && typeof series === 'object') {
      const cols = Object.entries(series as Record<string, unknown>);
      const n = cols.length > 0 && Array.isArray(cols[0][1]) ? (cols[0][1] as unknown[]).length : 0;
      for (const [k, v] of cols) {
        if (!Array.isArray(v) || v.length !== n) throw new Error(`explode: series '${field}.${k}' must be a list of length ${n}`);
      }
      for (let i = 0; i < n; i++) out.push({ ...base, ...Object.fromEntries(cols.map(([k, v]) => [k, (v as unknown[])[i]])) });
    } else out.push(base);
  }
  return out;
}
