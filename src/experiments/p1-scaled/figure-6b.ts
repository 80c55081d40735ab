/**
 * P1-6b (final-kernel part) as data (FIGURES.md P1-6b; THEORY.md §3.2): heat maps of the pooled kernel
 * Φ(x, x′) = (1/n) h̄(x)·h̄(x′) of the final-LN features over 32 probe images, initial and final, across the family;
 * final pooled kernels converge in H: d(K̄_{H=8}, K̄_{H=16}) < d(K̄_{H=4}, K̄_{H=8}), seed-averaged kernels, jackknife SE.
 * The initial-gap part of P1-6b is figure-6b-gap.ts.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { logLogFigure } from '../../plot/figure';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1ScaledDataLabel } from './common';
import { scaledMemberName, type P1ScaledFamily } from './family';
import { scaledFigureRuns, scaledRuns } from './figure-runs';
import { formatHeadKernelDistances, headConvergenceRatio, headKernelDistances, scaledAxisMembers, scaledKernelHeatmaps } from './plots';

/** The heat-map columns of P1-6b and P1-6c: the H sweep, the largest N and the largest L. */
export function kernelPanelMembers(family: P1ScaledFamily): { member: string; label: string }[] {
  return [
    ...scaledAxisMembers(family, 'H').map((m) => ({ member: m.member, label: `H=${m.value}` })),
    { member: scaledMemberName('N', Math.max(...family.headDims), family), label: `N=${Math.max(...family.headDims)}` },
    { member: scaledMemberName('L', Math.max(...family.depths), family), label: `L=${Math.max(...family.depths)}` },
  ];
}

/** Pooled-kernel heat maps, distances along the H sweep, and the final-kernel convergence claim. */
export function analyseFigure6b(records: SweepRecord[], context: AnalysisContext): FigureOutput {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  const note = `data: ${p1ScaledDataLabel}; ${family.probeCount} test probes; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
  out.plots.push({
    name: 'pooled-kernels',
    figure: scaledKernelHeatmaps(runs, kernelPanelMembers(family), 'pooledKernel', { title: `P1 Fig. 6b: pooled kernel Φ(x, x′) of the final-LN features<br><sub>${note}</sub>` }),
  });
  const initial = headKernelDistances(runs, family, 'pooledKernel', 'initial');
  const final = headKernelDistances(runs, family, 'pooledKernel', 'final');
  out.notes.push(formatHeadKernelDistances(initial, 'initial'), formatHeadKernelDistances(final, 'final'));
  const heads = final.heads;
  out.plots.push({
    name: 'pooled-kernel-distances',
    figure: logLogFigure(
      [
        { name: 'initial: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: initial.consecutive.map((d) => d.value), error: initial.consecutive.map((d) => d.error) },
        { name: 'final: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: final.consecutive.map((d) => d.value), error: final.consecutive.map((d) => d.error) },
      ],
      { title: 'Pooled kernels converge in H', xTitle: 'H', yTitle: 'distance to the kernel at 2H', note },
    ),
  });
  const r = headConvergenceRatio(runs, family, 'pooledKernel', 'final', 'consecutive');
  const k = heads.length;
  out.claims.push({
    figure: 'P1-6b',
    claim: `final pooled kernels converge in H: d(H=${heads[k - 2]}, H=${heads[k - 1]}) / d(H=${heads[k - 3]}, H=${heads[k - 2]})`,
    value: r.value,
    error: r.error,
    band: [0, 1],
    details: {
      data: p1ScaledDataLabel,
      kernel: 'pooled final-LN features, seed-averaged',
      distances: final.consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
      initialDistances: initial.consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
      error: 'jackknife over seeds',
      ...family,
    },
  });
  return out;
}

export const p1Figure6b = definePaperFigure({
  id: 'P1-6b',
  title: 'Pooled feature kernels across scales, initial and final: final-kernel convergence in H',
  rows: ['P1-6b'],
  notebook: 'p1-fig6b-final-kernel-convergence.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure6b,
});
