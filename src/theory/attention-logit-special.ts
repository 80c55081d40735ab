/**
 * Special functions behind the exact law of the initial attention logit A(0) (THEORY.md §4.3).
 *
 * Y = Σ_{i=1}^{N} k_i q_i with k_i, q_i i.i.d. standard normals is symmetric variance-gamma with shape N/2:
 *   p_Y(y) = |y|^ν K_ν(|y|) / (√π Γ(N/2) 2^ν),  ν = (N − 1)/2.
 * Conditionally on k, Y ~ N(0, |k|²) with |k|² ~ χ²_N, so Y is also a Gaussian scale mixture; that representation gives
 * the cumulative distribution function without any singular integrand.
 * Everything here is in standardized units (σ = 1); attention-logit-law.ts rescales by σ = N^{−α_A} σ_k σ_q.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new Error(`x: logGamma needs a positive argument, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let k = 1; k < 9; k++) s += LANCZOS[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Complementary error function to ≈ 1e-15 absolute: erf by the positive series
 * erf x = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1}/(1·3·…·(2n+1)) for |x| < 5, Lentz continued fraction beyond.
 */
export function erfcAccurate(x: number): number {
  const z = Math.abs(x);
  let r: number;
  if (z < 5) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 300; n++) {
      term *= (2 * z * z) / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    r = 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z) * sum;
  } else {
    // erfc z = e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), evaluated bottom-up with 60 levels.
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
    r = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(z) = ½ erfc(−z/√2), accurate to ≈ 1e-15 absolute. */
export function standardNormalCdfAccurate(z: number): number {
  return 0.5 * erfcAccurate(-z / Math.SQRT2);
}

/**
 * ln K_ν(z) for ν ≥ 0, z > 0, from K_ν(z) = ½ ∫_{−∞}^{∞} exp(−z cosh t + ν t) dt (trapezoid rule on the whole line,
 * which converges geometrically for this entire, doubly-exponentially decaying integrand; the integrand is shifted by its
 * maximum at sinh t* = ν/z so that large orders do not overflow). THEORY.md §4.4 (N = 1: K₀ integral).
 */
export function logBesselK(order: number, z: number): number {
  if (!(order >= 0)) throw new Error(`order: expected ν ≥ 0, got ${order}`);
  if (!(z > 0)) throw new Error(`z: expected z > 0, got ${z}`);
  const tStar = Math.asinh(order / z);
  const exponent = (t: number) => -z * Math.cosh(t) + order * t;
  const top = exponent(tStar);
  const curvature = Math.sqrt(z * z + order * order);
  const step = Math.min(0.1, 0.25 / Math.sqrt(curvature));
  let sum = 1;
  for (const direction of [1, -1]) {
    for (let j = 1; j < 1_000_000; j++) {
      const e = exponent(tStar + direction * j * step) - top;
      if (e < -46) break;
      sum += Math.exp(e);
    }
  }
  return top + Math.log(0.5 * step * sum);
}

/** p_Y(0) = Γ((N−1)/2)/(2√π Γ(N/2)) for N ≥ 2 (THEORY.md §4.3); +∞ for N = 1 (logarithmic singularity). */
export function varianceGammaDensityAtZero(headDim: number): number {
  checkHeadDim(headDim);
  if (headDim === 1) return Infinity;
  return Math.exp(logGamma((headDim - 1) / 2) - logGamma(headDim / 2)) / (2 * Math.sqrt(Math.PI));
}

/**
 * Standardized density p_Y(y) = |y|^ν K_ν(|y|)/(√π Γ(N/2) 2^ν), ν = (N−1)/2, for any N ≥ 1 (THEORY.md §4.3).
 * N = 1 reduces to K₀(|y|)/π, N = 2 to the Laplace density ½e^{−|y|}.
 */
export function varianceGammaDensity(y: number, headDim: number): number {
  checkHeadDim(headDim);
  const z = Math.abs(y);
  if (z === 0) return varianceGammaDensityAtZero(headDim);
  const nu = (headDim - 1) / 2;
  return Math.exp(nu * Math.log(z) + logBesselK(nu, z) - 0.5 * Math.log(Math.PI) - logGamma(headDim / 2) - nu * Math.LN2);
}

/**
 * Even N = 2m + 2: K_{m+½}(z) = √(π/(2z)) e^{−z} Σ_{j=0}^{m} (m+j)!/(j!(m−j)!(2z)^j), so
 *   p_Y(y) = e^{−z}/(m! 2^{m+1}) Σ_{j=0}^{m} (m+j)!/(j!(m−j)!) z^{m−j} 2^{−j},  z = |y|  (THEORY.md §4.3).
 */
export function varianceGammaDensityEven(y: number, headDim: number): number {
  checkHeadDim(headDim);
  if (headDim % 2 !== 0) throw new Error(`headDim: the polynomial form needs an even N, got ${headDim}`);
  const m = headDim / 2 - 1;
  const z = Math.abs(y);
  let sum = 0;
  for (let j = 0; j <= m; j++) {
    const logCoefficient = logFactorial(m + j) - logFactorial(j) - logFactorial(m - j) - j * Math.LN2;
    sum += Math.exp(logCoefficient + (m - j === 0 ? 0 : (m - j) * Math.log(z)));
  }
  return Math.exp(-z - logFactorial(m) - (m + 1) * Math.LN2) * sum;
}

/** N = 1 closed form p_Y(y) = K₀(|y|)/π with K₀(z) = ∫₀^∞ e^{−z cosh t} dt (THEORY.md §4.3–4.4). */
export function productOfNormalsDensity(y: number): number {
  const z = Math.abs(y);
  return z === 0 ? Infinity : Math.exp(logBesselK(0, z)) / Math.PI;
}

/**
 * Standardized CDF F_Y(y) = ∫₀^∞ Φ(y/√s) χ²_N(s) ds (Gaussian scale mixture, Y | k ~ N(0, |k|²)), evaluated by the
 * trapezoid rule in u = ln s, where the χ²_N weight exp(Nu/2 − eᵘ/2)/(2^{N/2}Γ(N/2)) is smooth and decays at both ends.
 */
export function varianceGammaCdf(y: number, headDim: number, cdfStep = 0.2): number {
  checkHeadDim(headDim);
  if (y === 0) return 0.5;
  const half = headDim / 2;
  const logNormalizer = half * Math.LN2 + logGamma(half);
  const peak = Math.log(headDim); // the weight peaks at u = ln N
  const step = cdfStep * Math.min(1, Math.sqrt(2 / headDim));
  const weight = (u: number) => Math.exp(half * u - 0.5 * Math.exp(u) - logNormalizer);
  let sum = weight(peak) * standardNormalCdfAccurate(y * Math.exp(-peak / 2));
  for (const direction of [1, -1]) {
    for (let j = 1; j < 1_000_000; j++) {
      const u = peak + direction * j * step;
      const w = weight(u);
      sum += w * standardNormalCdfAccurate(y * Math.exp(-u / 2));
      if (w < 1e-18) break;
    }
  }
  return Math.min(1, Math.max(0, sum * step));
}

function logFactorial(n: number): number {
  return logGamma(n + 1);
}

function checkHeadDim(headDim: number): void {
  if (!Number.isInteger(headDim) || headDim < 1) throw new Error(`headDim: expected an integer N ≥ 1, got ${headDim}`);
}
