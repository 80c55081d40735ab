/**
 * Finite-size helpers for the convergence figures (FIGURES.md "Statistics"; THEORY.md §3.5, §5.5, §8): distances of a
 * finite-size matrix to a reference, the convergence slope of an error against a size, and extrapolation of an
 * observable to its infinite-size limit y(x) = y∞ + c·x^{−p}.
 */
import { Random } from '../base/random';
import { checkOptionKeys, integerOption, numberListOption, numberOption, rejectOption } from '../theory/solver-inputs';
import { fitPowerLaw } from './fit';
import type { Numbers } from './statistics';

/** Relative squared error ‖M − R‖²_F / ‖R‖²_F of a matrix (any flat layout, same length) against a reference. */
export function relativeSquaredError(matrix: Numbers, reference: Numbers): number {
  if (matrix.length !== reference.length) {
    throw new Error(`matrix: has ${matrix.length} entries but the reference has ${reference.length}`);
  }
  let num = 0;
  let den = 0;
  for (let j = 0; j < matrix.length; j++) {
    num += (matrix[j] - reference[j]) ** 2;
    den += reference[j] ** 2;
  }
  if (den === 0) throw new Error('reference: has zero Frobenius norm');
  return num / den;
}

/** Kernel distance ‖K₁ − K₂‖_F / ‖K₂‖_F (the square root of relativeSquaredError; same as probes/kernels.ts kernelDistance, for plain arrays). */
export function relativeFrobeniusDistance(kernel: Numbers, reference: Numbers): number {
  return Math.sqrt(relativeSquaredError(kernel, reference));
}

export interface ConvergenceSlope {
  /** Fitted exponent s in error ≈ C·size^s (least squares of ln error on ln size). */
  slope: number;
  /** Its standard error from the residual variance (NaN with 2 sizes). */
  slopeSE: number;
  prefactor: number;
  r2: number;
  points: number;
}

/** Convergence slope: fitPowerLaw of error against size (error ≈ C·size^slope), returned as slope ± SE. */
export function convergenceSlope(sizes: Numbers, errors: Numbers): ConvergenceSlope {
  const fit = fitPowerLaw(sizes, errors);
  return { slope: fit.slope, slopeSE: fit.slopeSE, prefactor: fit.prefactor, r2: fit.r2, points: fit.points };
}

export interface ExtrapolationOptions {
  /** Search range of p (default [0.05, 4]). */
  exponentRange?: [number, number];
  /** Residual-bootstrap resamples for the interval (default 200; 0 skips the interval). */
  resamples?: number;
  /** Two-sided coverage of the interval (default 0.95). */
  coverage?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
}

export interface Extrapolation {
  /** y∞, the fitted limit. */
  limit: number;
  /** c in y = y∞ + c·x^{−p}. */
  coefficient: number;
  /** p > 0, the fitted decay exponent. */
  exponent: number;
  /** Residual sum of squares of the best fit. */
  residualSumOfSquares: number;
  /** Percentile interval of y∞ over residual-bootstrap refits (NaN when resamples = 0). */
  limitInterval: [number, number];
  /** Percentile interval of p over the same refits. */
  exponentInterval: [number, number];
}

/**
 * Fits y(x) = y∞ + c·x^{−p} by least squares: for each p the model is linear in (y∞, c), solved exactly; p minimizes
 * the residual sum of squares by a log-spaced grid (200 points) refined by golden-section search. The interval comes from
 * a residual bootstrap (y*_j = ŷ_j + r_{J_j} with J uniform, rescaled by √(n/(n−3))) with a seeded Random. Needs ≥ 4 points.
 */
export function extrapolateToLimit(x: Numbers, y: Numbers, options: ExtrapolationOptions = {}): Extrapolation {
  const n = x.length;
  if (n !== y.length) throw new Error(`y: has ${y.length} values but x has ${n}`);
  if (n < 4) throw new Error(`x: extrapolation needs at least 4 points, got ${n}`);
  for (let j = 0; j < n; j++) if (!(x[j] > 0)) throw new Error(`x: entry ${j} is ${x[j]}; sizes must be positive`);
  checkOptionKeys('extrapolateToLimit', options, ['exponentRange', 'resamples', 'coverage', 'seed']);
  const range = options.exponentRange ?? [0.05, 4];
  const [pLo, pHi] = numberListOption('exponentRange', range);
  if (range.length !== 2 || !(pLo > 0 && pHi > pLo)) rejectOption('exponentRange', range, '[low, high] with 0 < low < high');
  const resamples = integerOption('resamples', options.resamples, 200, 0);
  const coverage = numberOption('coverage', options.coverage, 0.95, { above: 0, below: 1, describe: 'a number in (0, 1)' });
  const seed = numberOption('seed', options.seed, 0);
  const best = fitForAllExponents(x, y, pLo, pHi);
  const limits: number[] = [];
  const exponents: number[] = [];
  if (resamples > 0) {
    const random = new Random(seed);
    const fitted = new Float64Array(n);
    const residuals = new Float64Array(n);
    const inflate = Math.sqrt(n / (n - 3));
    for (let j = 0; j < n; j++) {
      fitted[j] = best.limit + best.coefficient * Math.pow(x[j], -best.exponent);
      residuals[j] = (y[j] - fitted[j]) * inflate;
    }
    const ys = new Float64Array(n);
    for (let b = 0; b < resamples; b++) {
      for (let j = 0; j < n; j++) ys[j] = fitted[j] + residuals[random.integer(n)];
      const refit = fitForAllExponents(x, ys, pLo, pHi);
      limits.push(refit.limit);
      exponents.push(refit.exponent);
    }
  }
  const tail = (1 - coverage) / 2;
  return {
    ...best,
    limitInterval: resamples > 0 ? [percentile(limits, tail), percentile(limits, 1 - tail)] : [NaN, NaN],
    exponentInterval: resamples > 0 ? [percentile(exponents, tail), percentile(exponents, 1 - tail)] : [NaN, NaN],
  };
}

interface ExponentFit {
  limit: number;
  coefficient: number;
  exponent: number;
  residualSumOfSquares: number;
}

/** Linear least squares of y on (1, x^{−p}) at fixed p. */
function fitAtExponent(x: Numbers, y: Numbers, p: number): ExponentFit {
  const n = x.length;
  let mz = 0;
  let my = 0;
  const z = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    z[j] = Math.pow(x[j], -p);
    mz += z[j];
    my += y[j];
  }
  mz /= n;
  my /= n;
  let szz = 0;
  let szy = 0;
  for (let j = 0; j < n; j++) {
    szz += (z[j] - mz) ** 2;
    szy += (z[j] - mz) * (y[j] - my);
  }
  const coefficient = szz > 0 ? szy / szz : 0;
  const limit = my - coefficient * mz;
  let rss = 0;
  for (let j = 0; j < n; j++) rss += (y[j] - limit - coefficient * z[j]) ** 2;
  return { limit, coefficient, exponent: p, residualSumOfSquares: rss };
}

function fitForAllExponents(x: Numbers, y: Numbers, pLo: number, pHi: number): ExponentFit {
  const grid = 200;
  const ratio = Math.log(pHi / pLo) / (grid - 1);
  let bestIndex = 0;
  let bestRss = Infinity;
  for (let k = 0; k < grid; k++) {
    const rss = fitAtExponent(x, y, pLo * Math.exp(k * ratio)).residualSumOfSquares;
    if (rss < bestRss) {
      bestRss = rss;
      bestIndex = k;
    }
  }
  // golden-section search in ln p on the bracketing grid cells
  let a = Math.log(pLo) + Math.max(0, bestIndex - 1) * ratio;
  let b = Math.log(pLo) + Math.min(grid - 1, bestIndex + 1) * ratio;
  const phi = (Math.sqrt(5) - 1) / 2;
  const rssAt = (lp: number) => fitAtExponent(x, y, Math.exp(lp)).residualSumOfSquares;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = rssAt(c);
  let fd = rssAt(d);
  for (let it = 0; it < 60; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = rssAt(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = rssAt(d);
    }
  }
  return fitAtExponent(x, y, Math.exp(0.5 * (a + b)));
}

function percentile(values: number[], q: number): number {
  const s = Float64Array.from(values).sort();
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}
