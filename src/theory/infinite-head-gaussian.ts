/**
 * Gaussian expectations of the MLP and GELU non-linearities over a kernel (docs/theory/infinite-head-kernel.md §3):
 * given a centred Gaussian field z with covariance K (P×P), the dual kernel E[φ(z_i)φ(z_j)] for the tanh-GELU of
 * THEORY.md §2.1 (the exact formula of nn/mlp.ts) or ReLU (closed form, the arc-cosine kernel). Every entry is a
 * 2×2 Gaussian expectation: Gauss–Hermite in general, an interpolated table in the correlation when all variances
 * agree (the LayerNorm'd streams of the ViT and the LM).
 */
import { gaussHermite } from './infinite-head-numerics';

export type DualActivation = 'gelu' | 'relu';

const GELU_K = Math.sqrt(2 / Math.PI);

/** tanh-GELU ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (THEORY.md §2.1). */
export function geluTanhScalar(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_K * (x + 0.044715 * x * x * x)));
}

/** Its derivative ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²), u = √(2/π)(x + 0.044715x³). */
export function geluTanhDerivative(x: number): number {
  const t = Math.tanh(GELU_K * (x + 0.044715 * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_K * (1 + 3 * 0.044715 * x * x);
}

export interface DualKernelOptions {
  /** Gauss–Hermite nodes per dimension for the general (unequal-variance) path (default 24). */
  quadratureOrder?: number;
  /** Grid points of the equal-variance table in the correlation ρ ∈ [−1, 1] (default 1025). */
  tablePoints?: number;
  /** Largest relative spread of the variances for which the equal-variance table is used (default 1e-5). */
  equalVarianceTolerance?: number;
}

/** E[relu(z)relu(z′)] for variances a, b and covariance c: √(ab)/(2π)·(sin θ + (π − θ) cos θ), cos θ = c/√(ab). */
function reluPair(a: number, b: number, c: number): number {
  const s = Math.sqrt(a * b);
  if (s === 0) return 0;
  const cos = Math.max(-1, Math.min(1, c / s));
  const theta = Math.acos(cos);
  return (s / (2 * Math.PI)) * (Math.sin(theta) + (Math.PI - theta) * cos);
}

/** Gauss–Hermite rules by order, shared by every pair. */
const rules = new Map<number, { nodes: Float64Array; weights: Float64Array }>();
function rule(order: number): { nodes: Float64Array; weights: Float64Array } {
  let r = rules.get(order);
  if (!r) {
    r = gaussHermite(order);
    rules.set(order, r);
  }
  return r;
}

/**
 * E[φ(z)φ(z′)] by a Gauss–Hermite rule in (g₁, g₂): z = √a g₁, z′ = (c/√a) g₁ + γ g₂, γ² = b − c²/a. The outer rule
 * is given; the inner one integrates φ(m + γ g₂), a GELU at variance γ², with max(12, ⌈24γ²⌉) nodes (the same
 * order-per-variance rule as the outer one, so highly correlated pairs, γ → 0, cost little).
 */
function geluPair(a: number, b: number, c: number, nodes: Float64Array, weights: Float64Array, adaptInner = false): number {
  if (a <= 0 || b <= 0) return 0; // φ(0) = 0
  const ra = Math.sqrt(a);
  const beta = c / ra;
  const gamma2 = Math.max(0, b - beta * beta);
  const gamma = Math.sqrt(gamma2);
  const inner = adaptInner ? rule(Math.min(nodes.length, Math.max(12, Math.ceil(24 * gamma2)))) : { nodes, weights };
  const innerNodes = inner.nodes;
  const innerWeights = inner.weights;
  let total = 0;
  for (let k = 0; k < nodes.length; k++) {
    const left = geluTanhScalar(ra * nodes[k]);
    if (left === 0) continue;
    const m = beta * nodes[k];
    let sum = 0;
    for (let l = 0; l < innerNodes.length; l++) sum += innerWeights[l] * geluTanhScalar(m + gamma * innerNodes[l]);
    total += weights[k] * left * sum;
  }
  return total;
}

/** As geluPair for φ′ (Price's theorem: ∂E[φ(z)φ(z′)]/∂c = E[φ′(z)φ′(z′)]). */
function geluDerivativePair(a: number, c: number, nodes: Float64Array, weights: Float64Array): number {
  const ra = Math.sqrt(a);
  const beta = c / ra;
  const gamma = Math.sqrt(Math.max(0, a - beta * beta));
  let total = 0;
  for (let k = 0; k < nodes.length; k++) {
    const left = geluTanhDerivative(ra * nodes[k]);
    const m = beta * nodes[k];
    let inner = 0;
    for (let l = 0; l < nodes.length; l++) inner += weights[l] * geluTanhDerivative(m + gamma * nodes[l]);
    total += weights[k] * left * inner;
  }
  return total;
}

/**
 * The table f(ρ) = E[φ(z)φ(z′)] at common variance v over a uniform ρ grid, with f′(ρ) = v·E[φ′φ′] for cubic
 * Hermite interpolation (error O(h⁴·f⁗); checked against the product rule in the tests). The common variance is
 * rounded to 7 significant digits (a relative change ≤ 5·10⁻⁷ of v, below the 10⁻⁵ spread the path accepts).
 */
function equalVarianceTable(v: number, points: number): (rho: number) => number {
  const key = `${v}:${points}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const { nodes, weights } = gaussHermite(Math.min(150, Math.max(40, Math.ceil(24 * v))));
  const h = 2 / (points - 1);
  const f = new Float64Array(points);
  const df = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    const rho = Math.max(-1, Math.min(1, -1 + p * h));
    f[p] = geluPair(v, v, rho * v, nodes, weights);
    df[p] = v * geluDerivativePair(v, rho * v, nodes, weights);
  }
  const table = (rho: number) => {
    const t = (Math.max(-1, Math.min(1, rho)) + 1) / h;
    const p = Math.min(points - 2, Math.floor(t));
    const u = t - p;
    const u2 = u * u;
    const u3 = u2 * u;
    return (2 * u3 - 3 * u2 + 1) * f[p] + (u3 - 2 * u2 + u) * h * df[p] + (-2 * u3 + 3 * u2) * f[p + 1] + (u3 - u2) * h * df[p + 1];
  };
  if (tables.size > 64) tables.clear();
  tables.set(key, table);
  return table;
}

/** Tables by (variance rounded to 7 significant digits, points): LayerNorm'd kernels reuse one table. */
const tables = new Map<string, (rho: number) => number>();

/** Mehler's series is used for |ρ| ≤ 0.85 with 100 terms: truncation ≤ 0.85¹⁰⁰·√(Eφ(z)²Eφ(z′)²) ≈ 9·10⁻⁸·scale. */
const SERIES_CUT = 0.85;
const SERIES_TERMS = 100;

/**
 * Normalised Hermite coefficients a_k(v) = E[φ(√v g) He_k(g)]/√k!, k = 0…100, of the GELU at each variance v (Gauss–
 * Hermite with 150 nodes, exact for polynomial integrands of degree < 300). Mehler's formula then gives
 * E[φ(z)φ(z′)] = Σ_k ρ^k a_k(a) a_k(b) for variances a, b and correlation ρ (docs §3).
 */
function hermiteCoefficients(variance: Float64Array): Float64Array {
  const { nodes, weights } = gaussHermite(150);
  const K = SERIES_TERMS + 1;
  const basis = new Float64Array(nodes.length * K);
  for (let q = 0; q < nodes.length; q++) {
    const x = nodes[q];
    basis[q * K] = 1;
    if (K > 1) basis[q * K + 1] = x;
    for (let k = 1; k + 1 < K; k++) basis[q * K + k + 1] = (x * basis[q * K + k] - Math.sqrt(k) * basis[q * K + k - 1]) / Math.sqrt(k + 1);
  }
  const out = new Float64Array(variance.length * K);
  for (let i = 0; i < variance.length; i++) {
    const r = Math.sqrt(Math.max(0, variance[i]));
    for (let q = 0; q < nodes.length; q++) {
      const f = weights[q] * geluTanhScalar(r * nodes[q]);
      if (f === 0) continue;
      for (let k = 0; k < K; k++) out[i * K + k] += f * basis[q * K + k];
    }
  }
  return out;
}

/**
 * Dual kernel E[φ(z_i)φ(z_j)], z ~ N(0, scale·K), for a P×P kernel K (docs §3): the MLP pre-activation of a stream
 * with kernel K through a weight with c = (std·multiplier)²·fan-in has covariance c·K. Symmetric P×P result.
 */
export function dualKernel(kernel: Float64Array, size: number, activation: DualActivation, scale = 1, options: DualKernelOptions = {}): Float64Array {
  if (activation !== 'gelu' && activation !== 'relu') throw new Error(`mlpActivation: the infinite-head solver supports 'gelu' or 'relu', got '${String(activation)}'`);
  const out = new Float64Array(size * size);
  const variance = new Float64Array(size);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < size; i++) {
    variance[i] = scale * kernel[i * size + i];
    lo = Math.min(lo, variance[i]);
    hi = Math.max(hi, variance[i]);
  }
  if (activation === 'relu') {
    for (let i = 0; i < size; i++) for (let j = i; j < size; j++) out[i * size + j] = reluPair(variance[i], variance[j], scale * kernel[i * size + j]);
  } else if (lo > 0 && (hi - lo) / hi <= (options.equalVarianceTolerance ?? 1e-5)) {
    const v = Number(((hi + lo) / 2).toPrecision(7));
    const table = equalVarianceTable(v, options.tablePoints ?? 1025);
    for (let i = 0; i < size; i++) {
      for (let j = i; j < size; j++) out[i * size + j] = table((scale * kernel[i * size + j]) / Math.sqrt(variance[i] * variance[j]));
    }
  } else {
    // Product rule for |ρ| > 0.85: GELU bends over |x| ≲ 2 while the nodes spread over ±√(2·order·v), so the order grows
    // with the pair's larger variance v (24·v nodes, at least 24: error < 10⁻⁷ relative, checked in the tests; docs §3).
    const least = options.quadratureOrder ?? 24;
    const orderOf = (v: number) => rule(Math.min(150, Math.max(least, Math.ceil(24 * v))));
    const coefficients = hermiteCoefficients(variance);
    const K = SERIES_TERMS + 1;
    const line = gaussHermite(150);
    for (let i = 0; i < size; i++) {
      // Diagonal: the 1-D integral E φ(√v g)² with 150 nodes.
      const r = Math.sqrt(Math.max(0, variance[i]));
      let diagonal = 0;
      for (let q = 0; q < line.nodes.length; q++) diagonal += line.weights[q] * geluTanhScalar(r * line.nodes[q]) ** 2;
      out[i * size + i] = diagonal;
      for (let j = i + 1; j < size; j++) {
        const c = scale * kernel[i * size + j];
        const rho = c / Math.sqrt(variance[i] * variance[j]);
        if (Math.abs(rho) <= SERIES_CUT) {
          let total = 0;
          let power = 1;
          for (let k = 0; k < K; k++) {
            total += power * coefficients[i * K + k] * coefficients[j * K + k];
            power *= rho;
          }
          out[i * size + j] = total;
        } else {
          const { nodes, weights } = orderOf(Math.max(variance[i], variance[j]));
          out[i * size + j] = geluPair(variance[i], variance[j], c, nodes, weights, true);
        }
      }
    }
  }
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) out[i * size + j] = out[j * size + i];
  return out;
}
