/**
 * P1-5b as data (docs/FIGURES.md P1-5b; THEORY.md §3.3): loss against compute C = 6 × parameters × tokens for the
 * depth sweep, on P1-5a's grid and cache. Claim: at the largest L, final loss(α_L = 1) ≤ final loss(α_L = ½) + 2 SE.
 */
import { color } from '../../plot/axes';
import { lineFigure, type Series } from '../../plot/figure';
import { showValue } from '../../spec/validate';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { depthFinalLoss, lossAgainstCompute } from './depth';
import { depthRuns, figure5Cache, p1Figure5Grid } from './figure-5a';
import { p1TrainRunReference } from './run';

/** Seed-mean loss curves against compute per (α_L, L), the final losses, and the claim at the deepest L. */
export function analyseFigure5b(swept: SweepRecord[], context: Pick<AnalysisContext, 'grid' | 'scale' | 'sweep'>): FigureOutput {
  const { records, settings } = depthRuns(swept, context.grid);
  const window = context.grid.analysis.lossWindow;
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 1) throw new Error(`lossWindow: expected an integer number of steps ≥ 1, got ${showValue(window)}`);
  const out = figureOutput();
  out.notes.push(`${records.length} runs computed in ${context.sweep.progress.elapsedSeconds.toFixed(1)} s (shared with P1-5a); not ok: ${records.filter((r) => r.status !== 'ok').length}`);
  const series: Series[] = [];
  settings.residualExponents.forEach((a) => {
    settings.depths.forEach((L, i) => {
      const curve = lossAgainstCompute(records, a, L, settings.batchSize, window);
      series.push({ name: `L = ${L}, α_L = ${a}`, x: curve.compute, y: curve.loss, dash: a === 1 ? 'dash' : 'solid', color: color(i), mode: 'lines' });
    });
  });
  const spec = swept[0].spec!;
  out.plots.push({
    name: 'p1-5b-loss-vs-compute',
    figure: lineFigure(series, {
      title: 'Loss against compute, depth sweep (solid α_L = ½, dashed α_L = 1)',
      xTitle: 'compute C = 6 × parameters × tokens',
      yTitle: 'training loss (window mean)',
      xLog: true,
      note: `data: Fashion-MNIST (stand-in for CIFAR-5M); N = ${spec.headDim}, H = ${spec.heads}, β₀ = ${spec.branchScale}, γ₀ = ${spec.richness}, η₀ = ${spec.optimizer.learningRate}, ${settings.steps} steps, ${settings.seeds} seed(s), scale ${context.scale}`,
    }),
  });
  out.frames.push({
    name: 'Final loss (mean of the last 10 % of steps), mean ± SE over seeds',
    rows: settings.depths.flatMap((L) => settings.residualExponents.map((a) => ({ depth: L, residualExponent: a, ...depthFinalLoss(records, a, L) }))),
  });
  if (settings.residualExponents.includes(0.5) && settings.residualExponents.includes(1)) {
    const deepest = settings.depths[settings.depths.length - 1];
    const [half, one] = [depthFinalLoss(records, 0.5, deepest), depthFinalLoss(records, 1, deepest)];
    const se = Math.sqrt((half.se || 0) ** 2 + (one.se || 0) ** 2);
    out.claims.push({
      figure: 'P1-5b',
      claim: `L = ${deepest}: final loss(α_L = 1) − final loss(α_L = ½) ≤ 2 SE`,
      value: one.mean - half.mean,
      error: se,
      band: [-Infinity, 2 * se],
      details: { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, stepsInFigures: 1000, finalLossHalf: half, finalLossOne: one },
    });
  }
  return out;
}

export const p1Figure5b = definePaperFigure({
  id: 'P1-5b',
  title: 'Loss against compute for a depth sweep',
  rows: ['P1-5b'],
  notebook: 'p1-fig5b-loss-vs-compute-depth.ipynb',
  grid: p1Figure5Grid,
  runReference: p1TrainRunReference,
  cacheName: figure5Cache,
  analyse: analyseFigure5b,
});
