/**
 * Statistics of the LM figures (FIGURES.md P1-7a, 7b, 7c, P1-12 and "Statistics", "Kernels"): final losses over seeds,
 * the gain of scaling one size, the α_A-distance between seed-averaged kernels, and the parameter counts of the
 * paper's LMs at the T5 vocabulary (THEORY.md §2.4).
 */
import { parameterCount } from '../../spec/resolve';
import { jackknifeOverSeeds, meanKernelDistance, pickSeeds, seedMeanSeries, type Jackknifed } from '../p1-scaled/analysis';
import { relativeFrobeniusDistance } from '../../analysis/finite-size';
import { lmGroup, type P1LmFamily, type P1LmMember, type P1LmRecord } from './family';
import { lmParameterFormula, p1LmSpec } from './run';

/** Mean over seeds of the final train loss (last 10 % of steps; NaN for a diverged run), SE = SD/√R. */
export function lmFinalLoss(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number): { mean: number; error: number; perSeed: number[] } {
  const perSeed = lmGroup(runs, member, attentionExponent).map((r) => (r.status === 'ok' ? r.result.loss : NaN));
  const mean = perSeed.reduce((s, x) => s + x, 0) / perSeed.length;
  const sd = perSeed.length > 1 ? Math.sqrt(perSeed.reduce((s, x) => s + (x - mean) ** 2, 0) / (perSeed.length - 1)) : NaN;
  return { mean, error: sd / Math.sqrt(perSeed.length), perSeed };
}

/** Mean over seeds of the held-out loss after the last step, SE = SD/√R. */
export function lmHeldOutLoss(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number): { mean: number; error: number } {
  const values = lmGroup(runs, member, attentionExponent).map((r) => r.result.heldOutLoss);
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1)) : NaN;
  return { mean, error: sd / Math.sqrt(values.length) };
}

/** A difference of means with its SE √(Σ SE²) (independent seeds in each group). */
export interface Gain {
  value: number;
  error: number;
}

/**
 * Gain of scaling: Δ_X(α_A) = ℒ̄(base) − ℒ̄(X-scaled), the drop of the seed-mean final loss, SE = √(SE_base² + SE_X²)
 * (FIGURES.md P1-7a).
 */
export function scalingGain(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number): Gain {
  const base = lmFinalLoss(runs, 'base', attentionExponent);
  const scaled = lmFinalLoss(runs, member, attentionExponent);
  return { value: base.mean - scaled.mean, error: Math.sqrt(base.error ** 2 + scaled.error ** 2) };
}

/** Δ_X(½) − Δ_X(1) with the combined SE of its four groups (FIGURES.md P1-7a (ii)). */
export function gainDifference(runs: Map<string, P1LmRecord[]>, member: string): Gain {
  const half = scalingGain(runs, member, 0.5);
  const one = scalingGain(runs, member, 1);
  return { value: half.value - one.value, error: Math.sqrt(half.error ** 2 + one.error ** 2) };
}

export type LmKernelKind = 'finalTokenKernel' | 'tokenKernel';

/** Per-seed kernels of a (member, α_A) group at 'initial' or 'final'. */
export function lmKernels(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number, kind: LmKernelKind, when: 'initial' | 'final'): number[][] {
  return lmGroup(runs, member, attentionExponent).map((r) => r.result[when][kind]);
}

/** d(K̄(α_A = 1), K̄(α_A = ½)) = ‖K̄₁ − K̄_½‖_F/‖K̄_½‖_F of seed-averaged kernels of one member, jackknifed over seeds. */
export function exponentKernelDistance(runs: Map<string, P1LmRecord[]>, member: string, kind: LmKernelKind, when: 'initial' | 'final'): Jackknifed {
  return meanKernelDistance(lmKernels(runs, member, 1, kind, when), lmKernels(runs, member, 0.5, kind, when));
}

/**
 * FIGURES.md P1-7b/7c as one number: d_N − max(d_base, d_H, d_L) with d_X = d(K̄_X(α_A = 1), K̄_X(α_A = ½)) at `when`,
 * jackknifed over seeds (> 0: the α_A-difference is largest for the N-scaled model). `against` restricts the
 * comparison (e.g. ['H']: the H-scaled model, which has the same width n as the N-scaled one).
 */
export function headDimDistanceMargin(
  runs: Map<string, P1LmRecord[]>,
  members: readonly P1LmMember[],
  seeds: number,
  kind: LmKernelKind,
  when: 'initial' | 'final',
  against: readonly P1LmMember['axis'][] = ['base', 'H', 'L'],
): Jackknifed {
  const kept = members.filter((m) => m.axis === 'N' || against.includes(m.axis));
  if (!kept.some((m) => m.axis === 'N') || kept.length < 2) throw new Error(`members: expected the N-scaled model and one of ${against.join(', ')}, got ${members.map((m) => m.member).join(', ')}`);
  const perMember = kept.map((m) => ({ axis: m.axis, one: lmKernels(runs, m.member, 1, kind, when), half: lmKernels(runs, m.member, 0.5, kind, when) }));
  return jackknifeOverSeeds(seeds, (keep) => {
    let n = NaN;
    let others = -Infinity;
    for (const m of perMember) {
      const d = relativeFrobeniusDistance(seedMeanSeries(pickSeeds(m.one, keep)), seedMeanSeries(pickSeeds(m.half, keep)));
      if (m.axis === 'N') n = d;
      else others = Math.max(others, d);
    }
    return n - others;
  });
}

/** One paper LM's parameter count at vocabulary V and context S (THEORY.md §2.4), from the spec and the closed form. */
export interface PaperLmCount {
  label: string;
  headDim: number;
  heads: number;
  depth: number;
  /** parameterCount(spec) of the toolkit's LM. */
  counted: number;
  /** 2Vn + (S + 1)n + V + 6Ln². */
  formula: number;
}

/**
 * The parameter counts of P1 Fig. 12's LMs (FIGURES.md P1-12): base (N, H, L) = (8, 8, 4), L = 64, H = 128, N = 128 at
 * V = 32 101 (T5 + pad) and context 256, counted by the toolkit's parameterCount of the 'causalLm' spec.
 */
export function paperLmParameterCounts(vocabulary = 32101, context = 256): PaperLmCount[] {
  const models = [
    { label: 'base (8, 8, 4)', headDim: 8, heads: 8, depth: 4 },
    { label: 'L = 64', headDim: 8, heads: 8, depth: 64 },
    { label: 'H = 128', headDim: 8, heads: 128, depth: 4 },
    { label: 'N = 128', headDim: 128, heads: 8, depth: 4 },
  ];
  return models.map((m) => ({
    ...m,
    counted: parameterCount(p1LmSpec({ ...m, context }, vocabulary)),
    formula: lmParameterFormula(vocabulary, m.headDim * m.heads, m.depth, context),
  }));
}

/** Share of embedding, readout and bias, (2Vn + V)/P, in a member's parameter count at the family's vocabulary. */
export function embeddingShare(member: { headDim: number; heads: number; depth: number }, vocabulary: number, context: number): number {
  const n = member.headDim * member.heads;
  return (2 * vocabulary * n + vocabulary) / lmParameterFormula(vocabulary, n, member.depth, context);
}

/** Compute after each logged step of a run: C_t = 6 · P · (t + 1) · batch · context (FIGURES.md P1-12). */
export function computeAxis(parameters: number, steps: number, family: Pick<P1LmFamily, 'batchSize' | 'context'>): number[] {
  return Array.from({ length: steps }, (_, t) => 6 * parameters * (t + 1) * family.batchSize * family.context);
}
