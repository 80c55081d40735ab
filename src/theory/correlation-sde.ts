/**
 * Scalar correlation SDE of two tokens (THEORY.md §6.5, §6.8): dρ = μ(ρ) dt + σ(ρ) dB_t, integrated by Euler–Maruyama.
 * Closed in ρ for the residual shaped-ReLU MLP ('mlp') and the plain one ('plainMlp', §6.5); with attention
 * ('attention', 'block') the coefficients also depend on the common norm q = V¹¹ = V²², which is held fixed here (a
 * frozen-norm approximation — the matrix SDE of covariance-sde.ts is the exact object).
 */
import { Random } from '../base/random';
import {
  ShapedModel, TwoTokenOptions, resolveShapedModel, resolveShapedParameters, twoTokenCoefficientsResolved, twoTokenKeys,
} from './shaped-coefficients';
import {
  LongRunOptions, checkOptionKeys, integerOption, longRunKeys, numberListOption, numberOption, rejectOption, startLongRun,
  type KeysComplete,
} from './solver-inputs';

/** Options of simulateTwoTokenCorrelation. */
export interface TwoTokenCorrelationSdeOptions extends TwoTokenOptions, LongRunOptions {
  /** 'mlp' (default), 'plainMlp', 'attention' or 'block' */
  model?: ShapedModel;
  /** ρ₀; default 0.2 */
  initialCorrelation?: number;
  /** T; default 1 */
  horizon?: number;
  /** Δt (shrunk to T/⌈T/Δt⌉); default 1/1000 */
  stepSize?: number;
  /** times at which ρ is recorded (snapped to the step grid); default [0, T] */
  recordTimes?: number[];
  /** K paths; default 4096 */
  samples?: number;
  /** seed; one generator for all paths; default 0 */
  seed?: number;
}

/** ρ of K paths at R recorded times: correlations[r·K + k]. */
export interface TwoTokenCorrelationPaths {
  times: Float64Array;
  samples: number;
  correlations: Float64Array;
  /** number of Euler steps that left [−1, 1] and were clipped back to the boundary */
  clippedSteps: number;
}

/** Option keys of simulateTwoTokenCorrelation. */
export const twoTokenSdeKeys = [...twoTokenKeys, ...longRunKeys, 'model', 'initialCorrelation', 'horizon', 'stepSize', 'recordTimes', 'samples', 'seed'] as const;
const twoTokenSdeKeysComplete: KeysComplete<TwoTokenCorrelationSdeOptions, typeof twoTokenSdeKeys> = true;
void twoTokenSdeKeysComplete;

/** Step count T/Δt (Δt shrunk so that T is hit exactly), the step and the sorted record steps (§6.11). */
export function eulerGrid(horizon: number, requested: number, times: unknown): { steps: number; dt: number; recordSteps: Int32Array } {
  const steps = horizon === 0 ? 0 : Math.max(1, Math.ceil(horizon / requested - 1e-9));
  const dt = steps === 0 ? requested : horizon / steps;
  const stepSet = new Set<number>();
  numberListOption('recordTimes', times ?? [0, horizon]).forEach((t, i) => {
    if (!(t >= 0 && t <= horizon + 1e-12)) rejectOption(`recordTimes[${i}]`, t, `a time in [0, ${horizon}] (the horizon)`);
    stepSet.add(Math.min(steps, Math.round(t / dt)));
  });
  if (stepSet.size === 0) rejectOption('recordTimes', times, 'at least one time');
  return { steps, dt, recordSteps: Int32Array.from([...stepSet].sort((a, b) => a - b)) };
}

/**
 * Euler–Maruyama for dρ = μ(ρ) dt + σ(ρ) dB with μ, σ² from twoTokenCorrelationCoefficients (§6.5, §6.8):
 * ρ ← clip(ρ + μ Δt + σ √Δt ξ, −1, 1), ξ ~ N(0, 1). Work ≈ 60 · samples · steps operations (checked against
 * workLimit); progress is reported per path.
 */
export function simulateTwoTokenCorrelation(options: TwoTokenCorrelationSdeOptions = {}): TwoTokenCorrelationPaths {
  checkOptionKeys('simulateTwoTokenCorrelation', options, twoTokenSdeKeys);
  const model = resolveShapedModel(options.model, 'mlp');
  const rho0 = numberOption('initialCorrelation', options.initialCorrelation, 0.2, { atLeast: -1, atMost: 1, describe: 'ρ₀ in [−1, 1]' });
  const horizon = numberOption('horizon', options.horizon, 1, { atLeast: 0, describe: 'T, a finite number ≥ 0' });
  const requested = numberOption('stepSize', options.stepSize, 1 / 1000, { above: 0, describe: 'Δt, a finite number > 0' });
  const K = integerOption('samples', options.samples, 4096, 1);
  const seed = numberOption('seed', options.seed, 0);
  const p = resolveShapedParameters(options);
  const q = numberOption('normSquared', options.normSquared, 1, { above: 0, describe: 'q = V¹¹ = V²², a finite number > 0' });
  const { steps, dt, recordSteps } = eulerGrid(horizon, requested, options.recordTimes);
  const run = startLongRun('simulateTwoTokenCorrelation', options, 'horizon', horizon, 60 * K * steps, '60 · samples · T/Δt', K);
  const R = recordSteps.length;
  const correlations = new Float64Array(R * K);
  const rng = new Random(seed);
  const root = Math.sqrt(dt);
  let clippedSteps = 0;
  for (let k = 0; k < K; k++) {
    let rho = rho0;
    let r = 0;
    for (let step = 0; step <= steps; step++) {
      if (step > 0) {
        const c = twoTokenCoefficientsResolved(rho, model, p, q);
        rho += c.drift * dt + Math.sqrt(Math.max(c.diffusionSquared, 0)) * root * rng.normal();
        if (rho > 1 || rho < -1) {
          rho = rho > 1 ? 1 : -1;
          clippedSteps++;
        }
      }
      if (r < R && recordSteps[r] === step) correlations[r++ * K + k] = rho;
    }
    run.progress.report(k + 1);
  }
  return { times: Float64Array.from(recordSteps, (s) => s * dt), samples: K, correlations, clippedSteps };
}
