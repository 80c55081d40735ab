/**
 * Options shared by the finite-width covariance chain, the brute-force network and the covariance SDE
 * (THEORY.md §6.3–6.4, §6.11–6.13), with the P2 defaults of FIGURES.md: m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ,
 * n = n_k = 200, 150 layers, γ² = 1/8 (λ² + γ² = 1), τ₀ = 1.
 */
import { ShapedModelParameters, resolveShapedParameters, ResolvedShapedParameters, shapedParameterKeys } from './shaped-coefficients';
import { mlpNormaliser } from '../spec/families';
import { powerLawLogitScale, shapedLogitScale } from '../spec/scales';
import { p2TableOf, tableNetwork } from './network-spec';
import type { SpecOrTable } from './table-input';
import {
  LongRunOptions, booleanOption, checkPositiveSemidefinite, choiceOption, integerOption, longRunKeys, numberOption, rejectOption,
  type KeysComplete,
} from './solver-inputs';

/** Initial token Gram matrix, shared by chain, network and SDE. */
export interface InitialCovarianceOptions {
  /** m, number of tokens; default 4 */
  tokens?: number;
  /** V₀ as an m×m nested array or a flat row-major array; default (1 − ρ₀) I + ρ₀ 11ᵀ */
  initialCovariance?: ArrayLike<number> | number[][];
  /** ρ₀ used when initialCovariance is absent; default 0.2 */
  initialCorrelation?: number;
}

/**
 * Architecture of one residual layer of the finite network (chain or brute force). Plain options, or `spec`: a 'shaped'
 * or 'preLn' Spec or ParameterTable whose table gives m, n, n_k, depth, the attention kind, λ, γ, the logit scale and
 * the MLP (then tokens, width, keyDim, depth, attention, activation and the ShapedModelParameters are refused).
 */
export interface NetworkOptions extends ShapedModelParameters, InitialCovarianceOptions, LongRunOptions {
  /** The network as a Spec or ParameterTable (THEORY.md §2.5, §6.13); see network-spec.ts */
  spec?: SpecOrTable;
  /** n, width of the residual stream and of the MLP hidden layer; default 200 */
  width?: number;
  /** n_k, key/query dimension; default n */
  keyDim?: number;
  /** number of layers (residual blocks); default 150 */
  depth?: number;
  /** attention sub-block: 'shaped' (§6.2), 'standard' softmax(qkᵀ/√n_k) (§6.13) or 'none'; default 'shaped' */
  attention?: 'shaped' | 'standard' | 'none';
  /** 'none' (λ/γ residual) or 'preRms' (Pre-LN: RMS-normalized branch input, §6.13); default 'none', with spec: 'preRms' for 'preLn' */
  normalization?: 'none' | 'preRms';
  /** residual weights under 'preRms': 'unit' (skip and branch 1, P2-1L) or 'weighted' (λ, γ as the builder's Pre-LN); default 'unit' */
  preNormResidual?: 'unit' | 'weighted';
  /** add the MLP sub-block X ← λY + γ√(c/n) φ(Y W^pre/√n) W^post after attention (§6.4); default false (with spec: true) */
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
  /** λ and γ (the table's skipMultiplier and branchMultiplier; both 1 under Pre-LN with unit residual weights) */
  skipMultiplier: number;
  branchMultiplier: number;
  /** attention logit scale: 1/(τ₀√(n n_k)) shaped, 1/√n_k standard (N^{−α_A} of a spec), as the table's logitScale */
  logitScale: number;
  /** activation slopes s₊, s₋ and normaliser c */
  slopeUp: number;
  slopeDown: number;
  normaliser: number;
  shaped: ResolvedShapedParameters;
}

/** Option keys of InitialCovarianceOptions. */
export const initialCovarianceKeys = ['tokens', 'initialCovariance', 'initialCorrelation'] as const;
const initialKeysComplete: KeysComplete<InitialCovarianceOptions, typeof initialCovarianceKeys> = true;

/** Option keys of NetworkOptions (the chain and the brute-force network add their own). */
export const networkOptionKeys = [
  ...shapedParameterKeys, ...initialCovarianceKeys, ...longRunKeys,
  'spec', 'width', 'keyDim', 'depth', 'attention', 'normalization', 'preNormResidual', 'mlp', 'activation', 'samples', 'seed', 'recordLayers',
] as const;
const networkKeysComplete: KeysComplete<NetworkOptions, typeof networkOptionKeys> = true;
void initialKeysComplete;
void networkKeysComplete;

/**
 * V₀ from the options (validated: m×m finite entries, symmetric, positive diagonal, positive semidefinite — a
 * non-PSD V₀ is refused naming its smallest eigenvalue). Default (1 − ρ₀) I + ρ₀ 11ᵀ with ρ₀ ∈ (−1/(m−1), 1).
 */
export function resolveInitialCovariance(o: InitialCovarianceOptions): Float64Array {
  const m = integerOption('tokens', o.tokens, 4, 1, 64);
  if (o.initialCovariance === undefined) {
    const rho = numberOption('initialCorrelation', o.initialCorrelation, 0.2, {
      above: -1 / Math.max(m - 1, 1), below: 1, describe: `ρ₀ in (−1/(m−1), 1) = (${(-1 / Math.max(m - 1, 1)).toPrecision(4)}, 1) for a PSD V₀ with m = ${m}`,
    });
    const v = new Float64Array(m * m).fill(rho);
    for (let i = 0; i < m; i++) v[i * m + i] = 1;
    return v;
  }
  if (o.initialCorrelation !== undefined) {
    rejectOption('initialCorrelation', o.initialCorrelation, 'to be absent when initialCovariance is given (V₀ sets every correlation)');
  }
  const raw = o.initialCovariance as unknown;
  if (!Array.isArray(raw) && !ArrayBuffer.isView(raw)) rejectOption('initialCovariance', raw, `an ${m}×${m} nested array or a flat array of ${m * m} numbers`);
  const rows = raw as ArrayLike<unknown>;
  const nested = rows.length > 0 && Array.isArray(rows[0]);
  if (nested && !Array.from(rows).every((r) => Array.isArray(r) && r.length === m)) {
    rejectOption('initialCovariance', raw, `${m} rows of ${m} numbers for tokens = ${m}`);
  }
  const flat = nested ? (raw as unknown[][]).flat() : Array.from(rows);
  if (flat.length !== m * m) rejectOption('initialCovariance', raw, `${m}×${m} = ${m * m} entries for tokens = ${m} (got ${flat.length})`);
  flat.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) rejectOption(`initialCovariance[${Math.floor(i / m)}][${i % m}]`, x, 'a finite number');
  });
  const v = Float64Array.from(flat as number[]);
  for (let i = 0; i < m; i++) {
    if (!(v[i * m + i] > 0)) rejectOption(`initialCovariance[${i}][${i}]`, v[i * m + i], 'a diagonal entry > 0');
    for (let j = 0; j < m; j++) {
      if (Math.abs(v[i * m + j] - v[j * m + i]) > 1e-12 * Math.abs(v[i * m + i])) {
        throw new Error(`initialCovariance: expected a symmetric matrix, got entries (${i},${j}) = ${v[i * m + j]} and (${j},${i}) = ${v[j * m + i]}`);
      }
    }
  }
  checkPositiveSemidefinite('initialCovariance', v, m);
  return v;
}

/** Sorted, unique record layers within [0, depth]; default every layer. */
export function resolveRecordPoints(name: string, points: unknown, last: number): Int32Array {
  if (points === undefined) return Int32Array.from({ length: last + 1 }, (_, i) => i);
  if (!Array.isArray(points) && !ArrayBuffer.isView(points)) rejectOption(name, points, `an array of integers in [0, ${last}]`);
  const set = new Set<number>();
  Array.from(points as ArrayLike<unknown>).forEach((p, i) => {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > last) rejectOption(`${name}[${i}]`, p, `an integer in [0, ${last}]`);
    set.add(p);
  });
  if (set.size === 0) rejectOption(name, points, 'at least one entry');
  return Int32Array.from([...set].sort((a, b) => a - b));
}

/**
 * Applies defaults and validates NetworkOptions. Plain form: λ = √(1 − γ²), γ = √γ² (1, 1 under Pre-LN with unit
 * weights), logit scale shapedLogitScale(τ₀, n, n_k) or powerLawLogitScale(n_k, ½) and c = mlpNormaliser, the functions
 * resolve() uses for the table (THEORY.md §6.2–6.4, §6.13). Spec form: those factors read from the table.
 */
export function resolveNetworkOptions(o: NetworkOptions = {}): ResolvedNetwork {
  if (o.spec !== undefined) return resolveSpecNetwork(o);
  const tokens = integerOption('tokens', o.tokens, 4, 1, 64);
  const width = integerOption('width', o.width, 200, tokens);
  const keyDim = integerOption('keyDim', o.keyDim, width, 1);
  const depth = integerOption('depth', o.depth, 150, 0);
  const attention = choiceOption('attention', o.attention, 'shaped', ['shaped', 'standard', 'none'] as const);
  const normalization = choiceOption('normalization', o.normalization, 'none', ['none', 'preRms'] as const);
  const weighted = choiceOption('preNormResidual', o.preNormResidual, 'unit', ['unit', 'weighted'] as const) === 'weighted';
  const activation = choiceOption('activation', o.activation, 'shapedRelu', ['shapedRelu', 'relu'] as const);
  const mlp = booleanOption('mlp', o.mlp, false);
  const shaped = resolveShapedParameters(o);
  const unit = normalization === 'preRms' && !weighted;
  return finishNetwork(o, {
    tokens, width, keyDim, depth, attention, preNorm: normalization === 'preRms', mlp, shaped,
    skipMultiplier: unit ? 1 : Math.sqrt(shaped.skipWeightSquared),
    branchMultiplier: unit ? 1 : Math.sqrt(shaped.branchWeightSquared),
    logitScale: attention === 'shaped' ? shapedLogitScale(shaped.temperature, width, keyDim) : powerLawLogitScale(keyDim, 0.5),
    activation,
    normaliser: mlpNormaliser(activation, shaped.shapedReluSlopes, width),
  });
}

/** The spec form of resolveNetworkOptions: sizes and scale factors from the table (network-spec.ts). */
function resolveSpecNetwork(o: NetworkOptions): ResolvedNetwork {
  const net = tableNetwork(p2TableOf('the covariance chain', o as Record<string, unknown>, ['shaped', 'preLn']));
  if (net.tokens > 64) rejectOption('spec.tokens', net.tokens, 'an integer in [1, 64] (the chain tracks the m×m Gram matrix)');
  if (net.width < net.tokens) rejectOption('spec.headDim', net.width, `n ≥ m = ${net.tokens} tokens`);
  const normalization = choiceOption('normalization', o.normalization, net.normalization, ['none', 'preRms'] as const);
  if (o.preNormResidual !== undefined) rejectOption('preNormResidual', o.preNormResidual, 'to be absent when spec is given (λ, γ come from the table)');
  return finishNetwork(o, {
    ...net, preNorm: normalization === 'preRms', mlp: booleanOption('mlp', o.mlp, true), shaped: resolveShapedParameters(net.shaped),
  });
}

/** The network's sizes, kinds and scale factors, resolved by either form. */
type NetworkCore = Pick<ResolvedNetwork, 'tokens' | 'width' | 'keyDim' | 'depth' | 'attention' | 'preNorm' | 'mlp' | 'shaped'
  | 'skipMultiplier' | 'branchMultiplier' | 'logitScale' | 'normaliser'> & { activation: 'shapedRelu' | 'relu' };

/** Adds V₀, samples, seed, record layers and the activation slopes s_± = 1 + c_±/√n (1, 0 for ReLU) to a core. */
function finishNetwork(o: NetworkOptions, core: NetworkCore): ResolvedNetwork {
  const { activation, ...rest } = core;
  if (rest.attention === 'none' && !rest.mlp) rejectOption('mlp', o.mlp, "true when attention is 'none' (the network needs a sub-block)");
  const root = Math.sqrt(rest.width);
  return {
    ...rest,
    initialCovariance: resolveInitialCovariance({ ...o, tokens: rest.tokens }),
    samples: integerOption('samples', o.samples, 2048, 1),
    seed: numberOption('seed', o.seed, 0),
    recordLayers: resolveRecordPoints('recordLayers', o.recordLayers, rest.depth),
    slopeUp: activation === 'relu' ? 1 : 1 + rest.shaped.shapedReluSlopes[0] / root,
    slopeDown: activation === 'relu' ? 0 : 1 + rest.shaped.shapedReluSlopes[1] / root,
  };
}
