/**
 * P1 Fig. 7b/7c share one measurement: for each model of the LM family (base, H-, N-, L-scaled), the distance
 * d(K̄(α_A = 1), K̄(α_A = ½)) = ‖K̄₁ − K̄_½‖_F/‖K̄_½‖_F between seed-averaged kernels, and the claim that it is largest
 * for the N-scaled model (FIGURES.md P1-7b, P1-7c; with QK-LayerNorm α_A acts only through N, THEORY.md §2.8 item 5).
 * Only the kernel differs between the two figures: the final-token kernel across sequences (7b) or the token × token
 * kernel of one sequence (7c).
 */
import type { Figure } from '../../plot/figure';
import { lineFigure } from '../../plot/figure';
import type { ClaimInput } from '../../notebook/claims';
import { exponentKernelDistance, headDimDistanceMargin, type LmKernelKind } from './analysis';
import type { P1LmFamily, P1LmMember, P1LmRecord } from './family';
import { p1LmDataLabel } from './run';

export interface AlphaKernelDistance {
  member: string;
  initial: { value: number; error: number };
  final: { value: number; error: number };
}

/** d(K̄(α_A = 1), K̄(α_A = ½)) of every member, at initialization and after training (jackknife SE over seeds). */
export function alphaKernelDistances(runs: Map<string, P1LmRecord[]>, members: readonly P1LmMember[], kind: LmKernelKind): AlphaKernelDistance[] {
  return members.map((m) => ({
    member: m.member,
    initial: exponentKernelDistance(runs, m.member, kind, 'initial'),
    final: exponentKernelDistance(runs, m.member, kind, 'final'),
  }));
}

/** The distances per member as points with error bars (x: 0 base, 1 H-, 2 N-, 3 L-scaled). */
export function alphaKernelDistanceFigure(rows: readonly AlphaKernelDistance[], options: { title: string; note?: string }): Figure {
  const x = rows.map((_, i) => i);
  return lineFigure(
    [
      { name: 'initial', x, y: rows.map((r) => r.initial.value), error: rows.map((r) => r.initial.error), mode: 'markers' },
      { name: 'final', x, y: rows.map((r) => r.final.value), error: rows.map((r) => r.final.error), mode: 'markers' },
    ],
    { title: options.title, xTitle: rows.map((r, i) => `${i} = ${r.member}`).join(', '), yTitle: 'relative Frobenius distance', note: options.note },
  );
}

/**
 * The two P1-7b/7c claims (both ungated: weak at 2 seeds, FIGURES.md): the margin d_N − max(d_base, d_H, d_L) after
 * training, band [0, ∞); and the diagnostic d_N − d_H (equal width n, which removes the n^{−1/2} finite-width part of
 * d shared by α_A = 1 and ½ networks with equal seeds). Returns both margins, the claims and a line for the reader.
 */
export function alphaKernelClaims(options: {
  figure: 'P1-7b' | 'P1-7c';
  kernelLabel: string;
  kernelDescription: string;
  runs: Map<string, P1LmRecord[]>;
  members: readonly P1LmMember[];
  family: P1LmFamily;
  kind: LmKernelKind;
  rows: readonly AlphaKernelDistance[];
}): { margin: { value: number; error: number }; sameWidth: { value: number; error: number }; claims: ClaimInput[]; notes: string[] } {
  const { figure, kernelLabel, runs, members, family, kind } = options;
  const finite = (e: number) => (Number.isFinite(e) ? e : undefined);
  const margin = headDimDistanceMargin(runs, members, family.seeds, kind, 'final');
  const claims: ClaimInput[] = [];
  claims.push({
    figure,
    claim: `${kernelLabel}: d(αA=1, αA=½) of the N-scaled model minus the largest of base, H-, L-scaled`,
    value: margin.value,
    error: finite(margin.error),
    band: [0, Infinity],
    gated: false,
    details: {
      data: p1LmDataLabel,
      kernel: options.kernelDescription,
      distances: options.rows.map((r) => ({ member: r.member, final: r.final.value, finalSE: r.final.error, initial: r.initial.value, initialSE: r.initial.error })),
      error: 'jackknife over seeds',
      note: 'weak at 2 seeds (FIGURES.md): reported, not gated',
      steps: family.steps,
      seeds: family.seeds,
      cut: null,
    },
  });
  const sameWidth = headDimDistanceMargin(runs, members, family.seeds, kind, 'final', ['H']);
  const sameWidthInitial = headDimDistanceMargin(runs, members, family.seeds, kind, 'initial', ['H']);
  const notes = [`d_N − d_H: initial ${sameWidthInitial.value.toFixed(4)} ± ${sameWidthInitial.error.toFixed(4)}, final ${sameWidth.value.toFixed(4)} ± ${sameWidth.error.toFixed(4)}`];
  claims.push({
    figure,
    claim: `diagnostic: ${kernelLabel}, d(αA=1, αA=½) of the N-scaled minus the H-scaled model (equal width n)`,
    value: sameWidth.value,
    error: finite(sameWidth.error),
    band: [0, Infinity],
    gated: false,
    details: {
      data: p1LmDataLabel,
      note: 'not a FIGURES.md claim: removes the n^(-1/2) finite-width part by comparing models of equal n',
      initial: sameWidthInitial.value,
      initialSE: sameWidthInitial.error,
      error: 'jackknife over seeds',
    },
  });
  notes.push(`margin ${margin.value.toFixed(4)} ± ${margin.error.toFixed(4)}`);
  return { margin, sameWidth, claims, notes };
}
