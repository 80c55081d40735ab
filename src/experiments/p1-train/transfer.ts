/**
 * P1 Fig 2 (FIGURES.md P1-2a, P1-2b; THEORY.md §2.5, §3.1): learning-rate transfer across the head dimension N for
 * α_A ∈ {1, ½} (2a: final loss against η₀, one curve per N; the optimal η₀ should not move with N), and the variance
 * over heads of the trained attention logits against N at each α_A's best η₀ (2b: decays with N for α_A = 1, flat for
 * α_A = ½; at t = 0 it equals N^{1−2α_A}/4). Fixed-depth LN ViT, SGD momentum 0.9, η = η₀γ₀²nL.
 * Data: Fashion-MNIST (stand-in for CIFAR-5M). The shared grid is in figure-2a.ts.
 */
import { argminPerGroup, type ArgminResult } from '../../analysis/groups';
import type { SweepRecord } from '../../sweep/sweep';
import { meanAndError, p1Rows, probeAt } from './analysis';

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

/** η₀ = 10^x, rounded to 12 significant digits so equal grid points give equal cache keys. */
export function rateOf(logRate: number): number {
  return Number((10 ** logRate).toPrecision(12));
}

/** log₁₀ η₀ of a grid rate, to 6 decimals (recovers the log grid a rate was made from by rateOf). */
export function logRateOf(rate: number): number {
  return Number(Math.log10(rate).toFixed(6));
}

/** The records of a sweep of the transfer grid: α_A, N, η₀, seed, final loss, and the head variance at t = 0 and at the end. */
export function transferRecords(records: readonly SweepRecord[]): TransferRecord[] {
  return p1Rows(records).map((row) => {
    const depth = row.spec.depth;
    const first = probeAt(row, 0)?.headVariance ?? [];
    const last = row.status === 'ok' ? probeAt(row, row.settings.steps)?.headVariance ?? [] : [];
    return {
      attentionExponent: row.spec.attentionExponent,
      headDim: row.spec.headDim,
      learningRate: row.spec.optimizer.learningRate,
      seed: row.seed,
      status: row.status,
      finalLoss: row.status === 'ok' ? row.loss ?? NaN : NaN,
      initialHeadVariance: first.length > 0 ? first.reduce((a, b) => a + b, 0) / first.length : NaN,
      finalHeadVariance: last.length >= depth ? last[depth - 1] : NaN,
      msPerStep: row.msPerStep ?? NaN,
    };
  });
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
 * The η₀ grid (log₁₀, ascending) extended by one grid step at each edge where some (α_A, N) has its optimum
 * (FIGURES.md "Notes": extend once before evaluating the claim); `extended` false when no optimum is at an edge.
 * The step is the first spacing of the grid (½ decade for a single rate).
 */
export function extendedLogRates(records: readonly TransferRecord[], logRates: readonly number[]): { logRates: number[]; extended: boolean } {
  let out = [...logRates].sort((a, b) => a - b);
  const step = out.length > 1 ? out[1] - out[0] : 0.5;
  const optima = transferOptima(records);
  const low = optima.some((o) => o.atEdge && o.index === 0);
  const high = optima.some((o) => o.atEdge && o.index > 0);
  if (low) out = [Number((out[0] - step).toFixed(6)), ...out];
  if (high) out = [...out, Number((out[out.length - 1] + step).toFixed(6))];
  return { logRates: out, extended: low || high };
}

/** Mean ± SE over seeds of a head-variance field per N at one (α_A, η₀). */
export function headVarianceByWidth(records: readonly TransferRecord[], attentionExponent: number, learningRate: number, field: 'initialHeadVariance' | 'finalHeadVariance') {
  const rows = records.filter((r) => r.attentionExponent === attentionExponent && r.learningRate === learningRate);
  const dims = [...new Set(rows.map((r) => r.headDim))].sort((a, b) => a - b);
  return dims.map((N) => ({ headDim: N, ...meanAndError(rows.filter((r) => r.headDim === N).map((r) => r[field])) }));
}
