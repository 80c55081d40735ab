/**
 * From run results to tidy rows: the status of a result (ok | diverged | error), one flat row per run, and the
 * explosion of a per-step series into one row per run × step.
 */
import type { CachedRun } from './cache';
import { checkColumnName, reservedColumnNames, type FrameRecord } from '../analysis/dataframe';

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

/** The statuses a run's own `status` field may carry, and the sweep status each one means. */
export const runStatusMeaning: Readonly<Record<string, 'ok' | 'diverged'>> = { ok: 'ok', completed: 'ok', diverged: 'diverged' };

/**
 * The status of a run's return value (a plain number r is read as {[lossKey]: r}). A `status` field is read, never
 * renamed: 'ok' and 'completed' (a TrainingRecord's) are ok, 'diverged' is diverged, anything else makes the run an
 * error naming the allowed values (its result is kept). A non-finite number under `lossKey` (default 'loss') is
 * diverged whatever the status says.
 */
export function classifyResult(
  value: unknown,
  lossKey: string,
): { status: 'ok' | 'diverged' | 'error'; result: Record<string, unknown>; error: string | null } {
  let result: Record<string, unknown>;
  if (typeof value === 'number') result = { [lossKey]: value };
  else if (value && typeof value === 'object' && !Array.isArray(value)) result = plainResultValue(value) as Record<string, unknown>;
  else if (value === undefined || value === null) result = {};
  else result = { value: plainResultValue(value) };
  if (result.status !== undefined && !Object.prototype.hasOwnProperty.call(runStatusMeaning, String(result.status))) {
    const allowed = Object.keys(runStatusMeaning).map((k) => `'${k}'`).join(', ');
    const shown = typeof result.status === 'string' ? `'${result.status}'` : String(result.status);
    return { status: 'error', result, error: `status: expected a run's status to be one of ${allowed}, got ${shown}` };
  }
  if (lossKey in result) {
    const loss = result[lossKey];
    if (typeof loss !== 'number' || !Number.isFinite(loss)) return { status: 'diverged', result, error: null };
  }
  return { status: result.status !== undefined ? runStatusMeaning[String(result.status)] : 'ok', result, error: null };
}

/** The bookkeeping columns every sweep row starts with. */
export const bookkeepingColumns = ['runIndex', 'status', 'error', 'divergedAt', 'seconds', 'cached'] as const;

/**
 * Throws when a config key (a grid axis, zip or fixed key) cannot be a column: a danfojs DataFrame member
 * (analysis/dataframe.ts reservedColumnNames) or a bookkeeping column.
 */
export function checkConfigColumns(configs: readonly Record<string, unknown>[]): void {
  const keys = new Set<string>();
  for (const c of configs) for (const k of Object.keys(c)) keys.add(k);
  for (const k of keys) {
    if ((bookkeepingColumns as readonly string[]).includes(k)) {
      throw new Error(`grid key '${k}': expected a name other than the sweep's own columns ${bookkeepingColumns.map((b) => `'${b}'`).join(', ')}`);
    }
    checkColumnName(k, 'grid key');
  }
}

/**
 * One flat row per run: runIndex (position in the grid), status (ok | diverged | error), error, divergedAt (the
 * result's, else null), seconds, cached, the config's keys, then the result's fields. A result field that clashes
 * with a config key, a bookkeeping column or a danfojs DataFrame member is renamed `result_<field>` (the result's
 * own `status` is the row's status, read by classifyResult). Nested values stay nested here; recordsToFrame stores
 * them as JSON strings.
 */
export function runRow(run: CachedRun, index: number, cached: boolean): FrameRecord {
  const divergedAt = run.result?.divergedAt;
  const row: FrameRecord = {
    runIndex: index,
    status: run.status,
    error: run.error,
    divergedAt: typeof divergedAt === 'number' ? divergedAt : null,
    seconds: run.seconds,
    cached,
    ...run.config,
  };
  const reservedNames = reservedColumnNames();
  for (const [k, v] of Object.entries(run.result ?? {})) {
    if (k === 'status' || k === 'divergedAt') continue;
    row[k in row || reservedNames.has(k) ? `result_${k}` : k] = v;
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
