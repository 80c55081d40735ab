/**
 * Least-squares fits used by every scaling claim: straight lines, power laws on log–log axes.
 * FIGURES.md "Statistics": slopes = least squares of log y on log x over the listed points, reported with their SE.
 */
import type { Numbers } from './statistics';

export interface LineFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope from the residual variance (needs ≥ 3 points; NaN otherwise). */
  slopeSE: number;
  interceptSE: number;
  /** Coefficient of determination. */
  r2: number;
  points: number;
}

/** Ordinary least squares y ≈ intercept + slope·x. */
export function fitLine(x: Numbers, y: Numbers): LineFit {
  const n = x.length;
  if (n !== y.length) throw new Error(`fitLine: x has ${n} values but y has ${y.length}`);
  if (n < 2) throw new Error('fitLine: needs at least 2 points');
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx === 0) throw new Error('fitLine: all x values are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i] - intercept - slope * x[i];
    rss += r * r;
  }
  const sigma2 = n > 2 ? rss / (n - 2) : NaN;
  return {
    slope,
    intercept,
    slopeSE: Math.sqrt(sigma2 / sxx),
    interceptSE: Math.sqrt(sigma2 * (1 / n + (mx * mx) / sxx)),
    r2: syy === 0 ? 1 : 1 - rss / syy,
    points: n,
  };
}

/** Power law y ≈ C·x^slope, fitted as a line of ln y on ln x; `prefactor` = C. Non-positive values throw. */
export function fitPowerLaw(x: Numbers, y: Numbers): LineFit & { prefactor: number } {
  const lx = new Float64Array(x.length);
  const ly = new Float64Array(y.length);
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0) || !(y[i] > 0)) throw new Error(`fitPowerLaw: point ${i} (x=${x[i]}, y=${y[i]}) is not positive`);
    lx[i] = Math.log(x[i]);
    ly[i] = Math.log(y[i]);
  }
  const fit = fitLine(lx, ly);
  return { ...fit, prefactor: Math.exp(fit.intercept) };
}
