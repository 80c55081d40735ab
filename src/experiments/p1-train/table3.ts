/**
 * P1 Table 3 as a measurement (FIGURES.md P1-T3; THEORY.md §2.8 item 4, §2.9): ViT with L = 2, H = 2, N swept,
 * α_A ∈ {1, ½}, γ₀ = 0.25, η₀ = 0.1, batch 32; after t steps the RMS change of the last block's keys ∝ N^{α_A−1}
 * and of A ∝ N⁰; at t = 0, Var A = N^{1−2α_A}/4. Data: Fashion-MNIST (stand-in for CIFAR-5M). The grid and the
 * claims are in figure-t3.ts.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { meanAndError, p1Rows, probeAt, slopeOverSeeds, type P1Row, type SeedSlope } from './analysis';

/** One run of the Table-3 sweep, flattened. */
export interface Table3Record {
  attentionExponent: number;
  headDim: number;
  seed: number;
  status: string;
  /** RMS(k(t) − k(0)) and RMS(A(t) − A(0)) of the last block on the probe images (FIGURES.md recipes). */
  keyChange: number;
  logitChange: number;
  /** Their weight-driven and input-driven parts (decomposition.ts). */
  keyWeightChange: number;
  logitWeightChange: number;
  keyInputChange: number;
  logitInputChange: number;
  /** Mean of A(0)² over (probe, s, s′) for each (block, head): independent estimates of Var A(0). */
  initialMoments: number[];
  msPerStep: number;
}

function toRecord(row: P1Row): Table3Record {
  const p = probeAt(row, row.settings.steps);
  const d = row.decomposition;
  return {
    attentionExponent: row.spec.attentionExponent,
    headDim: row.spec.headDim,
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

/** The Table-3 records of a sweep's runs (measured at t = each run's settings.steps). */
export function table3Records(records: readonly SweepRecord[]): Table3Record[] {
  return p1Rows(records).map(toRecord);
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
 * The Table-3 runs trained to the last read step, with the RMS changes of k and A read at every probe step t ≥ 1
 * (FIGURES.md P1-T3 decision: the attention change at several steps, THEORY.md §2.9); same data order and seeds as
 * the t = 20 runs, so their t = 20 values repeat them.
 */
export function table3StepRecords(records: readonly SweepRecord[]): Table3StepRecord[] {
  return p1Rows(records).map((row) => {
    const readSteps = [...new Set(row.settings.probeSteps)].sort((x, y) => x - y);
    const at = (field: 'keyChange' | 'logitChange') =>
      Object.fromEntries(readSteps.map((t) => [t, row.status === 'ok' ? probeAt(row, t)?.[field] ?? NaN : NaN]));
    return {
      attentionExponent: row.spec.attentionExponent,
      headDim: row.spec.headDim,
      seed: row.seed,
      status: row.status,
      keyChangeAt: at('keyChange'),
      logitChangeAt: at('logitChange'),
      msPerStep: row.msPerStep ?? NaN,
    };
  });
}

/** Slope of log (seed mean of the change at step t) against log N for one α_A (bootstrap SE over seeds). */
export function table3StepSlope(records: readonly Table3StepRecord[], attentionExponent: number, field: 'keyChangeAt' | 'logitChangeAt', step: number): SeedSlope {
  return slopeOverSeeds(
    records.filter((r) => r.attentionExponent === attentionExponent).map((r) => ({ x: r.headDim, seed: r.seed, y: r[field][step] ?? NaN })),
  );
}
