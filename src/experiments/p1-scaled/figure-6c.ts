/**
 * P1-6c as data (FIGURES.md P1-6c; THEORY.md §3.2): the spatial kernel Φ_{ss′} = (1/n) u_s(x)·u_{s′}(x) of test image 0
 * (u = LN(h_L), the final-LN token features; the raw stream h_L shown too), initial and final, across the family; the
 * convergence-in-H inequality of P1-6b for the spatial kernel at initialization and after training.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { logLogFigure } from '../../plot/figure';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1ScaledDataLabel } from './common';
import { kernelPanelMembers } from './figure-6b';
import { scaledFigureRuns, scaledRuns } from './figure-runs';
import { formatHeadKernelDistances, headConvergenceRatio, headKernelDistances, scaledKernelHeatmaps } from './plots';

/** Spatial-kernel heat maps (final-LN and raw stream), distances along the H sweep, the initial and final claims. */
export function analyseFigure6c(records: SweepRecord[], context: AnalysisContext): FigureOutput {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  const note = `data: ${p1ScaledDataLabel}; test image 0; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
  const members = kernelPanelMembers(family);
  out.plots.push({ name: 'spatial-kernels', figure: scaledKernelHeatmaps(runs, members, 'spatialKernel', { title: `P1 Fig. 6c: spatial kernel Φ_ss′ of the final-LN token features<br><sub>${note}</sub>` }) });
  out.plots.push({ name: 'raw-spatial-kernels', figure: scaledKernelHeatmaps(runs, members, 'rawSpatialKernel', { title: `Spatial kernel of the raw stream h_L after the last block<br><sub>${note}</sub>` }) });
  const distances = {
    initial: headKernelDistances(runs, family, 'spatialKernel', 'initial'),
    final: headKernelDistances(runs, family, 'spatialKernel', 'final'),
    rawInitial: headKernelDistances(runs, family, 'rawSpatialKernel', 'initial'),
    rawFinal: headKernelDistances(runs, family, 'rawSpatialKernel', 'final'),
  };
  for (const [label, d] of Object.entries(distances)) out.notes.push(formatHeadKernelDistances(d, label));
  const heads = distances.final.heads;
  out.plots.push({
    name: 'spatial-kernel-distances',
    figure: logLogFigure(
      [
        { name: 'initial: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: distances.initial.consecutive.map((d) => d.value), error: distances.initial.consecutive.map((d) => d.error) },
        { name: 'final: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: distances.final.consecutive.map((d) => d.value), error: distances.final.consecutive.map((d) => d.error) },
      ],
      { title: 'Spatial kernels converge in H', xTitle: 'H', yTitle: 'distance to the kernel at 2H', note },
    ),
  });
  const k = heads.length;
  for (const when of ['initial', 'final'] as const) {
    const r = headConvergenceRatio(runs, family, 'spatialKernel', when, 'consecutive');
    const raw = headConvergenceRatio(runs, family, 'rawSpatialKernel', when, 'consecutive');
    out.claims.push({
      figure: 'P1-6c',
      claim: `${when} spatial kernels converge in H: d(H=${heads[k - 2]}, H=${heads[k - 1]}) / d(H=${heads[k - 3]}, H=${heads[k - 2]})`,
      value: r.value,
      error: r.error,
      band: [0, 1],
      details: {
        data: p1ScaledDataLabel,
        kernel: 'spatial kernel of test image 0, final-LN token features, seed-averaged',
        distances: distances[when].consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
        rawStreamRatio: raw.value,
        error: 'jackknife over seeds',
        ...family,
      },
    });
  }
  return out;
}

export const p1Figure6c = definePaperFigure({
  id: 'P1-6c',
  title: 'Spatial kernel of one probe image across scales, initial and final',
  rows: ['P1-6c'],
  notebook: 'p1-fig6c-spatial-kernels.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure6c,
});
