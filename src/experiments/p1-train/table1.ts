/**
 * P1 Table 1 as a coordinate check (FIGURES.md P1-T1; THEORY.md §2.5, §2.9): with the learning-rate rules of the
 * table — SGD (momentum 0.9) η = η₀γ₀²nL^{2α_L−1}, Adam η = η₀/√n — the RMS change of the last stream h_L and of
 * the centred logits z after t steps does not depend on the width n = NH, whether n grows through the heads H
 * (sweep a, N fixed) or the head dimension N (sweep b, H fixed). The standard parameterization at a fixed rate is the
 * control, expected to fail (changes growing with n, or divergence). Data: Fashion-MNIST (stand-in for CIFAR-5M).
 * The grid and the claims are in figure-t1.ts.
 */
import type { Spec } from '../../spec/types';
import { showValue } from '../../spec/validate';
import type { SweepRecord } from '../../sweep/sweep';
import { p1Rows, probeAt, slopeOverSeeds, type SeedSlope } from './analysis';
import { p1TrainSpec } from './run';

/** A learning-rate rule: preset, optimizer and base rate η₀. */
export interface LearningRateRule {
  rule: string;
  preset: 'p1' | 'sp';
  optimizer: 'momentum' | 'adam' | 'sgd';
  learningRate: number;
  /** Adam readout of the ViT (THEORY.md §2.5): 'code' (the reconstructed row, default) or 'muP' (the LM's row). */
  adamReadout?: 'code' | 'muP';
  /** Whether the rule's slopes are gated claims (the code Adam row and the SP control are reported ungated). */
  gated: boolean;
}

/**
 * The rules checked: P1 SGD (momentum 0.9, η₀ = 0.1, gated); P1 Adam (η₀ = 0.02, ε = 10⁻²⁰) with the μP-consistent
 * readout (std n^{−½}, multiplier n^{−½}; gated) and with the reconstructed code readout (std 1, multiplier n^{−½};
 * ungated: Δz grows like n^{½} once Δh̄ aligns with W_out(0), FIGURES.md P1-T1 decision); the SP control (momentum,
 * fixed η = 0.05, ungated, expected to fail).
 */
export const table1Rules: LearningRateRule[] = [
  { rule: 'sgd', preset: 'p1', optimizer: 'momentum', learningRate: 0.1, gated: true },
  { rule: 'adam', preset: 'p1', optimizer: 'adam', learningRate: 0.02, gated: false },
  { rule: 'adam-muP', preset: 'p1', optimizer: 'adam', learningRate: 0.02, adamReadout: 'muP', gated: true },
  { rule: 'sp', preset: 'sp', optimizer: 'momentum', learningRate: 0.05, gated: false },
];

/** The spec of a rule at a shape (depth L): preset, optimizer and η₀ of the rule, the family's ViT (p1TrainSpec). */
export function ruleSpec(rule: LearningRateRule, shape: { headDim: number; heads: number; depth: number }): Spec {
  return p1TrainSpec({ ...shape, learningRate: rule.learningRate, preset: rule.preset, optimizer: rule.optimizer, adamReadout: rule.adamReadout });
}

/**
 * The spec fields in which `specs` differ, as zipped axis columns (a field a spec lacks is undefined there; the grid's
 * finish drops it again, so each point's spec is exactly the corresponding spec with the other axes applied).
 */
export function differingFields(specs: readonly Spec[]): Record<string, unknown[]> {
  const keys = [...new Set(specs.flatMap((s) => Object.keys(s)))] as (keyof Spec)[];
  const columns: Record<string, unknown[]> = {};
  for (const key of keys) {
    const column = specs.map((s) => s[key]);
    if (column.some((v) => JSON.stringify(v) !== JSON.stringify(column[0]))) columns[key] = column;
  }
  return columns;
}

/** The spec without its undefined fields (a zipped field a rule's preset does not set). */
export function withoutUndefined(spec: Spec): Spec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as unknown as Spec;
}

/** The two width sweeps: (a) N fixed, H varies; (b) H fixed, N varies. */
export interface Table1Sweeps {
  headsSweep: { headDim: number; heads: number[] };
  headDimSweep: { heads: number; headDims: number[] };
}

/** The two sweeps from a grid's analysis parameters; throws naming a missing or malformed one. */
export function table1Sweeps(analysis: Record<string, unknown>): Table1Sweeps {
  const { headsSweep: a, headDimSweep: b } = analysis as Partial<Table1Sweeps>;
  const ints = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && x > 0);
  if (!a || !Number.isInteger(a.headDim) || !ints(a.heads)) throw new Error(`headsSweep: expected {headDim, heads: [H…]} of positive integers, got ${showValue(a)}`);
  if (!b || !Number.isInteger(b.heads) || !ints(b.headDims)) throw new Error(`headDimSweep: expected {heads, headDims: [N…]} of positive integers, got ${showValue(b)}`);
  return { headsSweep: a, headDimSweep: b };
}

/** The (N, H) shapes of sweep (a) then sweep (b), each once. */
export function table1Shapes(sweeps: Table1Sweeps): [number, number][] {
  return [
    ...sweeps.headsSweep.heads.map((H) => [sweeps.headsSweep.headDim, H] as [number, number]),
    ...sweeps.headDimSweep.headDims.map((N) => [N, sweeps.headDimSweep.heads] as [number, number]),
  ].filter((s, i, all) => all.findIndex((t) => t[0] === s[0] && t[1] === s[1]) === i);
}

export interface Table1Record {
  rule: string;
  headDim: number;
  heads: number;
  width: number;
  seed: number;
  status: string;
  /** RMS(h_L(t) − h_L(0)) and RMS(z(t) − z(0)) on the probe images. */
  residualChange: number;
  outputChange: number;
  msPerStep: number;
}

/** The records of the P1-T1 sweep: rule (the point's label), shape, seed and the changes read at t = settings.steps. */
export function table1Records(records: readonly SweepRecord[]): Table1Record[] {
  return p1Rows(records).map((row) => {
    const p = probeAt(row, row.settings.steps);
    return {
      rule: String(row.values.rule),
      headDim: row.spec.headDim,
      heads: row.spec.heads,
      width: row.spec.headDim * row.spec.heads,
      seed: row.seed,
      status: row.status,
      residualChange: row.status === 'ok' ? p?.residualChange ?? NaN : NaN,
      outputChange: row.status === 'ok' ? p?.outputChange ?? NaN : NaN,
      msPerStep: row.msPerStep ?? NaN,
    };
  });
}

/**
 * Slope of log (seed mean of the change) against log n for one rule and one sweep: 'heads' (N fixed, sweep a) or
 * 'headDim' (H fixed, sweep b). Diverged runs make the slope NaN (complete: false).
 */
export function table1Slope(records: readonly Table1Record[], sweeps: Table1Sweeps, rule: string, sweepAxis: 'heads' | 'headDim', field: 'residualChange' | 'outputChange'): SeedSlope {
  const rows = records.filter((r) =>
    r.rule === rule && (sweepAxis === 'heads' ? r.headDim === sweeps.headsSweep.headDim && sweeps.headsSweep.heads.includes(r.heads) : r.heads === sweeps.headDimSweep.heads && sweeps.headDimSweep.headDims.includes(r.headDim)),
  );
  return slopeOverSeeds(rows.map((r) => ({ x: r.width, seed: r.seed, y: r[field] })));
}
