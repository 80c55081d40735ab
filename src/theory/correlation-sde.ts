/**
 * Scalar correlation SDE of two tokens (THEORY.md §6.5, §6.8): dρ = μ(ρ) dt + σ(ρ) dB_t, integrated by Euler–Maruyama.
 * Closed in ρ for the residual shaped-ReLU MLP ('mlp'); with attention ('attention', 'block') the coefficients also
 * depend on the common norm q = V¹¹ = V²², which is held fixed here (a frozen-norm approximation — the matrix SDE of
 * covariance-sde.ts is the exact object).
 */
import { Random } from './random';
import { ShapedModel, TwoTokenOptions, twoTokenCorrelationCoefficients } from './shaped-coefficients';

/** Options of simulateTwoTokenCorrelation. */
export interface TwoTokenCorrelationSdeOptions extends TwoTokenOptions {
  /** 'mlp' (default), 'attention' or 'block' */
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

/**
 * Euler–Maruyama for dρ = μ(ρ) dt + σ(ρ) dB with μ, σ² from twoTokenCorrelationCoefficients (§6.8):
 * ρ ← clip(ρ + μ Δt + σ √Δt ξ, −1, 1), ξ ~ N(0, 1).
 */
export function simulateTwoTokenCorrelation(options: TwoTokenCorrelationSdeOptions = {}): TwoTokenCorrelationPaths {
  const model = options.model ?? 'mlp';
  const rho0 = options.initialCorrelation ?? 0.2;
  if (!(rho0 >= -1 && rho0 <= 1)) throw new Error(`initialCorrelation: expected ρ₀ in [−1, 1], got ${rho0}`);
  const horizon = options.horizon ?? 1;
  if (!(horizon >= 0) || !Number.isFinite(horizon)) throw new Error(`horizon: expected T ≥ 0, got ${horizon}`);
  const requested = options.stepSize ?? 1 / 1000;
  if (!(requested > 0)) throw new Error(`stepSize: expected Δt > 0, got ${requested}`);
  const K = options.samples ?? 4096;
  if (!Number.isInteger(K) || K < 1) throw new Error(`samples: expected a positive integer, got ${K}`);
  const steps = horizon === 0 ? 0 : Math.max(1, Math.ceil(horizon / requested - 1e-9));
  const dt = steps === 0 ? requested : horizon / steps;
  const stepSet = new Set<number>();
  for (const t of options.recordTimes ?? [0, horizon]) {
    if (!(t >= 0 && t <= horizon + 1e-12)) throw new Error(`recordTimes: expected times in [0, ${horizon}], got ${t}`);
    stepSet.add(Math.min(steps, Math.round(t / dt)));
  }
  const recordSteps = [...stepSet].sort((a, b) => a - b);
  const R = recordSteps.length;
  const correlations = new Float64Array(R * K);
  const rng = new Random(options.seed ?? 0);
  const root = Math.sqrt(dt);
  twoTokenCorrelationCoefficients(rho0, model, options); // validates the parameters once
  let clippedSteps = 0;
  for (let k = 0; k < K; k++) {
    let rho = rho0;
    let r = 0;
    for (let step = 0; step <= steps; step++) {
      if (step > 0) {
        const c = twoTokenCorrelationCoefficients(rho, model, options);
        rho += c.drift * dt + Math.sqrt(Math.max(c.diffusionSquared, 0)) * root * rng.normal();
        if (rho > 1 || rho < -1) {
          rho = rho > 1 ? 1 : -1;
          clippedSteps++;
        }
      }
      if (r < R && recordSteps[r] === step) correlations[r++ * K + k] = rho;
    }
  }
  return { times: Float64Array.from(recordSteps, (s) => s * dt), samples: K, correlations, clippedSteps };
}
