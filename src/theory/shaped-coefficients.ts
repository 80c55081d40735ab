/**
 * Closed-form drift and diffusion coefficients of P2's covariance SDEs (THEORY.md §6.5–6.9), time t = ℓ/n.
 *
 * Symbols: m tokens, V the token Gram matrix, γ² the branch weight (λ² = 1 − γ² the skip weight), τ₀ the attention
 * temperature constant, c₊, c₋ the shaped-ReLU constants (slopes s_± = 1 + c_±/√n), J = I − 11ᵀ/m.
 */

/** Parameters shared by every shaped-model coefficient. */
export interface ShapedModelParameters {
  /** γ², branch weight squared (skip weight λ² = 1 − γ²); default 1/8 */
  branchWeightSquared?: number;
  /** τ₀, attention temperature constant (τ = τ₀ √(n n_k)); default 1 */
  temperature?: number;
  /** c₊, shaped-ReLU constant of the positive slope s₊ = 1 + c₊/√n; default 0 */
  slopePositive?: number;
  /** c₋, shaped-ReLU constant of the negative slope s₋ = 1 + c₋/√n; default −1.5 */
  slopeNegative?: number;
}

/** Fully resolved parameters (defaults applied, validated). */
export interface ResolvedShapedParameters {
  branchWeightSquared: number;
  skipWeightSquared: number;
  temperature: number;
  slopePositive: number;
  slopeNegative: number;
  /** κ_att = γ⁴ + 2λ²γ² (§6.6) */
  kappaAttention: number;
  /** κ_mlp = 2γ⁴ + 2λ²γ² (§6.6) */
  kappaMlp: number;
}

/** Applies the P2 defaults (γ² = 1/8, τ₀ = 1, c₊ = 0, c₋ = −1.5) and checks ranges. */
export function resolveShapedParameters(p: ShapedModelParameters = {}): ResolvedShapedParameters {
  const g2 = p.branchWeightSquared ?? 1 / 8;
  const tau = p.temperature ?? 1;
  const cp = p.slopePositive ?? 0;
  const cm = p.slopeNegative ?? -1.5;
  if (!(g2 > 0 && g2 <= 1)) throw new Error(`branchWeightSquared: expected γ² in (0, 1], got ${g2}`);
  if (!(tau > 0) || !Number.isFinite(tau)) throw new Error(`temperature: expected τ₀ > 0, got ${tau}`);
  if (!Number.isFinite(cp)) throw new Error(`slopePositive: expected a finite number, got ${cp}`);
  if (!Number.isFinite(cm)) throw new Error(`slopeNegative: expected a finite number, got ${cm}`);
  const l2 = 1 - g2;
  return {
    branchWeightSquared: g2,
    skipWeightSquared: l2,
    temperature: tau,
    slopePositive: cp,
    slopeNegative: cm,
    kappaAttention: g2 * g2 + 2 * l2 * g2,
    kappaMlp: 2 * g2 * g2 + 2 * l2 * g2,
  };
}

/**
 * Shaped-ReLU normaliser c with 1/c = E φ_s(g)² = 1 + (c₊ + c₋)/√n + (c₊² + c₋²)/(2n), g ~ N(0, 1) (§6.4).
 */
export function shapedReluNormaliser(slopePositive: number, slopeNegative: number, width: number): number {
  if (!(width > 0)) throw new Error(`width: expected n > 0, got ${width}`);
  const r = Math.sqrt(width);
  return 1 / (1 + (slopePositive + slopeNegative) / r + (slopePositive ** 2 + slopeNegative ** 2) / (2 * width));
}

/**
 * Correlation drift of the shaped ReLU (§6.5): ν(ρ) = ((c₊ − c₋)²/(2π)) (√(1 − ρ²) − ρ arccos ρ), ρ clipped to [−1, 1].
 */
export function shapedReluCorrelationDrift(rho: number, slopePositive: number, slopeNegative: number): number {
  const r = rho > 1 ? 1 : rho < -1 ? -1 : rho;
  const diff = slopePositive - slopeNegative;
  return ((diff * diff) / (2 * Math.PI)) * (Math.sqrt(1 - r * r) - r * Math.acos(r));
}

/**
 * Adds the residual shaped-ReLU MLP drift γ² ν(ρ^{αβ}) √(V^{αα} V^{ββ}) (§6.5–6.6) of the m×m block v[vOffset…] into
 * out[outOffset…] (out += …; zero out first for the drift alone). Diagonal entries get γ² ν(1) V^{αα} = 0.
 */
export function addMlpDrift(
  v: Float64Array, vOffset: number, m: number, p: ResolvedShapedParameters, out: Float64Array, outOffset: number,
): void {
  const g2 = p.branchWeightSquared;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const vaa = v[vOffset + a * m + a];
      const vbb = v[vOffset + b * m + b];
      const scale = Math.sqrt(Math.max(vaa, 0) * Math.max(vbb, 0));
      const rho = scale > 0 ? v[vOffset + a * m + b] / scale : 0;
      const x = g2 * shapedReluCorrelationDrift(rho, p.slopePositive, p.slopeNegative) * scale;
      out[outOffset + a * m + b] += x;
      out[outOffset + b * m + a] += x;
    }
  }
}

/** Scratch length needed by addShapedAttentionDrift for m tokens. */
export function attentionDriftScratchLength(m: number): number {
  return m * m + 3 * m;
}

/**
 * Adds the shaped-attention residual drift (§6.7) of the block v[vOffset…] into out[outOffset…]:
 *   b(V) = (γ²/τ₀²) [ tr(VJVJ) V / m² + (diag(V) (Vd)ᵀ + (Vd) diag(V)ᵀ)/(2m) ],
 * with C = JVJ and d = diag(C) − (tr C/m) 1. scratch must hold attentionDriftScratchLength(m) numbers.
 */
export function addShapedAttentionDrift(
  v: Float64Array, vOffset: number, m: number, p: ResolvedShapedParameters,
  out: Float64Array, outOffset: number, scratch: Float64Array,
): void {
  const c = scratch; // C = J V J at [0, m²)
  const rowMean = m * m; // row means of V at [m², m² + m)
  const vd = m * m + m; // V d at [m² + m, m² + 2m)
  let total = 0;
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let b = 0; b < m; b++) s += v[vOffset + a * m + b];
    c[rowMean + a] = s / m;
    total += s;
  }
  const grand = total / (m * m);
  let trCC = 0;
  let trC = 0;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      const x = v[vOffset + a * m + b] - c[rowMean + a] - c[rowMean + b] + grand;
      c[a * m + b] = x;
      trCC += x * x;
    }
    trC += c[a * m + a];
  }
  // d_β = C_ββ − tr C/m at [m² + 2m, m² + 3m)
  const d = m * m + 2 * m;
  for (let b = 0; b < m; b++) scratch[d + b] = c[b * m + b] - trC / m;
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let b = 0; b < m; b++) s += v[vOffset + a * m + b] * scratch[d + b];
    scratch[vd + a] = s;
  }
  const k = p.branchWeightSquared / (p.temperature * p.temperature);
  for (let a = 0; a < m; a++) {
    const vaa = v[vOffset + a * m + a];
    for (let b = 0; b < m; b++) {
      const vbb = v[vOffset + b * m + b];
      out[outOffset + a * m + b] +=
        k * ((trCC * v[vOffset + a * m + b]) / (m * m) + (vaa * scratch[vd + b] + vbb * scratch[vd + a]) / (2 * m));
    }
  }
}

/** Which residual model a coefficient or SDE refers to. */
export type ShapedModel = 'attention' | 'mlp' | 'block';

/**
 * Drift b(V) as a new m×m array (not for hot loops): 'attention' §6.7, 'mlp' γ²ν(ρ)√(V^{αα}V^{ββ}) §6.5–6.6,
 * 'block' their sum §6.9.
 */
export function shapedDrift(v: ArrayLike<number>, m: number, model: ShapedModel, params: ShapedModelParameters = {}): Float64Array {
  const p = resolveShapedParameters(params);
  const vv = Float64Array.from(v);
  if (vv.length !== m * m) throw new Error(`v: expected ${m * m} entries for m = ${m}, got ${vv.length}`);
  const out = new Float64Array(m * m);
  if (model !== 'mlp') addShapedAttentionDrift(vv, 0, m, p, out, 0, new Float64Array(attentionDriftScratchLength(m)));
  if (model !== 'attention') addMlpDrift(vv, 0, m, p, out, 0);
  return out;
}

/**
 * Diffusion Σ^{αβ,γδ}(V) as an m²×m² array indexed [(α m + β)·m² + γ m + δ] (§6.7, §6.9):
 *   Σ = κ [V⊗V] + (γ⁴/(m²τ₀²)) [V^{αγ}D^{βδ} + V^{αδ}D^{βγ} + V^{βγ}D^{αδ} + V^{βδ}D^{αγ}],  D = VJVJV,
 * with κ = κ_att ('attention'), κ_mlp and no D-terms ('mlp'), κ_att + κ_mlp ('block').
 */
export function shapedDiffusion(v: ArrayLike<number>, m: number, model: ShapedModel, params: ShapedModelParameters = {}): Float64Array {
  const p = resolveShapedParameters(params);
  const V = (i: number, j: number) => v[i * m + j];
  const kappa = model === 'attention' ? p.kappaAttention : model === 'mlp' ? p.kappaMlp : p.kappaAttention + p.kappaMlp;
  const D = new Float64Array(m * m);
  if (model !== 'mlp') {
    const J = (i: number, j: number) => (i === j ? 1 : 0) - 1 / m;
    const C = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) s += J(i, a) * V(a, b) * J(b, j);
      C[i * m + j] = s;
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) s += V(i, a) * C[a * m + b] * V(b, j);
      D[i * m + j] = s;
    }
  }
  const g4 = p.branchWeightSquared * p.branchWeightSquared;
  const att = model === 'mlp' ? 0 : g4 / (m * m * p.temperature * p.temperature);
  const m2 = m * m;
  const out = new Float64Array(m2 * m2);
  const Dd = (i: number, j: number) => D[i * m + j];
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let c = 0; c < m; c++) for (let d = 0; d < m; d++) {
    out[(a * m + b) * m2 + c * m + d] =
      kappa * (V(a, c) * V(b, d) + V(a, d) * V(b, c)) +
      att * (V(a, c) * Dd(b, d) + V(a, d) * Dd(b, c) + V(b, c) * Dd(a, d) + V(b, d) * Dd(a, c));
  }
  return out;
}

/** Options of the two-token correlation coefficients (§6.8). */
export interface TwoTokenOptions extends ShapedModelParameters {
  /** q = V¹¹ = V²² (equal token norms); default 1 */
  normSquared?: number;
}

/**
 * Drift μ(ρ) and squared diffusion σ²(ρ) of dρ = μ dt + σ dB for m = 2 tokens with equal norms q (§6.5, §6.8):
 *   μ = γ²ν(ρ)·[mlp/block] − (κ/2) ρ(1−ρ²) + [attention/block] (γ⁴q²/(8τ₀²)) (1−ρ²)(1−ρ)²(2−ρ),
 *   σ² = κ(1−ρ²)² + [attention/block] (γ⁴q²/(4τ₀²)) (1−ρ²)²(1−ρ)²,
 * κ = κ_att, κ_mlp or κ_att + κ_mlp. For 'mlp' the equation is closed in ρ; with attention it holds at the instant
 * when V¹¹ = V²² = q (q itself drifts, §6.8).
 */
export function twoTokenCorrelationCoefficients(
  rho: number, model: ShapedModel, options: TwoTokenOptions = {},
): { drift: number; diffusionSquared: number } {
  const p = resolveShapedParameters(options);
  const q = options.normSquared ?? 1;
  const kappa = model === 'attention' ? p.kappaAttention : model === 'mlp' ? p.kappaMlp : p.kappaAttention + p.kappaMlp;
  const one = 1 - rho * rho;
  let drift = -(kappa / 2) * rho * one;
  let diffusionSquared = kappa * one * one;
  if (model !== 'attention') drift += p.branchWeightSquared * shapedReluCorrelationDrift(rho, p.slopePositive, p.slopeNegative);
  if (model !== 'mlp') {
    const g4q2 = (p.branchWeightSquared ** 2 * q * q) / (p.temperature * p.temperature);
    drift += (g4q2 / 8) * one * (1 - rho) ** 2 * (2 - rho);
    diffusionSquared += (g4q2 / 4) * one * one * (1 - rho) ** 2;
  }
  return { drift, diffusionSquared };
}
