/**
 * P1-7c as data (docs/FIGURES.md P1-7c): the token × token kernel Φ_{ss′} = (1/n) u_s·u_{s′} of held-out probe
 * sequence 0 (u_s = final-LN features at position s) of the LM family, initial and final at α_A ∈ {1, ½}; the same
 * claim as P1-7b on this kernel. Same runs as P1-7a.
 */
import { definePaperFigure } from '../figure';
import { p1LmGrid, p1LmSweepName } from './family';
import { analyseKernelFigure } from './kernel-figure';
import { p1LmRunReference } from './run';

export const p1Figure7c = definePaperFigure({
  id: 'P1-7c',
  title: 'Token × token kernel of one held-out sequence across scalings, α_A ∈ {1, ½}',
  rows: ['P1-7c'],
  notebook: 'p1-fig7c-token-kernels.ipynb',
  grid: p1LmGrid,
  runReference: p1LmRunReference,
  cacheName: p1LmSweepName,
  analyse: (records, context) =>
    analyseKernelFigure(records, context.sweep, {
      figure: 'P1-7c',
      kind: 'tokenKernel',
      kernelLabel: 'token × token kernel',
      kernelDescription: 'token × token final-LN features of held-out sequence 0, seed-averaged',
      probes: () => 'held-out sequence 0',
      heatmapTitle: 'P1 Fig. 7c: token × token kernel Φ_ss′ of one held-out sequence',
      heatmapName: 'token-kernels',
      distanceTitle: 'Token kernel: d(K̄(αA=1), K̄(αA=½)) per model (x: 0 base, 1 H-, 2 N-, 3 L-scaled)',
    }),
});
