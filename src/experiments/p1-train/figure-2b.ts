/**
 * P1-2b as data (docs/FIGURES.md P1-2b; THEORY.md §3.1): the variance over heads of the trained attention logits
 * against N, on P1-2a's grid and cache: the transfer runs (η₀ grid extended as in P1-2a), then for each α_A the
 * widths N ∪ extraWidths at that α_A's best η₀ (the optimum of the largest-N curve; only new N are computed).
 */
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { logLogFigure, type Series } from '../../plot/figure';
import type { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { slopeOverSeeds, type SeedSlope } from './analysis';
import { figure2Cache, p1Figure2Grid, transferRuns, transferSettings } from './figure-2a';
import { p1TrainRunReference } from './run';
import { headVarianceByWidth, transferOptima, transferRecords, type TransferRecord } from './transfer';

/** Head-variance slopes in N per α_A, their t = 0 check against N^{1−2α_A}/4, the plot and the claims of P1-2b. */
export async function analyseFigure2b(swept: SweepRecord[], context: AnalysisContext): Promise<FigureOutput> {
  const settings = transferSettings(swept, context.grid);
  const transfer = await transferRuns(swept, context);
  const optima = transferOptima(transfer.records);
  const largest = settings.headDims[settings.headDims.length - 1];
  const bestRates: Record<number, number> = {};
  for (const a of settings.attentionExponents) bestRates[a] = optima.find((o) => o.key.attentionExponent === a && o.key.headDim === largest)!.best;
  const widths = [...settings.headDims, ...settings.extraWidths];
  let records: TransferRecord[] = [];
  let seconds = 0;
  for (const a of settings.attentionExponents) {
    const grid = transfer.grid.axis('attentionExponent', [a]).axis('headDim', [...widths].sort((x, y) => y - x)).axis('learningRate', [bestRates[a]]);
    const part = await context.sweepMore(grid);
    records = records.concat(transferRecords(part.records));
    seconds += part.progress.elapsedSeconds;
  }
  const out = figureOutput();
  out.notes.push(`best η₀ (optimum at N = ${largest}): ${JSON.stringify(bestRates)}; N = ${widths.join(', ')}; new runs computed in ${seconds.toFixed(1)} s; not ok: ${records.filter((r) => r.status !== 'ok').length}`);
  const fits: Record<number, SeedSlope> = {};
  const series: Series[] = [];
  settings.attentionExponents.forEach((a, i) => {
    const rows = records.filter((r) => r.attentionExponent === a);
    const fit = slopeOverSeeds(rows.map((r) => ({ x: r.headDim, seed: r.seed, y: r.finalHeadVariance })));
    fits[a] = fit;
    series.push({ name: `trained, α_A = ${a} (slope ${fit.slope.toFixed(2)})`, x: fit.points.map((p) => p.x), y: fit.points.map((p) => p.mean), error: fit.points.map((p) => p.se), color: color(i) });
    const init = headVarianceByWidth(records, a, bestRates[a], 'initialHeadVariance');
    series.push({ name: `t = 0, α_A = ${a}`, x: init.map((p) => p.headDim), y: init.map((p) => p.mean), dash: 'dot', color: color(i) });
  });
  const first = fits[settings.attentionExponents[0]].points[0];
  const spec = swept[0].spec!;
  out.plots.push({
    name: 'p1-2b-head-variance',
    figure: logLogFigure(series, {
      title: `Head variance of A (last block) after ${settings.steps} steps against N`,
      xTitle: 'head dimension N',
      yTitle: 'variance over heads of A^a_{ss′}(x)',
      references: [
        { exponent: -2, prefactor: first.mean * first.x ** 2, xMin: widths[0], xMax: widths[widths.length - 1], name: 'N^{−2}' },
        { exponent: -1, prefactor: 0.25, xMin: widths[0], xMax: widths[widths.length - 1], name: '1/(4N) (t = 0, α_A = 1)' },
      ],
      note: `data: Fashion-MNIST (stand-in for CIFAR-5M); H = ${spec.heads}, L = ${spec.depth}, β₀ = ${spec.branchScale}, γ₀ = ${spec.richness}, ${settings.seeds} seed(s), scale ${context.scale}`,
    }),
  });
  const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, widths, bestRates };
  const se = (f: SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
  if (fits[1]) out.claims.push({ figure: 'P1-2b', claim: 'α_A = 1: slope of log head variance vs log N (caption ≈ −2)', value: fits[1].slope, error: se(fits[1]), band: [-Infinity, -0.7], details: { ...details, points: fits[1].points } });
  if (fits[0.5]) out.claims.push({ figure: 'P1-2b', claim: 'α_A = ½: slope of log head variance vs log N (flat)', value: fits[0.5].slope, error: se(fits[0.5]), band: [-0.35, 0.35], details: { ...details, points: fits[0.5].points } });
  if (fits[1] && fits[0.5]) out.claims.push({ figure: 'P1-2b', claim: 'slope(α_A = 1) − slope(α_A = ½)', value: fits[1].slope - fits[0.5].slope, band: [-Infinity, -0.6], details });
  for (const a of settings.attentionExponents) {
    const init = headVarianceByWidth(records, a, bestRates[a], 'initialHeadVariance');
    const ratios = init.map((p) => p.mean / (p.headDim ** (1 - 2 * a) / 4));
    out.claims.push({ figure: 'P1-2b', claim: `t = 0, α_A = ${a}: max over N of |head variance / (N^{1−2α_A}/4) − 1|`, value: Math.max(...ratios.map((r) => Math.abs(r - 1))), band: [0, 0.2], details: { ...details, ratios } });
  }
  return out;
}

/**
 * For `plan`: the runs P1-2b adds to P1-2a's, N ∈ extraWidths at each α_A, at the grid's smallest η₀ standing in for the
 * best η₀ the analysis picks (the number of runs and their FLOPs do not depend on η₀; the cached count may).
 */
export function figure2bExtraGrids(scale: Scale): SpecGrid[] {
  const grid = p1Figure2Grid(scale);
  const axes = grid.definition.axes ?? {};
  const extraWidths = grid.analysis.extraWidths as number[];
  return (axes.attentionExponent ?? []).map((a) => grid.axis('attentionExponent', [a]).axis('headDim', extraWidths).axis('learningRate', [(axes.learningRate ?? [])[0]]));
}

export const p1Figure2b = definePaperFigure({
  id: 'P1-2b',
  title: 'Variance of the trained attention over heads against N',
  rows: ['P1-2b'],
  notebook: 'p1-fig2b-head-variance-vs-width.ipynb',
  grid: p1Figure2Grid,
  runReference: p1TrainRunReference,
  cacheName: figure2Cache,
  analyse: analyseFigure2b,
  extraGrids: figure2bExtraGrids,
});
