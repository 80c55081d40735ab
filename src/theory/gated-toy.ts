/**
 * The XOR gated-attention toy of THEORY.md §5: shared data, gate constants and option checks used by both the finite
 * network (gated-toy-network.ts) and its discrete-time DMFT (gated-toy-dmft.ts).
 *
 * Data (§5.1): D = 2, P = 4 points x_μ ∈ {(1,1), (1,−1), (−1,−1), (−1,1)}, targets y = (1, −1, 1, −1), C^x_{μν} = x_μ·x_ν/D.
 * Gates g = 0…G−1: ρ_g = linspace(−0.9, 0.9, G) (warm start), 0 (cold start) or given; u_g deterministic, random or
 * given; a^g_μ = u_g·x_μ/√D (§5.2).
 */
import { Random } from '../base/random';
import {
  LongRunOptions, booleanOption, choiceOption, integerOption, longRunKeys, numberListOption, numberOption, rejectOption,
  type KeysComplete,
} from './solver-inputs';

export const GATED_TOY_INPUTS: readonly (readonly number[])[] = [
  [1, 1],
  [1, -1],
  [-1, -1],
  [-1, 1],
];
export const GATED_TOY_TARGETS: readonly number[] = [1, -1, 1, -1];

/** Explicit gate directions u_g: G rows of D = 2 numbers, or a flat row-major array of G·D numbers. */
export type GateDirections = 'deterministic' | 'random' | readonly (readonly number[])[] | ArrayLike<number>;

/**
 * Options shared by the gated-toy network and its DMFT (§5.5 defaults: G = 6, η = 0.002, γ = 2.5, 1000 steps, warm
 * start ρ_g = linspace(−0.9, 0.9, G), deterministic u_g with θ₀ = 0.3).
 */
export interface GatedToyOptions extends LongRunOptions {
  /** G, number of gates (heads). Default 6, or the number of rows of explicit gateDirections / entries of gateOverlaps. */
  gates?: number;
  /** η, base learning rate (the network's rate is 0.5·N·γ²·η). Default 0.002. */
  learningRate?: number;
  /** γ, this toy's richness (output scale 1/(Nγ)). Default 2.5. */
  richness?: number;
  /** Number of gradient steps; the loss is recorded before each one (loss[t] = loss after t updates). Default 1000. */
  steps?: number;
  /** Warm start ρ_g = linspace(−0.9, 0.9, G); cold start ρ_g = 0. Default true; not allowed with gateOverlaps. */
  warmStart?: boolean;
  /** ρ_g, the overlap of each gate's query weights with its key direction, each in [−1, 1] (§5.2); overrides warmStart. */
  gateOverlaps?: ArrayLike<number>;
  /**
   * u_g: 'deterministic' = √2 (cos θ_g, sin θ_g), θ_g = 2πg/G + θ₀ (§5.5); 'random' = N(0, I_D) from `seed`; or the
   * directions themselves (G rows of D = 2 finite numbers, or a flat array of G·D). Default 'deterministic'.
   */
  gateDirections?: GateDirections;
  /** θ₀ of the deterministic directions; default 0.3 (the §5.5 reference values). Only with 'deterministic'. */
  gateAngleOffset?: number;
  /** Seed of the random gate directions (and, for the network, of the weights). Default 0. */
  seed?: number;
}

/** Option keys of GatedToyOptions. */
export const gatedToyKeys = [
  ...longRunKeys, 'gates', 'learningRate', 'richness', 'steps', 'warmStart', 'gateOverlaps', 'gateDirections', 'gateAngleOffset', 'seed',
] as const;
const gatedToyKeysComplete: KeysComplete<GatedToyOptions, typeof gatedToyKeys> = true;
void gatedToyKeysComplete;

export interface ResolvedGatedToyOptions {
  gates: number;
  learningRate: number;
  richness: number;
  steps: number;
  warmStart: boolean;
  /** how u_g was given */
  gateDirections: 'deterministic' | 'random' | 'explicit';
  /** u_g, row-major G × D */
  directions: Float64Array;
  /** ρ_g, length G */
  overlaps: Float64Array;
  seed: number;
}

/** Explicit directions as a flat G × D array (validated), or undefined for a named mode. */
function explicitDirections(value: unknown): Float64Array | undefined {
  if (value === undefined || typeof value === 'string') return undefined;
  const dim = GATED_TOY_INPUTS[0].length;
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    rejectOption('gateDirections', value, `'deterministic', 'random', or G rows of ${dim} finite numbers`);
  }
  const rows = Array.from(value as ArrayLike<unknown>);
  const nested = rows.length > 0 && Array.isArray(rows[0]);
  if (nested) {
    rows.forEach((r, g) => {
      if (!Array.isArray(r) || r.length !== dim) rejectOption(`gateDirections[${g}]`, r, `a row of D = ${dim} finite numbers`);
    });
  }
  const flat = nested ? (rows as unknown[][]).flat() : rows;
  if (flat.length === 0 || flat.length % dim !== 0) rejectOption('gateDirections', value, `G ≥ 1 rows of D = ${dim} numbers (a flat array of G·${dim})`);
  return Float64Array.from(numberListOption('gateDirections', flat));
}

/** Fills in §5.5 defaults and checks every field (throws naming the field, the value and what is allowed). */
export function resolveGatedToyOptions(options: GatedToyOptions = {}): ResolvedGatedToyOptions {
  const dim = GATED_TOY_INPUTS[0].length;
  const explicit = explicitDirections(options.gateDirections);
  const overlapList = options.gateOverlaps === undefined ? undefined : numberListOption('gateOverlaps', options.gateOverlaps);
  const inferred = explicit !== undefined ? explicit.length / dim : overlapList?.length;
  const gates = integerOption('gates', options.gates, inferred ?? 6, 1);
  if (explicit !== undefined && explicit.length / dim !== gates) {
    rejectOption('gateDirections', options.gateDirections, `G = ${gates} rows of D = ${dim} numbers (gates = ${gates})`);
  }
  const mode = explicit !== undefined ? 'explicit' : choiceOption('gateDirections', options.gateDirections, 'deterministic', ['deterministic', 'random'] as const);
  if (options.gateAngleOffset !== undefined && mode !== 'deterministic') {
    rejectOption('gateAngleOffset', options.gateAngleOffset, `to be absent unless gateDirections is 'deterministic' (it is ${mode})`);
  }
  const angleOffset = numberOption('gateAngleOffset', options.gateAngleOffset, 0.3, { describe: 'θ₀, a finite number (radians)' });
  const warmStart = booleanOption('warmStart', options.warmStart, true);
  let overlaps: Float64Array;
  if (overlapList !== undefined) {
    if (options.warmStart !== undefined) rejectOption('warmStart', options.warmStart, 'to be absent when gateOverlaps is given (ρ_g set explicitly)');
    if (overlapList.length !== gates) rejectOption('gateOverlaps', options.gateOverlaps, `G = ${gates} overlaps ρ_g (gates = ${gates})`);
    overlapList.forEach((r, g) => numberOption(`gateOverlaps[${g}]`, r, 0, { atLeast: -1, atMost: 1, describe: 'ρ_g in [−1, 1]' }));
    overlaps = Float64Array.from(overlapList);
  } else {
    overlaps = gatedToyOverlaps(gates, warmStart);
  }
  const seed = numberOption('seed', options.seed, 0);
  return {
    gates,
    learningRate: numberOption('learningRate', options.learningRate, 0.002, { above: 0, describe: 'η, a finite number > 0' }),
    richness: numberOption('richness', options.richness, 2.5, { above: 0, describe: 'γ, a finite number > 0' }),
    steps: integerOption('steps', options.steps, 1000, 1),
    warmStart: overlapList === undefined ? warmStart : overlaps.some((r) => r !== 0),
    gateDirections: mode,
    directions: explicit ?? gatedToyDirections(gates, mode as 'deterministic' | 'random', seed, angleOffset),
    overlaps,
    seed,
  };
}

/** ρ_g = linspace(−0.9, 0.9, G) for a warm start (a single gate gets −0.9, as numpy's linspace), 0 for a cold start. */
export function gatedToyOverlaps(gates: number, warmStart: boolean): Float64Array {
  const rho = new Float64Array(gates);
  if (!warmStart) return rho;
  for (let g = 0; g < gates; g++) rho[g] = gates === 1 ? -0.9 : -0.9 + (1.8 * g) / (gates - 1);
  return rho;
}

/**
 * Gate directions u_g ∈ ℝ^D, stored row-major G × D. 'deterministic': u_g = √2 (cos θ_g, sin θ_g), θ_g = 2πg/G + θ₀
 * with θ₀ = angleOffset (default 0.3, §5.5). 'random': i.i.d. N(0, 1) entries from the stream
 * `new Random(seed).fork(0)`, independent of the width N, so a seed means the same u_g for the DMFT and for networks
 * of every width.
 */
export function gatedToyDirections(gates: number, mode: 'deterministic' | 'random', seed: number, angleOffset = 0.3): Float64Array {
  const dim = GATED_TOY_INPUTS[0].length;
  const u = new Float64Array(gates * dim);
  if (mode === 'random') return new Random(seed).fork(0).fillNormal(u);
  for (let g = 0; g < gates; g++) {
    const theta = (2 * Math.PI * g) / gates + angleOffset;
    u[g * dim] = Math.SQRT2 * Math.cos(theta);
    u[g * dim + 1] = Math.SQRT2 * Math.sin(theta);
  }
  return u;
}

/** Inputs as a row-major P × D Float64Array, already divided by √D (so the network uses x_μ/√D directly). */
export function gatedToyScaledInputs(): Float64Array {
  const dim = GATED_TOY_INPUTS[0].length;
  const out = new Float64Array(GATED_TOY_INPUTS.length * dim);
  GATED_TOY_INPUTS.forEach((x, mu) => x.forEach((v, d) => (out[mu * dim + d] = v / Math.sqrt(dim))));
  return out;
}

/** Input Gram C^x_{μν} = x_μ·x_ν/D, row-major P × P (§5.1). */
export function gatedToyInputGram(): Float64Array {
  const p = GATED_TOY_INPUTS.length;
  const dim = GATED_TOY_INPUTS[0].length;
  const c = new Float64Array(p * p);
  for (let m = 0; m < p; m++) for (let n = 0; n < p; n++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += GATED_TOY_INPUTS[m][d] * GATED_TOY_INPUTS[n][d];
    c[m * p + n] = s / dim;
  }
  return c;
}

/** a^g_μ = u_g·x_μ/√D, row-major G × P: the N → ∞ limit of A^g(x_μ, 0) is ρ_g a^g_μ when α = 1 (§5.2). */
export function gatedToyGateProjections(directions: Float64Array, gates: number): Float64Array {
  const x = gatedToyScaledInputs();
  const p = GATED_TOY_INPUTS.length;
  const dim = GATED_TOY_INPUTS[0].length;
  const a = new Float64Array(gates * p);
  for (let g = 0; g < gates; g++) for (let m = 0; m < p; m++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += directions[g * dim + d] * x[m * dim + d];
    a[g * p + m] = s;
  }
  return a;
}
