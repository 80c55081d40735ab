/**
 * P1-2a as data (docs/FIGURES.md P1-2a; THEORY.md §2.5, §3.1): learning-rate transfer across the head dimension N.
 * The grid (shared with P1-2b, one cache): α_A ∈ {1, ½} × N × η₀ (log grid) × seeds, fixed-depth LN ViT, H = 4, L = 2,
 * β₀ = 4, γ₀ = 0.25, SGD momentum 0.9, batch 32, the 'attention' probe at the end. The analysis extends the η₀ grid
 * once at an edge optimum (more runs in the same cache), then compares the argmin over η₀ across N.
 */
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { lineFigure, type Series } from '../../plot/figure';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1Rows } from './analysis';
import { p1TrainRunReference, p1TrainSpec } from './run';
import { p1TrainSettings } from './settings';
import { extendedLogRates, logRateOf, rateOf, transferCurves, transferOptima, transferRecords, type TransferRecord } from './transfer';

const sizes: Record<Scale, { headDims: number[]; logRates: number[]; seeds: number; steps: number; extraWidths: number[]; heads: number; batchSize: number }> = {
  smoke: { headDims: [4, 8], logRates: [-1, 0], seeds: 1, steps: 10, extraWidths: [16], heads: 4, batchSize: 32 },
  quick: { headDims: [4, 8, 16], logRates: [-2, -1.5, -1, -0.5, 0, 0.5], seeds: 2, steps: 200, extraWidths: [32], heads: 4, batchSize: 32 },
  paper: { headDims: [4, 8, 16, 32, 64], logRates: Array.from({ length: 12 }, (_, i) => Number((-2.5 + (3.5 * i) / 11).toFixed(4))), seeds: 2, steps: 2500, extraWidths: [128], heads: 16, batchSize: 64 },
};

/**
 * The grid of P1-2a and P1-2b: α_A × N (largest first) × η₀ = 10^x over the log grid (ascending) × seeds; analysis
 * parameter extraWidths: the N that P1-2b adds at each α_A's best η₀.
 */
export function p1Figure2Grid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  const rates = [...s.logRates].sort((a, b) => a - b).map(rateOf);
  return new SpecGrid({
    base: p1TrainSpec({ headDim: s.headDims[0], heads: s.heads, depth: 2, branchScale: 4, richness: 0.25, learningRate: rates[0] }),
    axes: { attentionExponent: [1, 0.5], headDim: [...s.headDims].sort((a, b) => b - a), learningRate: rates },
    settings: p1TrainSettings({ batchSize: s.batchSize, steps: s.steps, probeSteps: [s.steps], probeKinds: ['attention'] }),
    analysis: { extraWidths: s.extraWidths },
    seeds: s.seeds,
  });
}

export const figure2Cache = 'p1-fig2-learning-rate-transfer';

/** What P1-2a and P1-2b read from the transfer runs. */
export interface TransferRuns {
  records: TransferRecord[];
  /** The η₀ grid used (log₁₀, after the extension). */
  logRates: number[];
  /** The grid as run (its η₀ axis extended when an optimum sat on an edge). */
  grid: SpecGrid;
  seconds: number;
}

/**
 * The transfer records of the figure's sweep, with the η₀ grid extended by one step at an edge optimum (the extra
 * rates swept into the shared cache; the rates of the grid are kept as they are, the new ones are rateOf(log)).
 */
export async function transferRuns(swept: SweepRecord[], context: AnalysisContext): Promise<TransferRuns> {
  let records = transferRecords(swept);
  let seconds = context.sweep.progress.elapsedSeconds;
  const rates = [...new Set(records.map((r) => r.learningRate))].sort((a, b) => a - b);
  const { logRates, extended } = extendedLogRates(records, rates.map(logRateOf));
  let grid = context.grid;
  if (extended) {
    const low = logRates[0] < logRateOf(rates[0]) ? [rateOf(logRates[0])] : [];
    const high = logRates[logRates.length - 1] > logRateOf(rates[rates.length - 1]) ? [rateOf(logRates[logRates.length - 1])] : [];
    grid = grid.axis('learningRate', [...low, ...rates, ...high]);
    const more = await context.sweepMore(grid);
    records = transferRecords(more.records);
    seconds += more.progress.elapsedSeconds;
  }
  return { records, logRates, grid, seconds };
}

/** The sizes of the transfer grid a claim's details show. */
export function transferSettings(records: readonly SweepRecord[], grid: SpecGrid) {
  const { spec, settings } = p1Rows(records.slice(0, 1))[0];
  const rows = transferRecords(records);
  return {
    headDims: [...new Set(rows.map((r) => r.headDim))].sort((a, b) => a - b),
    attentionExponents: [...new Set(rows.map((r) => r.attentionExponent))],
    logRates: [...new Set(rows.map((r) => r.learningRate))].sort((a, b) => a - b).map(logRateOf),
    seeds: new Set(rows.map((r) => r.seed)).size,
    steps: settings.steps,
    extraWidths: (grid.analysis.extraWidths ?? []) as number[],
    heads: spec.heads,
    batchSize: settings.batchSize,
  };
}

/** Loss against η₀ per (α_A, N), the optima, and the transfer claims of P1-2a. */
export async function analyseFigure2a(swept: SweepRecord[], context: AnalysisContext): Promise<FigureOutput> {
  const settings = transferSettings(swept, context.grid);
  const { records, logRates, seconds } = await transferRuns(swept, context);
  const out = figureOutput();
  out.notes.push(`${records.length} runs computed in ${seconds.toFixed(1)} s; η₀ grid 10^[${logRates.join(', ')}]; diverged: ${records.filter((r) => r.status === 'diverged').length}, errors: ${records.filter((r) => r.status === 'error').length}`);
  for (const N of settings.headDims) out.notes.push(`N = ${N}: ${(records.filter((r) => r.headDim === N).reduce((a, r) => a + r.msPerStep, 0) / records.filter((r) => r.headDim === N).length).toFixed(0)} ms per step (wall, in a worker)`);
  const curves = transferCurves(records);
  const series: Series[] = [];
  settings.attentionExponents.forEach((a) => {
    settings.headDims.forEach((N, i) => {
      const pts = curves.filter((c) => c.attentionExponent === a && c.headDim === N).sort((p, q) => p.learningRate - q.learningRate);
      series.push({ name: `N = ${N}, α_A = ${a}`, x: pts.map((p) => p.learningRate), y: pts.map((p) => p.loss), error: pts.map((p) => p.se), dash: a === 1 ? 'solid' : 'dash', color: color(i) });
    });
  });
  const spec = swept[0].spec!;
  out.plots.push({
    name: 'p1-2a-learning-rate-transfer',
    figure: lineFigure(series, {
      title: 'Final loss against η₀ (solid α_A = 1, dashed α_A = ½)',
      xTitle: 'base learning rate η₀',
      yTitle: `final loss (mean of last 10 % of ${settings.steps} steps)`,
      xLog: true,
      note: `data: Fashion-MNIST (stand-in for CIFAR-5M); H = ${spec.heads}, L = ${spec.depth}, β₀ = ${spec.branchScale}, γ₀ = ${spec.richness}, batch ${settings.batchSize}, ${settings.seeds} seed(s), scale ${context.scale}; gaps = diverged`,
    }),
  });
  const optima = transferOptima(records);
  out.frames.push({
    name: 'Best η₀ per (α_A, N)',
    rows: optima.map((o) => ({ attentionExponent: o.key.attentionExponent, headDim: o.key.headDim, bestRate: +o.best.toPrecision(3), index: o.index, atEdge: o.atEdge, loss: +o.metric.toFixed(4) })),
  });
  const [small, large] = [settings.headDims[0], settings.headDims[settings.headDims.length - 1]];
  const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, logRatesUsed: logRates, model: 'LN ViT, momentum 0.9 (reconstructed variant)' };
  for (const a of settings.attentionExponents) {
    const at = (N: number) => optima.find((o) => o.key.attentionExponent === a && o.key.headDim === N)!;
    out.claims.push({ figure: 'P1-2a', claim: `α_A = ${a}: |argmin index(N = ${small}) − argmin index(N = ${large})| of final loss over η₀`, value: Math.abs(at(small).index - at(large).index), band: [0, 1], details: { ...details, bestRates: settings.headDims.map((N) => at(N).best) } });
    const eta = at(small).best;
    const pts = settings.headDims.map((N) => curves.find((c) => c.attentionExponent === a && c.headDim === N && c.learningRate === eta)!);
    const excess = pts.slice(1).map((p, i) => p.loss - pts[i].loss - 2 * Math.sqrt((pts[i].se || 0) ** 2 + (p.se || 0) ** 2));
    out.claims.push({ figure: 'P1-2a', claim: `α_A = ${a}, at the N = ${small} optimum η₀: max over consecutive N of loss(N′) − loss(N) − 2 SE (non-increasing in N)`, value: Math.max(...excess), band: [-Infinity, 0], details: { ...details, learningRate: eta, losses: pts.map((p) => p.loss), errors: pts.map((p) => p.se) } });
  }
  return out;
}

export const p1Figure2a = definePaperFigure({
  id: 'P1-2a',
  title: 'Learning-rate transfer across the head dimension N',
  rows: ['P1-2a'],
  notebook: 'p1-fig2a-learning-rate-transfer.ipynb',
  grid: p1Figure2Grid,
  runReference: p1TrainRunReference,
  cacheName: figure2Cache,
  analyse: analyseFigure2a,
});
