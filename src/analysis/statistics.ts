/**
 * Sample statistics and distribution tests shared by the theory tests, the figures and the claims.
 * Conventions from FIGURES.md "Statistics": SE = SD/√M; KS 99 % thresholds 1.63/√M (one sample) and
 * 1.63·√((M₁+M₂)/(M₁M₂)) (two samples).
 */

export type Numbers = ArrayLike<number>;

/** Arithmetic mean. */
export function mean(x: Numbers): number {
  if (x.length === 0) throw new Error('mean: empty sample');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Unbiased sample variance (divides by M − 1). */
export function variance(x: Numbers): number {
  if (x.length < 2) throw new Error('variance: needs at least 2 values');
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** Sample standard deviation. */
export function standardDeviation(x: Numbers): number {
  return Math.sqrt(variance(x));
}

/** Standard error of the mean, SD/√M. */
export function standardError(x: Numbers): number {
  return standardDeviation(x) / Math.sqrt(x.length);
}

/** Sorted copy as a Float64Array. NaN has no place in an order: it throws (filter exploded samples first). */
export function sorted(x: Numbers): Float64Array {
  const s = Float64Array.from(x as ArrayLike<number>).sort();
  if (s.length > 0 && Number.isNaN(s[s.length - 1])) {
    throw new Error('sample: contains NaN; remove non-finite samples (e.g. withoutExploded) before ranking');
  }
  return s;
}

/** Quantile q ∈ [0, 1] with linear interpolation between order statistics. */
export function quantile(x: Numbers, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`q: expected a number in [0, 1], got ${q}`);
  const s = sorted(x);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** Median. */
export function median(x: Numbers): number {
  return quantile(x, 0.5);
}

/** Excess kurtosis E(x−μ)⁴/σ⁴ − 3 (plug-in estimate). */
export function excessKurtosis(x: Numbers): number {
  const m = mean(x);
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] - m) * (x[i] - m);
    m2 += d;
    m4 += d * d;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m4 / (m2 * m2) - 3;
}

/** One-sample Kolmogorov–Smirnov distance sup |F_M(a) − F(a)| against a continuous CDF. */
export function ksOneSample(x: Numbers, cdf: (a: number) => number): number {
  const s = sorted(x);
  const m = s.length;
  let d = 0;
  for (let i = 0; i < m; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / m - f, f - i / m);
  }
  return d;
}

/** Two-sample Kolmogorov–Smirnov distance sup |F₁(a) − F₂(a)|. */
export function ksTwoSample(x: Numbers, y: Numbers): number {
  const a = sorted(x);
  const b = sorted(y);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] <= v) i++;
    while (j < b.length && b[j] <= v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** 99 % critical value of the one-sample KS distance: 1.63/√M. */
export function ksThreshold99(m: number): number {
  return 1.63 / Math.sqrt(m);
}

/** 99 % critical value of the two-sample KS distance: 1.63·√((M₁+M₂)/(M₁M₂)). */
export function ksTwoSampleThreshold99(m1: number, m2: number): number {
  return 1.63 * Math.sqrt((m1 + m2) / (m1 * m2));
}

/** 99.9 % critical value of the two-sample KS distance: 1.95·√((M₁+M₂)/(M₁M₂)). */
export function ksTwoSampleThreshold999(m1: number, m2: number): number {
  return 1.95 * Math.sqrt((m1 + m2) / (m1 * m2));
}

/** Wasserstein-1 distance between two empirical laws of equal or unequal size (area between the CDFs). */
export function wasserstein1(x: Numbers, y: Numbers): number {
  const a = sorted(x);
  const b = sorted(y);
  let i = 0;
  let j = 0;
  let prev = Math.min(a[0], b[0]);
  let area = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    area += Math.abs(i / a.length - j / b.length) * (v - prev);
    prev = v;
    while (i < a.length && a[i] <= v) i++;
    while (j < b.length && b[j] <= v) j++;
  }
  return area;
}

/** Standard normal CDF Φ(z) (Abramowitz–Stegun 7.1.26 refined by erfc series; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes erfcc, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
