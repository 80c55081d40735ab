/**
 * Options shared by the finite-width covariance chain, the brute-force network and the covariance SDE
 * (THEORY.md §6.3–6.4, §6.11–6.13), with the P2 defaults of FIGURES.md: m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ,
 * n = n_k = 200, 150 layers, γ² = 1/8 (λ² + γ² = 1), τ₀ = 1.
 */
import { ShapedModelParameters, resolveShapedParameters, ResolvedShapedParameters, shapedReluNormaliser } from './shaped-coefficients';

/** Initial token Gram matrix, shared by chain, network and SDE. */
export interface InitialCovarianceOptions {
  /** m, number of tokens; default 4 */
  tokens?: number;
  /** V₀ as an m×m nested array or a flat row-major array; default (1 − ρ₀) I + ρ₀ 11ᵀ */
  initialCovariance?: ArrayLike<number> | number[][];
  /** ρ₀ used when initialCovariance is absent; default 0.2 */
  initialCorrelation?: number;
}

/** Architecture of one residual layer of the finite network (chain or brute force). */
export interface NetworkOptions extends ShapedModelParameters, InitialCovarianceOptions {
  /** n, width of the residual stream and of the MLP hidden layer; default 200 */
  width?: number;
  /** n_k, key/query dimension; default n */
  keyDim?: number;
  /** number of layers (residual blocks); default 150 */
  depth?: number;
  /** attention sub-block: 'shaped' (§6.2), 'standard' softmax(qkᵀ/√n_k) (§6.13) or 'none'; default 'shaped' */
  attention?: 'shaped' | 'standard' | 'none';
  /** 'none' (λ/γ residual) or 'preRms' (Pre-LN: unit skip and branch, RMS-normalized branch input, §6.13); default 'none' */
  normalization?: 'none' | 'preRms';
  /** add the MLP sub-block X ← λY + γ√(c/n) φ(Y W^pre/√n) W^post after attention (§6.4); default false */
  mlp?: boolean;
  /** MLP activation: 'shapedRelu' φ_s with slopes 1 + c_±/√n, or plain 'relu' (c = 2); default 'shapedRelu' */
  activation?: 'shapedRelu' | 'relu';
  /** K, number of independent samples; default 2048 */
  samples?: number;
  /** seed of all randomness; default 0 */
  seed?: number;
  /** layers ℓ at which V is recorded (0 = input); default every layer 0…depth */
  recordLayers?: number[];
}

/** Fully resolved network options. */
export interface ResolvedNetwork {
  tokens: number;
  initialCovariance: Float64Array;
  width: number;
  keyDim: number;
  depth: number;
  attention: 'shaped' | 'standard' | 'none';
  preNorm: boolean;
  mlp: boolean;
  samples: number;
  seed: number;
  recordLayers: Int32Array;
  /** λ, γ (both 1 under Pre-LN) */
  skip: number;
  branch: number;
  /** attention logit scale: 1/(τ₀√(n n_k)) shaped, 1/√n_k standard */
  logitScale: number;
  /** activation slopes s₊, s₋ and normaliser c */
  slopeUp: number;
  slopeDown: number;
  normaliser: number;
  shaped: ResolvedShapedParameters;
}

function positiveInteger(name: string, x: number, min = 1): number {
  if (!Number.isInteger(x) || x < min) throw new Error(`${name}: expected an integer ≥ ${min}, got ${x}`);
  return x;
}

/** V₀ from the options (validated: symmetric, m×m, positive diagonal). */
export function resolveInitialCovariance(o: InitialCovarianceOptions): Float64Array {
  const m = positiveInteger('tokens', o.tokens ?? 4);
  if (o.initialCovariance === undefined) {
    const rho = o.initialCorrelation ?? 0.2;
    if (!(rho > -1 / Math.max(m - 1, 1) && rho < 1)) {
      throw new Error(`initialCorrelation: expected ρ₀ in (−1/(m−1), 1) for a PSD V₀, got ${rho}`);
    }
    const v = new Float64Array(m * m).fill(rho);
    for (let i = 0; i < m; i++) v[i * m + i] = 1;
    return v;
  }
  const raw = o.initialCovariance as ArrayLike<unknown>;
  const flat = raw.length > 0 && Array.isArray(raw[0]) ? (o.initialCovariance as number[][]).flat() : Array.from(o.initialCovariance as ArrayLike<number>);
  if (flat.length !== m * m) throw new Error(`initialCovariance: expected ${m}×${m} entries for tokens = ${m}, got ${flat.length}`);
  const v = Float64Array.from(flat);
  for (let i = 0; i < m; i++) {
    if (!(v[i * m + i] > 0)) throw new Error(`initialCovariance: diagonal entry ${i} must be > 0, got ${v[i * m + i]}`);
    for (let j = 0; j < m; j++) {
      if (Math.abs(v[i * m + j] - v[j * m + i]) > 1e-12 * Math.abs(v[i * m + i])) {
        throw new Error(`initialCovariance: must be symmetric, entries (${i},${j}) and (${j},${i}) differ`);
      }
    }
  }
  return v;
}

/** Sorted, unique record layers within [0, depth]; default every layer. */
export function resolveRecordPoints(name: string, points: number[] | undefined, last: number): Int32Array {
  if (points === undefined) return Int32Array.from({ length: last + 1 }, (_, i) => i);
  const set = new Set<number>();
  for (const p of points) {
    if (!Number.isInteger(p) || p < 0 || p > last) throw new Error(`${name}: expected integers in [0, ${last}], got ${p}`);
    set.add(p);
  }
  if (set.size === 0) throw new Error(`${name}: expected at least one entry`);
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/** Applies defaults and validates NetworkOptions. */
export function resolveNetworkOptions(o: NetworkOptions = {}): ResolvedNetwork {
  const tokens = positiveInteger('tokens', o.tokens ?? 4);
  const width = positiveInteger('width', o.width ?? 200, tokens);
  const keyDim = positiveInteger('keyDim', o.keyDim ?? width);
  const depth = positiveInteger('depth', o.depth ?? 150, 0);
  const samples = positiveInteger('samples', o.samples ?? 2048);
  const seed = o.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
  const attention = o.attention ?? 'shaped';
  if (!['shaped', 'standard', 'none'].includes(attention)) throw new Error(`attention: expected 'shaped' | 'standard' | 'none', got ${attention}`);
  const normalization = o.normalization ?? 'none';
  if (!['none', 'preRms'].includes(normalization)) throw new Error(`normalization: expected 'none' | 'preRms', got ${normalization}`);
  const activation = o.activation ?? 'shapedRelu';
  if (!['shapedRelu', 'relu'].includes(activation)) throw new Error(`activation: expected 'shapedRelu' | 'relu', got ${activation}`);
  const mlp = o.mlp ?? false;
  if (attention === 'none' && !mlp) throw new Error(`mlp: with attention 'none' the MLP sub-block must be enabled (mlp: true)`);
  const shaped = resolveShapedParameters(o);
  const preNorm = normalization === 'preRms';
  const root = Math.sqrt(width);
  return {
    tokens,
    initialCovariance: resolveInitialCovariance({ ...o, tokens }),
    width,
    keyDim,
    depth,
    attention,
    preNorm,
    mlp,
    samples,
    seed,
    recordLayers: resolveRecordPoints('recordLayers', o.recordLayers, depth),
    skip: preNorm ? 1 : Math.sqrt(shaped.skipWeightSquared),
    branch: preNorm ? 1 : Math.sqrt(shaped.branchWeightSquared),
    logitScale: attention === 'shaped' ? 1 / (shaped.temperature * Math.sqrt(width * keyDim)) : 1 / Math.sqrt(keyDim),
    slopeUp: activation === 'relu' ? 1 : 1 + shaped.slopePositive / root,
    slopeDown: activation === 'relu' ? 0 : 1 + shaped.slopeNegative / root,
    normaliser: activation === 'relu' ? 2 : shapedReluNormaliser(shaped.slopePositive, shaped.slopeNegative, width),
    shaped,
  };
}
