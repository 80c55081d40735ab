/**
 * P1 Fig 2 (FIGURES.md P1-2a, P1-2b; THEORY.md §2.5, §3.1): learning-rate transfer across the head dimension N for
 * α_A ∈ {1, ½} (2a: final loss against η₀, one curve per N; the optimal η₀ should not move with N), and the variance
 * over heads of the trained attention logits against N at each α_A's best η₀ (2b: decays with N for α_A = 1, flat for
 * α_A = ½; at t = 0 it equals N^{1−2α_A}/4). Fixed-depth LN ViT, SGD momentum 0.9, η = η₀γ₀²nL.
 * Data: Fashion-MNIST (stand-in for CIFAR-5M).
 */
import { argminPerGroup, type ArgminResult } from '../analysis/groups';
import { sweep } from '../sweep/sweep';
import { meanAndError, p1Rows, probeAt } from './p1-train-analysis';
import { p1TrainRunReference } from './p1-train-run';

export interface TransferOptions {
  headDims: number[];
  attentionExponents: number[];
  /** log₁₀ η₀ grid (evenly spaced; the grid is extended by one step at an edge optimum). */
  logRates: number[];
  seeds: number;
  steps: number;
  scale: string;
  heads?: number;
  depth?: number;
  branchScale?: number;
  richness?: number;
  batchSize?: number;
  workers?: number;
}

export interface TransferRecord {
  attentionExponent: number;
  headDim: number;
  learningRate: number;
  seed: number;
  status: string;
  /** Mean of the last 10 % of the logged losses (NaN when diverged). */
  finalLoss: number;
  /** Head variance of A at t = 0 (mean over blocks) and at the end (last block). */
  initialHeadVariance: number;
  finalHeadVariance: number;
  msPerStep: number;
}

function fixedSettings(options: TransferOptions) {
  return {
    heads: options.heads ?? 4,
    depth: options.depth ?? 2,
    branchScale: options.branchScale ?? 4,
    richness: options.richness ?? 0.25,
    batchSize: options.batchSize ?? 32,
    steps: options.steps,
    probeSteps: [options.steps],
    probeKinds: ['attention'],
  };
}

/** η₀ = 10^x, rounded to 12 significant digits so equal grid points give equal cache keys. */
export function rateOf(logRate: number): number {
  return Number((10 ** logRate).toPrecision(12));
}

/** Runs (or reads from the cache) α_A × N × η₀ × seeds; the sweep name is shared with P1-2b. */
export async function runTransferSweep(
  options: TransferOptions,
  headDims = options.headDims,
  rates = options.logRates.map(rateOf),
  attentionExponents = options.attentionExponents,
): Promise<{ records: TransferRecord[]; seconds: number }> {
  const result = await sweep(
    { axes: { attentionExponent: attentionExponents, headDim: [...headDims].sort((a, b) => b - a), learningRate: rates }, fixed: fixedSettings(options), seeds: options.seeds },
    p1TrainRunReference,
    { name: 'p1-fig2-learning-rate-transfer', scale: options.scale, workers: options.workers },
  );
  const depth = options.depth ?? 2;
  const records = p1Rows(result).map((row) => {
    const first = probeAt(row, 0)?.headVariance ?? [];
    const last = row.status === 'ok' ? probeAt(row, options.steps)?.headVariance ?? [] : [];
    return {
      attentionExponent: row.attentionExponent ?? 1,
      headDim: row.headDim,
      learningRate: row.learningRate,
      seed: row.seed,
      status: row.status,
      finalLoss: row.status === 'ok' ? row.loss ?? NaN : NaN,
      initialHeadVariance: first.length > 0 ? first.reduce((a, b) => a + b, 0) / first.length : NaN,
      finalHeadVariance: last.length >= depth ? last[depth - 1] : NaN,
      msPerStep: row.msPerStep ?? NaN,
    };
  });
  return { records, seconds: result.progress.elapsedSeconds };
}

/** Seed mean ± SE of the final loss per (α_A, N, η₀); a diverged seed makes the point NaN (ranked worst). */
export function transferCurves(records: readonly TransferRecord[]) {
  const keys = [...new Set(records.map((r) => `${r.attentionExponent}|${r.headDim}|${r.learningRate}`))];
  return keys.map((k) => {
    const [a, N, eta] = k.split('|').map(Number);
    const runs = records.filter((r) => r.attentionExponent === a && r.headDim === N && r.learningRate === eta);
    const stats = meanAndError(runs.map((r) => r.finalLoss));
    const diverged = runs.some((r) => r.status !== 'ok');
    return { attentionExponent: a, headDim: N, learningRate: eta, loss: diverged ? NaN : stats.mean, se: stats.se, diverged };
  });
}

/** The argmin of the seed-mean final loss over η₀ for each (α_A, N) (analysis/groups argminPerGroup). */
export function transferOptima(records: readonly TransferRecord[]): ArgminResult[] {
  return argminPerGroup(transferCurves(records), { by: ['attentionExponent', 'headDim'], x: 'learningRate', metric: 'loss' });
}

/**
 * Runs the P1-2a sweep and extends the η₀ grid by one half-decade step at an edge where some (α_A, N) has its optimum
 * (FIGURES.md "Notes": extend once before evaluating the claim). Returns the records and the grid actually used.
 */
export async function runTransferExperiment(options: TransferOptions): Promise<{ records: TransferRecord[]; logRates: number[]; seconds: number }> {
  let logRates = [...options.logRates].sort((a, b) => a - b);
  let { records, seconds } = await runTransferSweep(options, options.headDims, logRates.map(rateOf));
  const step = logRates.length > 1 ? logRates[1] - logRates[0] : 0.5;
  const optima = transferOptima(records);
  const low = optima.some((o) => o.atEdge && o.index === 0);
  const high = optima.some((o) => o.atEdge && o.index > 0);
  if (low || high) {
    if (low) logRates = [Number((logRates[0] - step).toFixed(6)), ...logRates];
    if (high) logRates = [...logRates, Number((logRates[logRates.length - 1] + step).toFixed(6))];
    const extended = await runTransferSweep(options, options.headDims, logRates.map(rateOf));
    records = extended.records;
    seconds += extended.seconds;
  }
  return { records, logRates, seconds };
}

/**
 * P1-2b runs: for each α_A, N ∈ widths at that α_A's best η₀ (the P1-2a runs are cache hits; only new N are computed).
 * `bestRates` maps α_A to η₀.
 */
export async function runHeadVarianceExperiment(options: TransferOptions, widths: number[], bestRates: Record<number, number>): Promise<{ records: TransferRecord[]; seconds: number }> {
  let records: TransferRecord[] = [];
  let seconds = 0;
  for (const a of options.attentionExponents) {
    const part = await runTransferSweep(options, widths, [bestRates[a]], [a]);
    records = records.concat(part.records);
    seconds += part.seconds;
  }
  return { records, seconds };
}

/** Mean ± SE over seeds of a head-variance field per N at one (α_A, η₀). */
export function headVarianceByWidth(records: readonly TransferRecord[], attentionExponent: number, learningRate: number, field: 'initialHeadVariance' | 'finalHeadVariance') {
  const rows = records.filter((r) => r.attentionExponent === attentionExponent && r.learningRate === learningRate);
  const dims = [...new Set(rows.map((r) => r.headDim))].sort((a, b) => a - b);
  return dims.map((N) => ({ headDim: N, ...meanAndError(rows.filter((r) => r.headDim === N).map((r) => r[field])) }));
}

/** The sweep sizes shared by the P1-2a and P1-2b notebooks (identical options, so 2b reuses 2a's cache). */
export function fig2Settings(scale: 'smoke' | 'quick' | 'paper'): Omit<TransferOptions, 'scale'> & { extraWidths: number[] } {
  const attentionExponents = [1, 0.5];
  if (scale === 'smoke') return { headDims: [4, 8], attentionExponents, logRates: [-1, 0], seeds: 1, steps: 10, extraWidths: [16] };
  if (scale === 'quick') return { headDims: [4, 8, 16], attentionExponents, logRates: [-2, -1.5, -1, -0.5, 0, 0.5], seeds: 2, steps: 200, extraWidths: [32] };
  const logRates = Array.from({ length: 12 }, (_, i) => Number((-2.5 + (3.5 * i) / 11).toFixed(4)));
  return { headDims: [4, 8, 16, 32, 64], attentionExponents, logRates, seeds: 2, steps: 2500, heads: 16, batchSize: 64, extraWidths: [128] };
}
