/**
 * Shared input checks of the theory solvers (chains, SDEs, DMFT, brute-force networks; THEORY.md §5, §6.11–6.13):
 * strict option objects (unknown keys rejected with the nearest valid name), typed scalar checks whose messages name
 * the field, the allowed values and the value (NaN and ±Infinity by name), a PSD check of initial Gram matrices,
 * and the work limit and progress callback every time-integrating solver accepts.
 *
 * Messages follow src/spec/validate.ts: "field: expected <allowed>, got <value>".
 */
import { EigenWorkspace, symmetricEigen } from '../base/linalg';
import { editDistance } from '../base/names';

/** Called with the fraction of the work done, in (0, 1], at most ≈ 100 times per run and always last with 1. */
export type ProgressCallback = (fractionDone: number) => void;

/** Options every time-integrating solver accepts. */
export interface LongRunOptions {
  /** called with the fraction of the work done (0 < f ≤ 1); throwing from it aborts the solver */
  progress?: ProgressCallback;
  /**
   * the largest estimated work (floating-point operations, from the solver's documented formula) the solver will
   * start; default defaultWorkLimit = 10¹¹ (≈ 5–30 min on one core of the reference machine); Infinity disables it
   */
  workLimit?: number;
}

/**
 * Default work limit in estimated operations (each solver documents its formula): 10¹¹. Measured on one core of the
 * reference machine (2 shared cores): 0.06–0.4·10⁹ estimated operations/s (brute-force network 0.06, chains and the
 * matrix SDE 0.07–0.09, the scalar SDE 0.16, the toy network 0.4), so the limit is ≈ 5–30 minutes. Every paper-scale
 * notebook setting stays below it (largest: the P2 convergence SDE reference, 65 536 paths × 1000 steps ≈ 6.7·10¹⁰).
 */
export const defaultWorkLimit = 1e11;

/** Keys of T exactly the listed ones: `const ok: KeysComplete<T, typeof keys> = true` fails to compile otherwise. */
export type KeysComplete<T, K extends readonly PropertyKey[]> = [Exclude<keyof T, K[number]>, Exclude<K[number], keyof T>] extends [never, never]
  ? true
  : never;

/** The option keys of LongRunOptions (appended to every time-integrating solver's list). */
export const longRunKeys = ['progress', 'workLimit'] as const;

/**
 * A value as it reads in an error message: strings quoted, NaN and ±Infinity by name (JSON would print null),
 * arrays and objects as JSON with their non-finite numbers named too, functions as "a function".
 */
export function optionValueText(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === undefined) return String(value);
  const marker = '\u0000nonfinite:';
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${marker}${v}` : v));
    if (text === undefined) return String(value);
    return text.replace(/"\\u0000nonfinite:([^"]*)"/g, '$1');
  } catch {
    return String(value);
  }
}

/** Throws "field: expected <allowed>, got <value>". */
export function rejectOption(field: string, value: unknown, allowed: string): never {
  throw new Error(`${field}: expected ${allowed}, got ${optionValueText(value)}`);
}

/** Usual short names of solver options (symbols of THEORY.md, other libraries' names) → the option they mean. */
const optionAliases: Readonly<Record<string, readonly string[]>> = {
  stepSize: ['dt', 'h', 'deltaT', 'timeStep', 'step'],
  horizon: ['T', 'tMax', 'time', 'finalTime', 'duration'],
  width: ['n', 'N', 'hiddenDim', 'dim'],
  samples: ['K', 'numSamples', 'nSamples', 'paths', 'trials'],
  depth: ['L', 'layers', 'numLayers', 'nLayers'],
  tokens: ['m', 'numTokens', 'seqLen', 'sequenceLength'],
  initialCorrelation: ['rho0', 'rho', 'correlation'],
  initialCovariance: ['V0', 'v0', 'covariance', 'gram'],
  temperature: ['tau', 'tau0'],
  branchWeightSquared: ['gamma2', 'gammaSquared', 'branchWeight'],
  learningRate: ['eta', 'lr'],
  gates: ['G', 'heads'],
  keyDim: ['nk', 'headDim'],
  progress: ['onProgress', 'callback'],
  workLimit: ['maxWork', 'limit'],
};

/**
 * The allowed name nearest to `name`: the option a usual alias means (dt → stepSize), else by edit distance (a name
 * that contains or is contained in `name` wins ties).
 */
export function nearestOptionName(name: string, allowed: readonly string[]): string {
  for (const [target, aliases] of Object.entries(optionAliases)) {
    if (allowed.includes(target) && aliases.includes(name)) return target;
  }
  let best = allowed[0];
  let bestScore = Infinity;
  for (const candidate of allowed) {
    const contained = candidate.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(candidate.toLowerCase());
    const score = editDistance(name, candidate) - (contained ? 0.5 : 0);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed`; otherwise throws, e.g.
 * "dt: unknown option of simulateCovarianceSde (nearest valid: 'stepSize'); expected one of 'model', …".
 * Keys whose value is undefined are accepted only when known too.
 */
export function checkOptionKeys(what: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) rejectOption(`${what} options`, options, 'an object');
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = nearestOptionName(key, allowed);
    throw new Error(
      `${key}: unknown option of ${what} (nearest valid: '${near}'); expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
}

/** An integer in [min, max] (default when undefined). */
export function integerOption(field: string, value: unknown, fallback: number, min: number, max = Infinity): number {
  const x = value === undefined ? fallback : value;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    rejectOption(field, x, max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`);
  }
  return x;
}

/** Bounds of numberOption: each open or closed; an absent bound means unbounded (finite numbers only). */
export interface NumberBounds {
  above?: number;
  atLeast?: number;
  below?: number;
  atMost?: number;
  /** words for the allowed values when the bounds alone read badly, e.g. "ρ₀ in (−1/(m−1), 1)" */
  describe?: string;
  /** accept +Infinity (e.g. a work limit) */
  allowInfinity?: boolean;
}

/** A finite number within the bounds (default when undefined). */
export function numberOption(field: string, value: unknown, fallback: number, bounds: NumberBounds = {}): number {
  const x = value === undefined ? fallback : value;
  const { above, atLeast, below, atMost } = bounds;
  const ok =
    typeof x === 'number' &&
    (Number.isFinite(x) || (bounds.allowInfinity === true && x === Infinity)) &&
    (above === undefined || x > above) &&
    (atLeast === undefined || x >= atLeast) &&
    (below === undefined || x < below) &&
    (atMost === undefined || x <= atMost);
  if (!ok) {
    const parts: string[] = [];
    if (above !== undefined) parts.push(`> ${above}`);
    if (atLeast !== undefined) parts.push(`≥ ${atLeast}`);
    if (below !== undefined) parts.push(`< ${below}`);
    if (atMost !== undefined) parts.push(`≤ ${atMost}`);
    const kind = bounds.allowInfinity ? 'a number' : 'a finite number';
    rejectOption(field, x, bounds.describe ?? (parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind));
  }
  return x as number;
}

/** One of the allowed strings (default when undefined). */
export function choiceOption<T extends string>(field: string, value: unknown, fallback: T, allowed: readonly T[]): T {
  const x = value === undefined ? fallback : value;
  if (!allowed.includes(x as T)) rejectOption(field, x, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return x as T;
}

/** true or false (default when undefined). */
export function booleanOption(field: string, value: unknown, fallback: boolean): boolean {
  const x = value === undefined ? fallback : value;
  if (typeof x !== 'boolean') rejectOption(field, x, 'true or false');
  return x;
}

/** A list of finite numbers (an array or a typed array). */
export function numberListOption(field: string, value: unknown): number[] {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) rejectOption(field, value, 'an array of finite numbers');
  const list = Array.from(value as ArrayLike<unknown>);
  list.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) rejectOption(`${field}[${i}]`, x, 'a finite number');
  });
  return list as number[];
}

/**
 * Smallest eigenvalue of the symmetric m×m matrix v (row-major). Used to refuse a non-PSD initial Gram matrix:
 * an Euler step or a chain started there would take square roots of negative variances.
 */
export function smallestEigenvalue(v: Float64Array, m: number): number {
  const work = new EigenWorkspace(m);
  symmetricEigen(v, 0, work);
  return Math.min(...work.values);
}

/**
 * Throws unless the symmetric m×m matrix v is positive semidefinite up to round-off: smallest eigenvalue
 * ≥ −10⁻¹² · max diagonal entry. The message names the field and the smallest eigenvalue.
 */
export function checkPositiveSemidefinite(field: string, v: Float64Array, m: number): void {
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(v[i * m + i]));
  const lowest = smallestEigenvalue(v, m);
  if (!(lowest >= -1e-12 * scale)) {
    throw new Error(
      `${field}: expected a positive semidefinite ${m}×${m} matrix (every eigenvalue ≥ 0), got smallest eigenvalue ${lowest.toPrecision(6)}`,
    );
  }
}

/** Resolved LongRunOptions of one solver call. */
export interface LongRun {
  workLimit: number;
  progress: ProgressReporter;
}

/**
 * Checks the estimated work of a solver call against options.workLimit and prepares its progress reporter.
 * `driver` names the option that sets the number of time steps (horizon, depth, steps) and `value` its value;
 * `formula` states how the work was estimated. Throws, naming `driver`, when work > workLimit.
 */
export function startLongRun(
  what: string, options: LongRunOptions | undefined, driver: string, value: unknown, work: number, formula: string, total: number,
): LongRun {
  const workLimit = numberOption('workLimit', options?.workLimit, defaultWorkLimit, { above: 0, allowInfinity: true });
  const callback = options?.progress;
  if (callback !== undefined && typeof callback !== 'function') rejectOption('progress', callback, 'a function (fractionDone) => void');
  if (work > workLimit) {
    throw new Error(
      `${driver}: ${what} would need ≈ ${work.toExponential(2)} operations (${formula}), above the work limit ` +
        `${workLimit.toExponential(2)} (option workLimit; the default 10¹¹ is ≈ 5–30 min on one core); expected a smaller ` +
        `${driver} or fewer samples, or a larger workLimit (Infinity to disable the check), got ${optionValueText(value)}`,
    );
  }
  return { workLimit, progress: new ProgressReporter(callback, total) };
}

/** Calls a progress callback with done/total whenever it grew by ≥ 1 % since the last call, and at the end. */
export class ProgressReporter {
  private last = 0;
  constructor(private readonly callback: ProgressCallback | undefined, private readonly total: number) {}

  /** Reports that `done` of `total` units are finished. */
  report(done: number): void {
    if (this.callback === undefined) return;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    if (fraction >= 1 ? this.last < 1 : fraction - this.last >= 0.01) {
      this.last = fraction;
      this.callback(fraction);
    }
  }

  /** Reports completion (calls the callback with 1 unless it already did). */
  finish(): void {
    this.report(this.total);
  }
}
