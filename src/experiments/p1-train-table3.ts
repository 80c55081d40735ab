/**
 * P1 Table 3 as a measurement (FIGURES.md P1-T3; THEORY.md §2.8 item 4, §2.9): ViT with L = 2, H = 2, N swept,
 * α_A ∈ {1, ½}, γ₀ = 0.25, η₀ = 0.1, batch 32; after t steps the RMS change of the last block's keys ∝ N^{α_A−1}
 * and of A ∝ N⁰; at t = 0, Var A = N^{1−2α_A}/4. Data: Fashion-MNIST (stand-in for CIFAR-5M).
 */
import { sweep } from '../sweep/sweep';
import { meanAndError, p1Rows, probeAt, slopeOverSeeds, type P1Row, type SeedSlope } from './p1-train-analysis';
import { p1TrainRunReference } from './p1-train-run';

export interface Table3Options {
  headDims: number[];
  attentionExponents: number[];
  seeds: number;
  /** Measurement step t. */
  steps: number;
  scale: string;
  heads?: number;
  depth?: number;
  learningRate?: number;
  richness?: number;
  batchSize?: number;
  workers?: number;
}

/** One run of the Table-3 sweep, flattened. */
export interface Table3Record {
  attentionExponent: number;
  headDim: number;
  seed: number;
  status: string;
  /** RMS(k(t) − k(0)) and RMS(A(t) − A(0)) of the last block on the probe images (FIGURES.md recipes). */
  keyChange: number;
  logitChange: number;
  /** Their weight-driven and input-driven parts (p1-train-decomposition.ts). */
  keyWeightChange: number;
  logitWeightChange: number;
  keyInputChange: number;
  logitInputChange: number;
  /** Mean of A(0)² over (probe, s, s′) for each (block, head): independent estimates of Var A(0). */
  initialMoments: number[];
  msPerStep: number;
}

function toRecord(row: P1Row, steps: number): Table3Record {
  const p = probeAt(row, steps);
  const d = row.decomposition;
  return {
    attentionExponent: row.attentionExponent ?? 1,
    headDim: row.headDim,
    seed: row.seed,
    status: row.status,
    keyChange: p?.keyChange ?? NaN,
    logitChange: p?.logitChange ?? NaN,
    keyWeightChange: d?.keyWeightChange ?? NaN,
    logitWeightChange: d?.logitWeightChange ?? NaN,
    keyInputChange: d?.keyInputChange ?? NaN,
    logitInputChange: d?.logitInputChange ?? NaN,
    initialMoments: (row.initialLogitMoments ?? []).flat(),
    msPerStep: row.msPerStep ?? NaN,
  };
}

/**
 * The settings both Table-3 sweeps share (FIGURES.md P1-T3: H = 2, L = 2, η₀ = 0.1, γ₀ = 0.25, batch 32), in the
 * order their cache keys were written with, then the training length and the probe steps.
 */
function table3Constants(options: Pick<Table3Options, 'heads' | 'depth' | 'learningRate' | 'richness' | 'batchSize'>, steps: number, probeSteps: readonly number[]) {
  return {
    heads: options.heads ?? 2,
    depth: options.depth ?? 2,
    learningRate: options.learningRate ?? 0.1,
    richness: options.richness ?? 0.25,
    batchSize: options.batchSize ?? 32,
    steps,
    probeSteps: [...probeSteps],
  };
}

/** Runs (or reads from the cache) the Table-3 sweep: N × α_A × seeds, probes at t = 0 and t = steps. */
export async function runTable3Experiment(options: Table3Options): Promise<{ records: Table3Record[]; seconds: number }> {
  const result = await sweep(
    {
      axes: { attentionExponent: options.attentionExponents, headDim: options.headDims },
      fixed: {
        ...table3Constants(options, options.steps, [options.steps]),
        probeKinds: ['changes'],
        initialLogits: true,
        weightDriven: true,
      },
      seeds: options.seeds,
    },
    p1TrainRunReference,
    { name: 'p1-table3-update-sizes', scale: options.scale, workers: options.workers },
  );
  return { records: p1Rows(result).map((r) => toRecord(r, options.steps)), seconds: result.progress.elapsedSeconds };
}

/** Slope of log (seed mean of `field`) against log N for one α_A (bootstrap SE over seeds). */
export function table3Slope(records: readonly Table3Record[], attentionExponent: number, field: keyof Table3Record): SeedSlope {
  return slopeOverSeeds(
    records.filter((r) => r.attentionExponent === attentionExponent).map((r) => ({ x: r.headDim, seed: r.seed, y: r[field] as number })),
  );
}

export interface VarianceCheck {
  headDim: number;
  /** N^{1−2α_A}/4 (THEORY.md §2.8 item 4). */
  expected: number;
  /** Mean over (seed, block, head) estimates, and its SE from their spread. */
  measured: number;
  se: number;
  /** |measured − expected| / se. */
  zScore: number;
  units: number;
}

/** Var A(0) against N^{1−2α_A}/4 for each N, from the per-(seed, block, head) second moments of A(0). */
export function table3VarianceCheck(records: readonly Table3Record[], attentionExponent: number): VarianceCheck[] {
  const rows = records.filter((r) => r.attentionExponent === attentionExponent);
  const dims = [...new Set(rows.map((r) => r.headDim))].sort((a, b) => a - b);
  return dims.map((N) => {
    const units = rows.filter((r) => r.headDim === N).flatMap((r) => r.initialMoments);
    const { mean, se, n } = meanAndError(units);
    const expected = N ** (1 - 2 * attentionExponent) / 4;
    return { headDim: N, expected, measured: mean, se, zScore: Math.abs(mean - expected) / se, units: n };
  });
}

/** One run of the longer Table-3 sweep: the last block's RMS changes of k and A at each read step t. */
export interface Table3StepRecord {
  attentionExponent: number;
  headDim: number;
  seed: number;
  status: string;
  /** RMS(k(t) − k(0)) and RMS(A(t) − A(0)) keyed by the read step t. */
  keyChangeAt: Record<number, number>;
  logitChangeAt: Record<number, number>;
  msPerStep: number;
}

/**
 * The Table-3 grid trained to the last of `readSteps`, with the RMS changes of k and A read at every t in readSteps
 * (FIGURES.md P1-T3 decision: the attention change at several steps, THEORY.md §2.9). Its own cache
 * ('p1-table3-attention-vs-step'); same data order and seeds as runTable3Experiment, so its t = 20 values repeat it.
 */
export async function runTable3StepExperiment(options: Omit<Table3Options, 'steps'> & { readSteps: number[] }): Promise<{ records: Table3StepRecord[]; seconds: number }> {
  const readSteps = [...new Set(options.readSteps)].sort((a, b) => a - b);
  if (readSteps.length === 0 || !readSteps.every((t) => Number.isInteger(t) && t >= 1)) {
    throw new Error(`readSteps: expected a non-empty list of integers ≥ 1, got ${JSON.stringify(options.readSteps)}`);
  }
  const steps = readSteps[readSteps.length - 1];
  const result = await sweep(
    {
      axes: { attentionExponent: options.attentionExponents, headDim: options.headDims },
      fixed: {
        ...table3Constants(options, steps, readSteps),
        probeKinds: ['changes'],
      },
      seeds: options.seeds,
    },
    p1TrainRunReference,
    { name: 'p1-table3-attention-vs-step', scale: options.scale, workers: options.workers },
  );
  const at = (row: P1Row, field: 'keyChange' | 'logitChange') =>
    Object.fromEntries(readSteps.map((t) => [t, row.status === 'ok' ? probeAt(row, t)?.[field] ?? NaN : NaN]));
  const records = p1Rows(result).map((row) => ({
    attentionExponent: row.attentionExponent ?? 1,
    headDim: row.headDim,
    seed: row.seed,
    status: row.status,
    keyChangeAt: at(row, 'keyChange'),
    logitChangeAt: at(row, 'logitChange'),
    msPerStep: row.msPerStep ?? NaN,
  }));
  return { records, seconds: result.progress.elapsedSeconds };
}

/** Slope of log (seed mean of the change at step t) against log N for one α_A (bootstrap SE over seeds). */
export function table3StepSlope(records: readonly Table3StepRecord[], attentionExponent: number, field: 'keyChangeAt' | 'logitChangeAt', step: number): SeedSlope {
  return slopeOverSeeds(
    records.filter((r) => r.attentionExponent === attentionExponent).map((r) => ({ x: r.headDim, seed: r.seed, y: r[field][step] ?? NaN })),
  );
}
