/**
 * P1-7b as data (docs/FIGURES.md P1-7b): final-token kernels Φ(x, x′) = (1/n) u_S(x)·u_S(x′) across the held-out probe
 * sequences (u_S = final-LN features at the last position) of the LM family, initial and final at α_A ∈ {1, ½}; claim:
 * d(K̄_final(α_A = 1), K̄_final(α_A = ½)) is largest for the N-scaled model (THEORY.md §2.8 item 5). Same runs as P1-7a.
 */
import { definePaperFigure } from '../figure';
import { p1LmGrid, p1LmSweepName } from './family';
import { analyseKernelFigure } from './kernel-figure';
import { p1LmRunReference } from './run';

export const p1Figure7b = definePaperFigure({
  id: 'P1-7b',
  title: 'Final-token kernels of the LM family across scalings, α_A ∈ {1, ½}',
  rows: ['P1-7b'],
  notebook: 'p1-fig7b-final-token-kernels.ipynb',
  grid: p1LmGrid,
  runReference: p1LmRunReference,
  cacheName: p1LmSweepName,
  analyse: (records, context) =>
    analyseKernelFigure(records, context.sweep, {
      figure: 'P1-7b',
      kind: 'finalTokenKernel',
      kernelLabel: 'final-token kernel',
      kernelDescription: 'final-token final-LN features across held-out sequences, seed-averaged',
      probes: (count) => `${count} held-out sequences`,
      heatmapTitle: 'P1 Fig. 7b: final-token kernel Φ(x, x′) across held-out sequences',
      heatmapName: 'final-token-kernels',
      distanceTitle: 'd(K̄(αA=1), K̄(αA=½)) per model (x: 0 base, 1 H-, 2 N-, 3 L-scaled)',
    }),
});
