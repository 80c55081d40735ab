/**
 * Closed-form drift and diffusion coefficients of P2's covariance SDEs (THEORY.md §6.5–6.9), time t = ℓ/n.
 *
 * Symbols: m tokens, V the token Gram matrix, γ² the branch weight (λ² = 1 − γ² the skip weight), τ₀ the attention
 * temperature constant, c₊, c₋ the shaped-ReLU constants (slopes s_± = 1 + c_±/√n), J = I − 11ᵀ/m.
 */
import { checkOptionKeys, choiceOption, numberOption, rejectOption, type KeysComplete } from './solver-inputs';
import { shapedParametersOfTable } from './network-spec';
import { tableOf, type SpecOrTable } from './table-input';

/** Parameters shared by every shaped-model coefficient: plain, or read from a 'shaped' Spec or ParameterTable. */
export interface ShapedModelParameters {
  /** the shaped network: γ² = b_L² (b_L = table.branchMultiplier), τ₀ = spec.temperature, (c₊, c₋) = spec.shapedReluSlopes */
  spec?: SpecOrTable;
  /** γ², branch weight squared (skip weight λ² = 1 − γ²); default 1/8 */
  branchWeightSquared?: number;
  /** τ₀, attention temperature constant (τ = τ₀ √(n n_k)); default 1 */
  temperature?: number;
  /** (c₊, c₋), the shaped-ReLU constants of the slopes s_± = 1 + c_±/√n (the Spec's shapedReluSlopes); default (0, −1.5) */
  shapedReluSlopes?: [number, number];
}

/** Option keys of ShapedModelParameters. */
export const shapedParameterKeys = ['spec', 'branchWeightSquared', 'temperature', 'shapedReluSlopes'] as const;
const shapedKeysComplete: KeysComplete<ShapedModelParameters, typeof shapedParameterKeys> = true;
void shapedKeysComplete;

/** Fully resolved parameters (defaults applied, validated). */
export interface ResolvedShapedParameters {
  branchWeightSquared: number;
  skipWeightSquared: number;
  temperature: number;
  /** (c₊, c₋) */
  shapedReluSlopes: [number, number];
  /** κ_att = γ⁴ + 2λ²γ² (§6.6) */
  kappaAttention: number;
  /** κ_mlp = 2γ⁴ + 2λ²γ² (§6.6) */
  kappaMlp: number;
}

/** The shaped-ReLU constants (c₊, c₋): a pair of finite numbers, default (0, −1.5) (THEORY.md §6.4). */
export function slopesOption(value: unknown, field = 'shapedReluSlopes'): [number, number] {
  if (value === undefined) return [0, -1.5];
  if (!Array.isArray(value) || value.length !== 2 || !value.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    rejectOption(field, value, 'a pair of finite numbers [c₊, c₋]');
  }
  return [value[0], value[1]];
}

/** Applies the P2 defaults (γ² = 1/8, τ₀ = 1, c₊ = 0, c₋ = −1.5) and checks ranges; with spec, reads them from it. */
export function resolveShapedParameters(options: ShapedModelParameters = {}): ResolvedShapedParameters {
  let p = options;
  if (options.spec !== undefined) {
    for (const key of shapedParameterKeys) {
      if (key !== 'spec' && options[key] !== undefined) rejectOption(key, options[key], 'to be absent when spec is given (read from the spec and its table)');
    }
    const table = tableOf('spec', options.spec);
    if (table.spec.architecture !== 'shaped') rejectOption('spec.architecture', table.spec.architecture, "'shaped' (the shaped-attention, shaped-ReLU coefficients)");
    p = shapedParametersOfTable(table);
  }
  const g2 = numberOption('branchWeightSquared', p.branchWeightSquared, 1 / 8, { above: 0, atMost: 1, describe: 'γ² in (0, 1]' });
  const tau = numberOption('temperature', p.temperature, 1, { above: 0, describe: 'τ₀, a finite number > 0' });
  const slopes = slopesOption(p.shapedReluSlopes);
  const l2 = 1 - g2;
  return {
    branchWeightSquared: g2,
    skipWeightSquared: l2,
    temperature: tau,
    shapedReluSlopes: slopes,
    kappaAttention: g2 * g2 + 2 * l2 * g2,
    kappaMlp: 2 * g2 * g2 + 2 * l2 * g2,
  };
}

/** Shaped-ReLU normaliser c, 1/c = 1 + (c₊ + c₋)/√n + (c₊² + c₋²)/(2n) (§6.4): derived once, in spec/scales. */
export { shapedReluNormaliser } from '../spec/scales';

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
 * `weight` replaces γ² (1 for the plain MLP of §6.5).
 */
export function addMlpDrift(
  v: Float64Array, vOffset: number, m: number, p: ResolvedShapedParameters, out: Float64Array, outOffset: number,
  weight = p.branchWeightSquared,
): void {
  const g2 = weight;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const vaa = v[vOffset + a * m + a];
      const vbb = v[vOffset + b * m + b];
      const scale = Math.sqrt(Math.max(vaa, 0) * Math.max(vbb, 0));
      const rho = scale > 0 ? v[vOffset + a * m + b] / scale : 0;
      const x = g2 * shapedReluCorrelationDrift(rho, p.shapedReluSlopes[0], p.shapedReluSlopes[1]) * scale;
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

/**
 * Which model a coefficient or SDE refers to: the residual sub-blocks 'attention' (§6.7), 'mlp' (§6.5–6.6) and
 * 'block' (§6.9), or the plain shaped-ReLU MLP 'plainMlp' X ← √(c/n) φ_s(X) W without skip (§6.5).
 */
export type ShapedModel = 'attention' | 'mlp' | 'block' | 'plainMlp';

/** Every ShapedModel. */
export const shapedModels: readonly ShapedModel[] = ['attention', 'mlp', 'block', 'plainMlp'];

/** Checks a model name (default `fallback` when undefined). */
export function resolveShapedModel(value: unknown, fallback: ShapedModel): ShapedModel {
  return choiceOption('model', value, fallback, shapedModels);
}

/**
 * κ of the Wishart part κ[V⊗V] of Σ (§6.6): κ_att = γ⁴ + 2λ²γ², κ_mlp = 2γ⁴ + 2λ²γ², their sum for 'block', and
 * 1 for 'plainMlp' (one fresh N(0, 1)/√n matrix per layer, no skip: Σ = V⊗V, §6.5).
 */
export function wishartCoefficient(model: ShapedModel, p: ResolvedShapedParameters): number {
  if (model === 'plainMlp') return 1;
  return model === 'attention' ? p.kappaAttention : model === 'mlp' ? p.kappaMlp : p.kappaAttention + p.kappaMlp;
}

/** Weight of the shaped-ReLU drift ν(ρ)√(V^{αα}V^{ββ}): γ² for 'mlp' and 'block', 1 for 'plainMlp', 0 for 'attention'. */
export function reluDriftWeight(model: ShapedModel, p: ResolvedShapedParameters): number {
  if (model === 'plainMlp') return 1;
  return model === 'attention' ? 0 : p.branchWeightSquared;
}

/** Whether the model has the shaped-attention drift and diffusion terms (§6.7): 'attention' and 'block'. */
export function hasShapedAttention(model: ShapedModel): boolean {
  return model === 'attention' || model === 'block';
}

/**
 * Drift b(V) as a new m×m array (not for hot loops): 'attention' §6.7, 'mlp' γ²ν(ρ)√(V^{αα}V^{ββ}) §6.5–6.6,
 * 'block' their sum §6.9, 'plainMlp' ν(ρ)√(V^{αα}V^{ββ}) §6.5.
 */
export function shapedDrift(v: ArrayLike<number>, m: number, model: ShapedModel, params: ShapedModelParameters = {}): Float64Array {
  checkOptionKeys('shapedDrift', params, shapedParameterKeys);
  resolveShapedModel(model, 'attention');
  const p = resolveShapedParameters(params);
  const vv = Float64Array.from(v);
  if (vv.length !== m * m) throw new Error(`v: expected ${m * m} entries for m = ${m}, got ${vv.length}`);
  const out = new Float64Array(m * m);
  if (hasShapedAttention(model)) addShapedAttentionDrift(vv, 0, m, p, out, 0, new Float64Array(attentionDriftScratchLength(m)));
  const weight = reluDriftWeight(model, p);
  if (weight !== 0) addMlpDrift(vv, 0, m, p, out, 0, weight);
  return out;
}

/**
 * Diffusion Σ^{αβ,γδ}(V) as an m²×m² array indexed [(α m + β)·m² + γ m + δ] (§6.7, §6.9):
 *   Σ = κ [V⊗V] + (γ⁴/(m²τ₀²)) [V^{αγ}D^{βδ} + V^{αδ}D^{βγ} + V^{βγ}D^{αδ} + V^{βδ}D^{αγ}],  D = VJVJV,
 * with κ = κ_att ('attention'), κ_mlp and no D-terms ('mlp'), κ_att + κ_mlp ('block'), κ = 1 and no D-terms ('plainMlp').
 */
export function shapedDiffusion(v: ArrayLike<number>, m: number, model: ShapedModel, params: ShapedModelParameters = {}): Float64Array {
  checkOptionKeys('shapedDiffusion', params, shapedParameterKeys);
  resolveShapedModel(model, 'attention');
  const p = resolveShapedParameters(params);
  const V = (i: number, j: number) => v[i * m + j];
  const kappa = wishartCoefficient(model, p);
  const D = new Float64Array(m * m);
  const attention = hasShapedAttention(model);
  if (attention) {
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
  const att = attention ? g4 / (m * m * p.temperature * p.temperature) : 0;
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

/** Option keys of TwoTokenOptions. */
export const twoTokenKeys = [...shapedParameterKeys, 'normSquared'] as const;
const twoTokenKeysComplete: KeysComplete<TwoTokenOptions, typeof twoTokenKeys> = true;
void twoTokenKeysComplete;

/**
 * Drift μ(ρ) and squared diffusion σ²(ρ) of dρ = μ dt + σ dB for m = 2 tokens with equal norms q (§6.5, §6.8):
 *   μ = w ν(ρ) − (κ/2) ρ(1−ρ²) + [attention/block] (γ⁴q²/(8τ₀²)) (1−ρ²)(1−ρ)²(2−ρ),
 *   σ² = κ(1−ρ²)² + [attention/block] (γ⁴q²/(4τ₀²)) (1−ρ²)²(1−ρ)²,
 * κ = κ_att, κ_mlp, κ_att + κ_mlp or 1 ('plainMlp'); w = γ² ('mlp', 'block'), 1 ('plainMlp') or 0. For 'plainMlp'
 * this is §6.5's dρ = [ν(ρ) − ½ρ(1−ρ²)] dt + (1−ρ²) dB. For 'mlp' and 'plainMlp' the equation is closed in ρ; with
 * attention it holds at the instant when V¹¹ = V²² = q (q itself drifts, §6.8).
 */
export function twoTokenCorrelationCoefficients(
  rho: number, model: ShapedModel, options: TwoTokenOptions = {},
): { drift: number; diffusionSquared: number } {
  checkOptionKeys('twoTokenCorrelationCoefficients', options, twoTokenKeys);
  resolveShapedModel(model, 'mlp');
  const p = resolveShapedParameters(options);
  const q = numberOption('normSquared', options.normSquared, 1, { above: 0, describe: 'q = V¹¹ = V²², a finite number > 0' });
  return twoTokenCoefficientsResolved(rho, model, p, q);
}

/** twoTokenCorrelationCoefficients with checked inputs (for hot loops). */
export function twoTokenCoefficientsResolved(
  rho: number, model: ShapedModel, p: ResolvedShapedParameters, q: number,
): { drift: number; diffusionSquared: number } {
  const kappa = wishartCoefficient(model, p);
  const one = 1 - rho * rho;
  let drift = -(kappa / 2) * rho * one;
  let diffusionSquared = kappa * one * one;
  const weight = reluDriftWeight(model, p);
  if (weight !== 0) drift += weight * shapedReluCorrelationDrift(rho, p.shapedReluSlopes[0], p.shapedReluSlopes[1]);
  if (hasShapedAttention(model)) {
    const g4q2 = (p.branchWeightSquared ** 2 * q * q) / (p.temperature * p.temperature);
    drift += (g4q2 / 8) * one * (1 - rho) ** 2 * (2 - rho);
    diffusionSquared += (g4q2 / 4) * one * one * (1 - rho) ** 2;
  }
  return { drift, diffusionSquared };
}
