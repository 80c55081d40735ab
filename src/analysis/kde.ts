/**
 * Gaussian kernel density estimate, used to draw smooth densities of simulated samples (e.g. the SDE's law of the
 * token correlation ρ₁₂ in P2 Fig 1 right, FIGURES.md P2-1R), optionally reflected at the edges of a bounded
 * support such as ρ ∈ [−1, 1].
 */
import { quantile, standardDeviation, type Numbers } from './statistics';

/** Options of gaussianKde. */
export interface KdeOptions {
  /** h, kernel standard deviation; default silvermanBandwidth(samples) */
  bandwidth?: number;
  /** lower edge of the support: mass that leaks below is reflected back (default none) */
  lower?: number;
  /** upper edge of the support: mass that leaks above is reflected back (default none) */
  upper?: number;
}

/**
 * Silverman's rule of thumb h = 0.9 · min(σ̂, IQR/1.34) · M^{−1/5} for M samples (σ̂ the sample SD); falls back to σ̂
 * when the IQR is 0.
 */
export function silvermanBandwidth(samples: Numbers): number {
  const M = samples.length;
  if (M < 2) throw new Error(`samples: the bandwidth needs at least 2 values, got ${M}`);
  const sd = standardDeviation(samples);
  const iqr = (quantile(samples, 0.75) - quantile(samples, 0.25)) / 1.34;
  const spread = iqr > 0 ? Math.min(sd, iqr) : sd;
  if (!(spread > 0)) throw new Error('samples: all values are equal, no bandwidth can be chosen');
  return 0.9 * spread * Math.pow(M, -0.2);
}

/**
 * Density estimate p̂(x) = (1/(M h)) Σ_i φ((x − x_i)/h) at every x of `points`, φ the standard normal density; with a
 * lower edge a (upper edge b) each kernel gets its mirror image φ((x − (2a − x_i))/h) (φ((x − (2b − x_i))/h)) so that
 * p̂ integrates to 1 over [a, b]. Non-finite samples are an error.
 */
export function gaussianKde(samples: Numbers, points: Numbers, options: KdeOptions = {}): Float64Array {
  const M = samples.length;
  if (M === 0) throw new Error('samples: expected at least one value, got none');
  const xs = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const v = samples[i];
    if (!Number.isFinite(v)) throw new Error(`samples: expected finite values, got ${v} at index ${i}`);
    xs[i] = v;
  }
  const h = options.bandwidth ?? silvermanBandwidth(xs);
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`bandwidth: expected h > 0, got ${h}`);
  const lower = options.lower;
  const upper = options.upper;
  if (lower !== undefined && upper !== undefined && !(lower < upper)) {
    throw new Error(`lower, upper: expected lower < upper, got ${lower}, ${upper}`);
  }
  const norm = 1 / (M * h * Math.sqrt(2 * Math.PI));
  const inv = 1 / h;
  const out = new Float64Array(points.length);
  for (let p = 0; p < points.length; p++) {
    const x = points[p];
    let s = 0;
    for (let i = 0; i < M; i++) {
      const z = (x - xs[i]) * inv;
      s += Math.exp(-0.5 * z * z);
      if (lower !== undefined) {
        const zl = (x - (2 * lower - xs[i])) * inv;
        s += Math.exp(-0.5 * zl * zl);
      }
      if (upper !== undefined) {
        const zu = (x - (2 * upper - xs[i])) * inv;
        s += Math.exp(-0.5 * zu * zu);
      }
    }
    const outside = (lower !== undefined && x < lower) || (upper !== undefined && x > upper);
    out[p] = outside ? 0 : s * norm;
  }
  return out;
}
