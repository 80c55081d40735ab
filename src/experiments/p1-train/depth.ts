/**
 * P1 Fig 5 (FIGURES.md P1-5a, P1-5b; THEORY.md §2.9 "Depth", §3.3): the depth-sweep ViT (no positional table,
 * L_b = L_η = L_r = 2, b_L = β₀(L/2)^{−α_L}, SGD η = η₀γ₀²n(L/2)^{2α_L−1}) trained for a fixed number of steps at
 * depths L and α_L ∈ {½, 1}. 5a: relative movement of W^Q, W^K per block ∝ L^{α_L−1} (flat for α_L = 1, L^{−½} for
 * α_L = ½). 5b: loss against compute C = 6 × parameters × tokens; α_L = 1 is better at large L.
 * One sweep serves both panels: movement is probed at the 5a step, the loss curve runs to the 5b step.
 * Data: Fashion-MNIST (stand-in for CIFAR-5M). The shared grid is in figure-5a.ts.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { meanAndError, p1Rows, probeAt, slopeOverSeeds, type SeedSlope } from './analysis';
import { trainingCompute } from './run';

export interface DepthRecord {
  residualExponent: number;
  depth: number;
  seed: number;
  status: string;
  /** Mean over blocks (and over W^Q, W^K) of ‖W(t) − W(0)‖_F/‖W(0)‖_F at the movement step. */
  qkMovement: number;
  /** The same at every read step t (movementSteps ∪ {movementStep}), keyed by t. */
  qkMovementAt: Record<number, number>;
  /** Relative movement of every weight group (qk, value, output, mlpIn, mlpOut, …) at every read step t. */
  movementAt: Record<number, Record<string, number>>;
  finalLoss: number;
  losses: number[];
  parameters: number;
  msPerStep: number;
}

/**
 * The records of a depth sweep: α_L, L, seed, the W^{QK} movement at `movementStep` and every weight group's
 * movement at each probe step of the run's settings, the loss curve and its final loss.
 */
export function depthRecords(records: readonly SweepRecord[], movementStep: number): DepthRecord[] {
  return p1Rows(records).map((row) => {
    const readSteps = [...new Set(row.settings.probeSteps)].sort((a, b) => a - b);
    const ok = row.status === 'ok';
    return {
      residualExponent: row.spec.residualExponent,
      depth: row.spec.depth,
      seed: row.seed,
      status: row.status,
      qkMovement: ok ? probeAt(row, movementStep)?.groupMovement?.qk ?? NaN : NaN,
      qkMovementAt: Object.fromEntries(readSteps.map((t) => [t, ok ? probeAt(row, t)?.groupMovement?.qk ?? NaN : NaN])),
      movementAt: Object.fromEntries(readSteps.map((t) => [t, ok ? { ...(probeAt(row, t)?.groupMovement ?? {}) } : {}])),
      finalLoss: ok ? row.loss ?? NaN : NaN,
      losses: row.losses ?? [],
      parameters: row.parameters ?? NaN,
      msPerStep: row.msPerStep ?? NaN,
    };
  });
}

/**
 * Slope of log (seed mean of the W^{QK} movement) against log L for one α_L, at the gated movement step or, given
 * `step`, at that read step (THEORY.md §2.9 "Depth": movement ∝ L^{α_L−1} once W^O has aligned).
 */
export function movementSlope(records: readonly DepthRecord[], residualExponent: number, step?: number): SeedSlope {
  return slopeOverSeeds(
    records
      .filter((r) => r.residualExponent === residualExponent)
      .map((r) => ({ x: r.depth, seed: r.seed, y: step === undefined ? r.qkMovement : r.qkMovementAt[step] ?? NaN })),
  );
}

/**
 * Slope of log (seed mean of one weight group's relative movement) against log L for one α_L at read step t
 * (THEORY.md §2.9 "Depth": a hidden matrix whose gradient carries one factor b_L moves ∝ L^{α_L−1}).
 */
export function groupMovementSlope(records: readonly DepthRecord[], residualExponent: number, group: string, step: number): SeedSlope {
  return slopeOverSeeds(
    records.filter((r) => r.residualExponent === residualExponent).map((r) => ({ x: r.depth, seed: r.seed, y: r.movementAt[step]?.[group] ?? NaN })),
  );
}

/** Final loss (mean of the last 10 % of steps) mean ± SE over seeds for one (α_L, L). */
export function depthFinalLoss(records: readonly DepthRecord[], residualExponent: number, depth: number) {
  return meanAndError(records.filter((r) => r.residualExponent === residualExponent && r.depth === depth).map((r) => r.finalLoss));
}

/**
 * Seed-mean loss curve of one (α_L, L) against compute, averaged over windows of `window` steps:
 * x = C = 6 × parameters × (steps × batch × 16 tokens) at the window's end, y = mean loss in the window.
 */
export function lossAgainstCompute(records: readonly DepthRecord[], residualExponent: number, depth: number, batchSize: number, window = 25): { compute: number[]; loss: number[] } {
  const runs = records.filter((r) => r.residualExponent === residualExponent && r.depth === depth && r.status === 'ok');
  if (runs.length === 0) return { compute: [], loss: [] };
  const length = Math.min(...runs.map((r) => r.losses.length));
  const compute: number[] = [];
  const loss: number[] = [];
  for (let end = window; end <= length; end += window) {
    let s = 0;
    for (const r of runs) for (let t = end - window; t < end; t++) s += r.losses[t];
    compute.push(trainingCompute(runs[0].parameters, end, batchSize));
    loss.push(s / (window * runs.length));
  }
  return { compute, loss };
}
