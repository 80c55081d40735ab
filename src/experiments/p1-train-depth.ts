/**
 * P1 Fig 5 (FIGURES.md P1-5a, P1-5b; THEORY.md §2.9 "Depth", §3.3): the depth-sweep ViT (no positional table,
 * L_b = L_η = L_r = 2, b_L = β₀(L/2)^{−α_L}, SGD η = η₀γ₀²n(L/2)^{2α_L−1}) trained for a fixed number of steps at
 * depths L and α_L ∈ {½, 1}. 5a: relative movement of W^Q, W^K per block ∝ L^{α_L−1} (flat for α_L = 1, L^{−½} for
 * α_L = ½). 5b: loss against compute C = 6 × parameters × tokens; α_L = 1 is better at large L.
 * One sweep serves both panels: movement is probed at the 5a step, the loss curve runs to the 5b step.
 * Data: Fashion-MNIST (stand-in for CIFAR-5M).
 */
import { sweep } from '../sweep/sweep';
import { meanAndError, p1Rows, probeAt, slopeOverSeeds, type SeedSlope } from './p1-train-analysis';
import { p1TrainRunReference, trainingCompute } from './p1-train-run';

export interface DepthOptions {
  depths: number[];
  residualExponents: number[];
  seeds: number;
  /** Steps of the run (5b) and the step at which the gated movement is read (5a, ≤ steps). */
  steps: number;
  movementStep: number;
  /** Further steps at which the movement is read, to show the slope against t (FIGURES.md P1-5a decision). */
  movementSteps?: number[];
  scale: string;
  headDim?: number;
  heads?: number;
  branchScale?: number;
  richness?: number;
  learningRate?: number;
  batchSize?: number;
  workers?: number;
}

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

/** Resolved defaults of the depth sweep: N = H = 4, β₀ = 6, γ₀ = 0.1, α_A = 1, η₀ = 0.2, batch 32 (FIGURES.md). */
export function depthDefaults(options: DepthOptions) {
  return {
    headDim: options.headDim ?? 4,
    heads: options.heads ?? 4,
    branchScale: options.branchScale ?? 6,
    richness: options.richness ?? 0.1,
    learningRate: options.learningRate ?? 0.2,
    batchSize: options.batchSize ?? 32,
  };
}

/** Runs (or reads from the cache) α_L × L × seeds with the depth-sweep convention. */
export async function runDepthExperiment(options: DepthOptions): Promise<{ records: DepthRecord[]; seconds: number }> {
  const readSteps = movementReadSteps(options);
  for (const t of readSteps) {
    if (!(Number.isInteger(t) && t >= 1 && t <= options.steps)) {
      throw new Error(`movementStep${t === options.movementStep ? '' : 's'}: expected integers in [1, ${options.steps}], got ${t}`);
    }
  }
  const result = await sweep(
    {
      axes: { residualExponent: options.residualExponents, depth: [...options.depths].sort((a, b) => b - a) },
      fixed: {
        ...depthDefaults(options),
        attentionExponent: 1,
        referenceConvention: 'depthSweep',
        steps: options.steps,
        probeSteps: readSteps,
        probeKinds: ['movement'],
      },
      seeds: options.seeds,
    },
    p1TrainRunReference,
    { name: 'p1-fig5-depth', scale: options.scale, workers: options.workers },
  );
  const records = p1Rows(result).map((row) => ({
    residualExponent: row.residualExponent ?? 1,
    depth: row.depth,
    seed: row.seed,
    status: row.status,
    qkMovement: row.status === 'ok' ? probeAt(row, options.movementStep)?.groupMovement?.qk ?? NaN : NaN,
    qkMovementAt: Object.fromEntries(readSteps.map((t) => [t, row.status === 'ok' ? probeAt(row, t)?.groupMovement?.qk ?? NaN : NaN])),
    movementAt: Object.fromEntries(readSteps.map((t) => [t, row.status === 'ok' ? { ...(probeAt(row, t)?.groupMovement ?? {}) } : {}])),
    finalLoss: row.status === 'ok' ? row.loss ?? NaN : NaN,
    losses: row.losses ?? [],
    parameters: row.parameters ?? NaN,
    msPerStep: row.msPerStep ?? NaN,
  }));
  return { records, seconds: result.progress.elapsedSeconds };
}

/** The sorted steps at which the movement is read: movementSteps ∪ {movementStep} (the sweep's probe steps). */
export function movementReadSteps(options: Pick<DepthOptions, 'movementStep' | 'movementSteps'>): number[] {
  return [...new Set([...(options.movementSteps ?? []), options.movementStep])].sort((a, b) => a - b);
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

/**
 * The sweep sizes shared by the P1-5a and P1-5b notebooks (identical options, so the second notebook reads the first's
 * cache). Quick: the FIGURES.md grid, 1000 steps; the movement is read at steps 30, 100, 300 and 1000 and gated at
 * 1000 (FIGURES.md P1-5a decision: before W^O aligns the movement is in an early L^{−1} regime).
 */
export function fig5Settings(scale: 'smoke' | 'quick' | 'paper'): Omit<DepthOptions, 'scale'> {
  const residualExponents = [0.5, 1];
  if (scale === 'smoke') return { depths: [2, 4], residualExponents, seeds: 1, steps: 20, movementStep: 20, movementSteps: [5, 10] };
  if (scale === 'quick') return { depths: [2, 4, 8, 16], residualExponents, seeds: 2, steps: 1000, movementStep: 1000, movementSteps: [30, 100, 300] };
  return { depths: [2, 4, 8, 16, 32], residualExponents, seeds: 4, steps: 5000, movementStep: 5000, movementSteps: [100, 300, 1000], headDim: 8, heads: 8, batchSize: 64 };
}
