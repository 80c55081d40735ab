/**
 * P1 Table 1 as a coordinate check (FIGURES.md P1-T1; THEORY.md §2.5, §2.9): with the learning-rate rules of the
 * table — SGD (momentum 0.9) η = η₀γ₀²nL^{2α_L−1}, Adam η = η₀/√n — the RMS change of the last stream h_L and of
 * the centred logits z after t steps does not depend on the width n = NH, whether n grows through the heads H
 * (sweep a, N fixed) or the head dimension N (sweep b, H fixed). The standard parameterization at a fixed rate is the
 * control, expected to fail (changes growing with n, or divergence). Data: Fashion-MNIST (stand-in for CIFAR-5M).
 */
import { sweep } from '../sweep/sweep';
import { p1Rows, probeAt, slopeOverSeeds, type SeedSlope } from './p1-train-analysis';
import { p1TrainRunReference } from './p1-train-run';

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

export interface Table1Options {
  /** Sweep a: N fixed, H varies. */
  headsSweep: { headDim: number; heads: number[] };
  /** Sweep b: H fixed, N varies. */
  headDimSweep: { heads: number; headDims: number[] };
  seeds: number;
  steps: number;
  scale: string;
  rules?: LearningRateRule[];
  depth?: number;
  batchSize?: number;
  workers?: number;
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

/** Runs (or reads from the cache) every rule × (sweep a ∪ sweep b) × seeds for t steps. */
export async function runTable1Experiment(options: Table1Options): Promise<{ records: Table1Record[]; seconds: number }> {
  const rules = options.rules ?? table1Rules;
  const shapes = [
    ...options.headsSweep.heads.map((H) => [options.headsSweep.headDim, H]),
    ...options.headDimSweep.headDims.map((N) => [N, options.headDimSweep.heads]),
  ].filter((s, i, all) => all.findIndex((t) => t[0] === s[0] && t[1] === s[1]) === i);
  const result = await sweep(
    {
      zip: [
        { rule: rules.map((r) => r.rule), preset: rules.map((r) => r.preset), optimizer: rules.map((r) => r.optimizer), learningRate: rules.map((r) => r.learningRate), adamReadout: rules.map((r) => r.adamReadout) },
        { headDim: shapes.map((s) => s[0]), heads: shapes.map((s) => s[1]) },
      ],
      fixed: { depth: options.depth ?? 2, batchSize: options.batchSize ?? 32, steps: options.steps, probeSteps: [options.steps], probeKinds: ['changes'] },
      seeds: options.seeds,
    },
    p1TrainRunReference,
    { name: 'p1-table1-learning-rate-rules', scale: options.scale, workers: options.workers },
  );
  const records = p1Rows(result).map((row) => {
    const p = probeAt(row, options.steps);
    return {
      rule: String((row as unknown as { rule: string }).rule),
      headDim: row.headDim,
      heads: row.heads,
      width: row.headDim * row.heads,
      seed: row.seed,
      status: row.status,
      residualChange: row.status === 'ok' ? p?.residualChange ?? NaN : NaN,
      outputChange: row.status === 'ok' ? p?.outputChange ?? NaN : NaN,
      msPerStep: row.msPerStep ?? NaN,
    };
  });
  return { records, seconds: result.progress.elapsedSeconds };
}

/**
 * Slope of log (seed mean of the change) against log n for one rule and one sweep: 'heads' (N fixed, sweep a) or
 * 'headDim' (H fixed, sweep b). Diverged runs make the slope NaN (complete: false).
 */
export function table1Slope(records: readonly Table1Record[], options: Table1Options, rule: string, sweepAxis: 'heads' | 'headDim', field: 'residualChange' | 'outputChange'): SeedSlope {
  const rows = records.filter((r) =>
    r.rule === rule && (sweepAxis === 'heads' ? r.headDim === options.headsSweep.headDim && options.headsSweep.heads.includes(r.heads) : r.heads === options.headDimSweep.heads && options.headDimSweep.headDims.includes(r.headDim)),
  );
  return slopeOverSeeds(rows.map((r) => ({ x: r.width, seed: r.seed, y: r[field] })));
}
