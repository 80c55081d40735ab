/**
 * The XOR gated-attention toy of THEORY.md §5: shared data, gate constants and option checks used by both the finite
 * network (gated-toy-network.ts) and its discrete-time DMFT (gated-toy-dmft.ts).
 *
 * Data (§5.1): D = 2, P = 4 points x_μ ∈ {(1,1), (1,−1), (−1,−1), (−1,1)}, targets y = (1, −1, 1, −1), C^x_{μν} = x_μ·x_ν/D.
 * Gates g = 0…G−1: ρ_g = linspace(−0.9, 0.9, G) (warm start) or 0 (cold start); a^g_μ = u_g·x_μ/√D (§5.2).
 */
import { Random } from './random';

export const GATED_TOY_INPUTS: readonly (readonly number[])[] = [
  [1, 1],
  [1, -1],
  [-1, -1],
  [-1, 1],
];
export const GATED_TOY_TARGETS: readonly number[] = [1, -1, 1, -1];

/** Options shared by the gated-toy network and its DMFT (§5.5 defaults: G = 6, η = 0.002, γ = 2.5, 1000 steps, warm). */
export interface GatedToyOptions {
  /** G, number of gates (heads). Default 6. */
  gates?: number;
  /** η, base learning rate (the network's rate is 0.5·N·γ²·η). Default 0.002. */
  learningRate?: number;
  /** γ, this toy's richness (output scale 1/(Nγ)). Default 2.5. */
  richness?: number;
  /** Number of gradient steps; the loss is recorded before each one (loss[t] = loss after t updates). Default 1000. */
  steps?: number;
  /** Warm start ρ_g = linspace(−0.9, 0.9, G); cold start ρ_g = 0. Default true. */
  warmStart?: boolean;
  /** u_g: 'deterministic' = √2 (cos θ_g, sin θ_g), θ_g = 2πg/G + 0.3 (§5.5); 'random' = N(0, I_D) from `seed`. */
  gateDirections?: 'deterministic' | 'random';
  /** Seed of the random gate directions (and, for the network, of the weights). Default 0. */
  seed?: number;
}

export interface ResolvedGatedToyOptions {
  gates: number;
  learningRate: number;
  richness: number;
  steps: number;
  warmStart: boolean;
  gateDirections: 'deterministic' | 'random';
  seed: number;
}

/** Fills in §5.5 defaults and checks every field (throws naming the field, the value and what is allowed). */
export function resolveGatedToyOptions(options: GatedToyOptions = {}): ResolvedGatedToyOptions {
  const resolved: ResolvedGatedToyOptions = {
    gates: options.gates ?? 6,
    learningRate: options.learningRate ?? 0.002,
    richness: options.richness ?? 2.5,
    steps: options.steps ?? 1000,
    warmStart: options.warmStart ?? true,
    gateDirections: options.gateDirections ?? 'deterministic',
    seed: options.seed ?? 0,
  };
  if (!Number.isInteger(resolved.gates) || resolved.gates < 1) throw new Error(`gates: expected an integer G ≥ 1, got ${resolved.gates}`);
  if (!(resolved.learningRate > 0)) throw new Error(`learningRate: expected η > 0, got ${resolved.learningRate}`);
  if (!(resolved.richness > 0)) throw new Error(`richness: expected γ > 0, got ${resolved.richness}`);
  if (!Number.isInteger(resolved.steps) || resolved.steps < 1) throw new Error(`steps: expected an integer ≥ 1, got ${resolved.steps}`);
  if (resolved.gateDirections !== 'deterministic' && resolved.gateDirections !== 'random') {
    throw new Error(`gateDirections: expected 'deterministic' or 'random', got ${String(resolved.gateDirections)}`);
  }
  if (!Number.isFinite(resolved.seed)) throw new Error(`seed: expected a finite number, got ${resolved.seed}`);
  return resolved;
}

/** ρ_g = linspace(−0.9, 0.9, G) for a warm start (a single gate gets −0.9, as numpy's linspace), 0 for a cold start. */
export function gatedToyOverlaps(gates: number, warmStart: boolean): Float64Array {
  const rho = new Float64Array(gates);
  if (!warmStart) return rho;
  for (let g = 0; g < gates; g++) rho[g] = gates === 1 ? -0.9 : -0.9 + (1.8 * g) / (gates - 1);
  return rho;
}

/**
 * Gate directions u_g ∈ ℝ^D, stored row-major G × D. 'deterministic': u_g = √2 (cos θ_g, sin θ_g), θ_g = 2πg/G + 0.3
 * (§5.5). 'random': i.i.d. N(0, 1) entries from the stream `new Random(seed).fork(0)`, independent of the width N, so a
 * seed means the same u_g for the DMFT and for networks of every width.
 */
export function gatedToyDirections(gates: number, mode: 'deterministic' | 'random', seed: number): Float64Array {
  const dim = GATED_TOY_INPUTS[0].length;
  const u = new Float64Array(gates * dim);
  if (mode === 'random') return new Random(seed).fork(0).fillNormal(u);
  for (let g = 0; g < gates; g++) {
    const theta = (2 * Math.PI * g) / gates + 0.3;
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
