/**
 * Euler–Maruyama integration of P2's matrix covariance SDEs dV = b(V) dt + dM (THEORY.md §6.11) for the residual
 * shaped-ReLU MLP ('mlp', §6.5–6.6), shaped attention ('attention', §6.7), the full block ('block', §6.9) and the
 * plain shaped-ReLU MLP without skip ('plainMlp', §6.5).
 */
import { EigenWorkspace, choleskyFactor, psdProject, psdSquareRoot, trace } from '../base/linalg';
import { SmallProduct, smallProduct } from './small-kernels';
import { Random } from '../base/random';
import { CovarianceTrajectories, averageMeanCorrelation } from './covariance-trajectories';
import { InitialCovarianceOptions, initialCovarianceKeys, resolveInitialCovariance } from './covariance-options';
import {
  ResolvedShapedParameters, ShapedModel, ShapedModelParameters, addMlpDrift, addShapedAttentionDrift,
  attentionDriftScratchLength, hasShapedAttention, reluDriftWeight, resolveShapedModel, resolveShapedParameters,
  shapedParameterKeys, wishartCoefficient,
} from './shaped-coefficients';
import { eulerGrid } from './correlation-sde';
import {
  LongRunOptions, booleanOption, checkOptionKeys, integerOption, longRunKeys, numberOption, rejectOption, startLongRun, type KeysComplete,
} from './solver-inputs';
import { tableOf } from './table-input';

/**
 * Options of simulateCovarianceSde (defaults: the P2 Fig 1 setting). With spec (a 'shaped' Spec or ParameterTable):
 * γ², τ₀, c± and m from it, model default 'block' and horizon default T = L/n (its depth in SDE time).
 */
export interface CovarianceSdeOptions extends ShapedModelParameters, InitialCovarianceOptions, LongRunOptions {
  /** 'attention' (§6.7), 'mlp' (§6.5–6.6), 'block' (§6.9) or 'plainMlp' (§6.5, no skip); default 'attention' ('block' with spec) */
  model?: ShapedModel;
  /** T, final time; default 0.75 (= 150 layers at n = 200), with spec depth/width */
  horizon?: number;
  /** Δt, Euler step (use ≤ 1/n when comparing with a width-n network); default 1/800. The step is shrunk to T/⌈T/Δt⌉ so that T is hit exactly. */
  stepSize?: number;
  /** times at which V is recorded (snapped to the nearest step); default [0, T] */
  recordTimes?: number[];
  /** K, number of paths; default 2048 */
  samples?: number;
  /** seed; path k uses new Random(seed).fork(k); default 0 */
  seed?: number;
  /** replace V by its eigen-clipped PSD projection after every step (§6.11 step 3); default false */
  psdProjection?: boolean;
  /** a path explodes when tr V > explosionFactor · tr V₀ or V is non-finite (§6.11 step 4); default 10⁴ */
  explosionFactor?: number;
}

/** Option keys of simulateCovarianceSde. */
export const covarianceSdeKeys = [
  ...shapedParameterKeys, ...initialCovarianceKeys, ...longRunKeys,
  'model', 'horizon', 'stepSize', 'recordTimes', 'samples', 'seed', 'psdProjection', 'explosionFactor',
] as const;
const covarianceSdeKeysComplete: KeysComplete<CovarianceSdeOptions, typeof covarianceSdeKeys> = true;
void covarianceSdeKeysComplete;

/** Estimated operations of one Euler–Maruyama step with m tokens: 6m³ + 40m² (factor, products, drift, normals). */
export function eulerStepWork(m: number): number {
  return 6 * m ** 3 + 40 * m ** 2;
}

/** SDE trajectories plus the per-record average of ρ̄ over non-exploded paths. */
export interface CovarianceSdeResult extends CovarianceTrajectories {
  averageCorrelation: Float64Array;
  /** the Euler step actually used */
  stepSize: number;
  parameters: ResolvedShapedParameters;
}

/** Buffers for one Euler–Maruyama step with m tokens. */
class SdeScratch {
  readonly eigen: EigenWorkspace;
  readonly factor: Float64Array;
  readonly drift: Float64Array;
  readonly driftScratch: Float64Array;
  readonly xi: Float64Array;
  readonly wishart: Float64Array;
  readonly attention: Float64Array;
  readonly tmp: Float64Array;
  readonly noise: Float64Array;
  /** Ξ Cᵀ, Cᵀ X, C X and X ← X + A B for a lower-triangular (index 1) or full (index 0) factor C */
  readonly timesFactorTransposed: SmallProduct[];
  readonly factorTransposedTimes: SmallProduct[];
  readonly factorTimes: SmallProduct[];
  readonly addProduct: SmallProduct;
  clipped = 0;
  constructor(m: number) {
    const mm = m * m;
    this.eigen = new EigenWorkspace(m);
    this.factor = new Float64Array(mm);
    this.drift = new Float64Array(mm);
    this.driftScratch = new Float64Array(attentionDriftScratchLength(m));
    this.xi = new Float64Array(2 * mm);
    this.wishart = new Float64Array(mm);
    this.attention = new Float64Array(mm);
    this.tmp = new Float64Array(mm);
    this.noise = new Float64Array(mm);
    this.timesFactorTransposed = [false, true].map((lower) => smallProduct(m, { bTransposed: true, bLower: lower }));
    this.factorTransposedTimes = [false, true].map((lower) => smallProduct(m, { aTransposed: true, aLower: lower }));
    this.factorTimes = [false, true].map((lower) => smallProduct(m, { aLower: lower }));
    this.addProduct = smallProduct(m, { accumulate: true });
  }
}

/**
 * Drift and martingale increment of one Euler–Maruyama step (§6.11): writes b(V) Δt + dM √Δt into s.drift, with
 * dM = √κ W + γ² (P V + V Pᵀ), W = C (Ξ₁ + Ξ₁ᵀ) Cᵀ/√2, P = S J/m, S = C Ξ₂ Cᵀ/τ₀ (the P-term only for 'attention'
 * and 'block'); κ = κ_att, κ_mlp, κ_att + κ_mlp or 1 ('plainMlp'). With split = true, s.drift receives b Δt only and s.noise
 * receives dM √Δt (used for antithetic checks). Computed per sample as dM √Δt = Z + Zᵀ with
 *   Z = C Q,  Q = √(κ/2) √Δt · Ξ₁ Cᵀ + (γ² √Δt/(m τ₀)) · Ξ₂ Cᵀ J V,
 * (= √(κ/2) √Δt C Ξ₁ Cᵀ + γ² √Δt P V), using the lower-triangular Cholesky factor C when V is positive definite.
 * Gaussians come from the ziggurat stream of Random (Ξ₁ then Ξ₂, row-major).
 */
function eulerIncrement(
  v: Float64Array, m: number, model: ShapedModel, p: ResolvedShapedParameters, dt: number,
  rng: Random, s: SdeScratch, split: boolean,
): void {
  const mm = m * m;
  const c = s.factor;
  const lower = choleskyFactor(v, 0, c, 0, m);
  if (!lower) s.clipped += psdSquareRoot(v, 0, c, 0, s.eigen);
  const b = s.drift;
  b.fill(0);
  const attention = hasShapedAttention(model);
  if (attention) addShapedAttentionDrift(v, 0, m, p, b, 0, s.driftScratch);
  const reluWeight = reluDriftWeight(model, p);
  if (reluWeight !== 0) addMlpDrift(v, 0, m, p, b, 0, reluWeight);
  const kappa = wishartCoefficient(model, p);
  const xi = s.xi;
  const root = Math.sqrt(dt);
  const a = Math.sqrt(kappa / 2) * root;
  const q = s.tmp;
  const shape = lower ? 1 : 0;
  rng.fillZigguratNormal(xi, 0, attention ? 2 * mm : mm);
  for (let i = 0; i < mm; i++) xi[i] *= a;
  s.timesFactorTransposed[shape](xi, c, q); // a Ξ₁ Cᵀ
  if (attention) {
    const jv = s.wishart; // J V: V minus its column means
    for (let j = 0; j < m; j++) {
      let mean = 0;
      for (let k = 0; k < m; k++) mean += v[k * m + j];
      mean /= m;
      for (let k = 0; k < m; k++) jv[k * m + j] = v[k * m + j] - mean;
    }
    const y = s.attention;
    s.factorTransposedTimes[shape](c, jv, y); // Y = Cᵀ J V
    const g = (p.branchWeightSquared * root) / (m * p.temperature);
    const xi2 = s.noise; // g Ξ₂ (s.noise is rewritten below)
    for (let i = 0; i < mm; i++) xi2[i] = g * xi[mm + i];
    s.addProduct(xi2, y, q); // Q += g Ξ₂ Y
  }
  const z = s.wishart;
  s.factorTimes[shape](c, q, z); // Z = C Q
  const noise = split ? s.noise : b;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const x = z[i * m + j] + z[j * m + i];
      if (split) {
        noise[i * m + j] = x;
        noise[j * m + i] = x;
        b[i * m + j] *= dt;
        if (j !== i) b[j * m + i] *= dt;
      } else {
        b[i * m + j] = b[i * m + j] * dt + x;
        if (j !== i) b[j * m + i] = b[j * m + i] * dt + x;
      }
    }
  }
}

/** One Euler–Maruyama step V ← V + b Δt + dM √Δt in place, symmetrized, optionally PSD-projected (§6.11 step 3). */
function eulerStep(
  v: Float64Array, m: number, model: ShapedModel, p: ResolvedShapedParameters, dt: number,
  rng: Random, s: SdeScratch, project: boolean,
): void {
  eulerIncrement(v, m, model, p, dt, rng, s, false);
  const b = s.drift;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const x = v[i * m + j] + 0.5 * (b[i * m + j] + b[j * m + i]);
      v[i * m + j] = x;
      v[j * m + i] = x;
    }
  }
  if (project) s.clipped += psdProject(v, 0, v, 0, s.eigen);
}

/**
 * K independent Euler increments at one state V (for checks of §6.8 and of the noise law): returns drift b(V)
 * (m×m) and noises[k·m² …] = dM_k √Δt, so that V + b Δt ± dM_k √Δt are antithetic Euler steps.
 */
export function covarianceSdeIncrements(
  v: ArrayLike<number>, model: ShapedModel, count: number, options: ShapedModelParameters & { tokens?: number; stepSize?: number; seed?: number } = {},
): { drift: Float64Array; noises: Float64Array } {
  checkOptionKeys('covarianceSdeIncrements', options, [...shapedParameterKeys, 'tokens', 'stepSize', 'seed']);
  resolveShapedModel(model, 'attention');
  const m = integerOption('tokens', options.tokens, 4, 1, 64);
  const p = resolveShapedParameters(options);
  const dt = numberOption('stepSize', options.stepSize, 1e-3, { above: 0, describe: 'Δt, a finite number > 0' });
  integerOption('count', count, 1, 1);
  const vv = Float64Array.from(v);
  if (vv.length !== m * m) throw new Error(`v: expected ${m * m} entries for tokens = ${m}, got ${vv.length}`);
  const s = new SdeScratch(m);
  const rng = new Random(numberOption('seed', options.seed, 0));
  const noises = new Float64Array(count * m * m);
  const drift = new Float64Array(m * m);
  for (let k = 0; k < count; k++) {
    eulerIncrement(vv, m, model, p, dt, rng, s, true);
    noises.set(s.noise, k * m * m);
    if (k === 0) for (let i = 0; i < m * m; i++) drift[i] = s.drift[i] / dt;
  }
  return { drift, noises };
}

/**
 * Simulates K paths of dV = b(V) dt + dM_t (§6.11) from V₀ up to time T and records V at the requested times.
 * Exploded paths (tr V > 10⁴·tr V₀ or non-finite) are frozen at the explosion state (the last finite state if the
 * step produced non-finite entries, so every recorded value is finite), flagged in `exploded` and kept, never dropped
 * (§6.10). Refuses (naming horizon) a run whose estimated work samples · T/Δt · (6m³ + 40m²) exceeds workLimit;
 * reports progress per path.
 */
export function simulateCovarianceSde(options: CovarianceSdeOptions = {}): CovarianceSdeResult {
  checkOptionKeys('simulateCovarianceSde', options, covarianceSdeKeys);
  const p = resolveShapedParameters(options);
  const table = options.spec === undefined ? undefined : tableOf('spec', options.spec);
  if (table && options.tokens !== undefined) rejectOption('tokens', options.tokens, 'to be absent when spec is given (m = spec.tokens)');
  const m = table ? integerOption('spec.tokens', table.spec.tokens, 4, 1, 64) : integerOption('tokens', options.tokens, 4, 1, 64);
  const v0 = resolveInitialCovariance({ ...options, tokens: m });
  const model = resolveShapedModel(options.model, table ? 'block' : 'attention');
  const horizon = numberOption('horizon', options.horizon, table ? table.spec.depth / table.width : 0.75, { atLeast: 0, describe: 'T, a finite number ≥ 0' });
  const requested = numberOption('stepSize', options.stepSize, 1 / 800, { above: 0, describe: 'Δt, a finite number > 0' });
  const K = integerOption('samples', options.samples, 2048, 1);
  const factor = numberOption('explosionFactor', options.explosionFactor, 1e4, { above: 1 });
  const seed = numberOption('seed', options.seed, 0);
  const project = booleanOption('psdProjection', options.psdProjection, false);
  const grid = eulerGrid(horizon, requested, options.recordTimes);
  const { steps, dt } = grid;
  const run = startLongRun(
    'simulateCovarianceSde', options, 'horizon', horizon, K * steps * eulerStepWork(m), 'samples · T/Δt · (6m³ + 40m²)', K,
  );
  const recordSteps = grid.recordSteps;
  const R = recordSteps.length;
  const mm = m * m;
  const covariances = new Float64Array(R * K * mm);
  const exploded = new Uint8Array(K);
  const explosionTimes = new Float64Array(K).fill(NaN);
  const limit = factor * trace(v0, 0, m);
  const s = new SdeScratch(m);
  const v = new Float64Array(mm);
  const previous = new Float64Array(mm);
  const base = new Random(seed);
  for (let k = 0; k < K; k++) {
    const rng = base.fork(k);
    v.set(v0);
    let r = 0;
    let alive = true;
    for (let step = 0; step <= steps; step++) {
      if (step > 0 && alive) {
        previous.set(v);
        eulerStep(v, m, model, p, dt, rng, s, project);
        const tr = trace(v, 0, m);
        if (!(tr <= limit)) {
          if (!Number.isFinite(tr) || v.some((x) => !Number.isFinite(x))) v.set(previous); // keep records finite
          alive = false;
          exploded[k] = 1;
          explosionTimes[k] = step * dt;
        }
      }
      if (r < R && recordSteps[r] === step) {
        covariances.set(v, (r * K + k) * mm);
        r++;
      }
    }
    run.progress.report(k + 1);
  }
  const traj: CovarianceTrajectories = {
    source: 'sde', tokens: m, samples: K,
    times: Float64Array.from(recordSteps, (i) => i * dt),
    layers: recordSteps, covariances, exploded, explosionTimes, clippedEigenvalues: s.clipped,
  };
  return { ...traj, averageCorrelation: averageMeanCorrelation(traj), stepSize: dt, parameters: p };
}
