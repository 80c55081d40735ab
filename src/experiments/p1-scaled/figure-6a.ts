/**
 * P1-6a as data (FIGURES.md P1-6a; THEORY.md §3.2, §3.3): loss curves of the base ViT and its H-, N- and L-scaled
 * versions; over the first 10 % of steps the H-scaled curve stays closer to the base than the L-scaled one. The claim is
 * gated at the largest base of the trend (window runs at bases with more heads, a grid derived from the family's grid,
 * swept into the family's cache); the family base's ratio and a diagnostic are reported.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { color, logLogFigure } from '../../plot/figure';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { finalLossSummary, jackknifeOverSeeds, lossCurveDistance, pickSeeds } from './analysis';
import { baseTrendGrid, baseTrendPoints, p1BaseTrendSettings } from './bases';
import { p1ScaledDataLabel } from './common';
import { familyOfGrid, memberLosses, scaledMemberName } from './family';
import { scaledFigureRuns, scaledRuns, sweepFamily } from './figure-runs';
import { scaledAxisMembers, scaledLossPanels } from './plots';

/** Loss curves, the early-window claim at the family base (reported) and at the trend's largest base (gated). */
export async function analyseFigure6a(records: SweepRecord[], context: AnalysisContext): Promise<FigureOutput> {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  out.frames.push({
    name: 'Members (final loss: mean of the last 10 % of steps, ± SE over seeds)',
    rows: [...runs].map(([member, list]) => {
      const s = list[0].spec;
      const f = finalLossSummary(list.map((r) => r.result.losses));
      const msPerStep = list.reduce((t, r) => t + r.result.msPerStep, 0) / list.length;
      return { member, N: s.headDim, H: s.heads, L: s.depth, αA: s.attentionExponent, parameters: list[0].result.parameters, finalLoss: +f.mean.toFixed(4), se: +f.error.toFixed(4), msPerStep: +msPerStep.toFixed(0) };
    }),
  });
  const note = `data: ${p1ScaledDataLabel}; ${family.steps} steps, batch ${family.batchSize}, ${family.seeds} seeds (reconstructed grids)`;
  out.plots.push({ name: 'loss-curves', figure: scaledLossPanels(runs, family, { axes: ['H', 'N', 'L', 'αA'], title: 'P1 Fig. 6a: loss across H, N, L', note }) });
  const early = Math.max(2, Math.round(family.steps / 10));
  out.plots.push({ name: 'loss-curves-early', figure: scaledLossPanels(runs, family, { axes: ['H', 'L'], steps: early, title: `First ${early} steps (10 %)`, note }) });

  // The claim at the family's base (reported, not gated: the gate is the larger base below).
  const H16 = scaledMemberName('H', Math.max(...family.heads), family);
  const L8 = scaledMemberName('L', Math.max(...family.depths), family);
  const window = { from: 0, to: early };
  const distances = (keep: number[]) => ({
    heads: lossCurveDistance(pickSeeds(memberLosses(runs, H16), keep), pickSeeds(memberLosses(runs, 'base'), keep), window),
    depth: lossCurveDistance(pickSeeds(memberLosses(runs, L8), keep), pickSeeds(memberLosses(runs, 'base'), keep), window),
  });
  const all = distances(Array.from({ length: family.seeds }, (_, i) => i));
  const ratio = jackknifeOverSeeds(family.seeds, (keep) => {
    const d = distances(keep);
    return d.heads / d.depth;
  });
  out.notes.push(`first ${early} steps: d(${H16}, base) = ${all.heads.toFixed(4)}, d(${L8}, base) = ${all.depth.toFixed(4)}`);
  out.claims.push({
    figure: 'P1-6a',
    claim: `first 10 % of steps: loss-curve distance d(${H16}, base) / d(${L8}, base)`,
    value: ratio.value,
    error: ratio.error,
    band: [0, 1],
    gated: false,
    details: { data: p1ScaledDataLabel, dHeads: all.heads, dDepth: all.depth, window: [0, early], error: 'jackknife over seeds', note: 'family base (4, 4, 2): reported; the gate is the larger base below', ...family },
  });

  // Diagnostic (not gated, not a FIGURES.md claim): the early distance between the two largest H against the L = 8
  // distance separates "adding heads changes the dynamics" from "the base has too few heads".
  const sorted = scaledAxisMembers(family, 'H');
  const H8 = sorted[sorted.length - 2].member;
  const diagnostic = jackknifeOverSeeds(family.seeds, (keep) => {
    const dh = lossCurveDistance(pickSeeds(memberLosses(runs, H16), keep), pickSeeds(memberLosses(runs, H8), keep), window);
    return dh / distances(keep).depth;
  });
  out.claims.push({
    figure: 'P1-6a',
    claim: `diagnostic: first 10 % of steps, d(${H16}, ${H8}) / d(${L8}, base)`,
    value: diagnostic.value,
    error: diagnostic.error,
    band: [0, 1],
    gated: false,
    details: { data: p1ScaledDataLabel, note: 'not a FIGURES.md claim: checks whether the H sweep has converged beyond the base', window: [0, early], error: 'jackknife over seeds' },
  });

  // The claim at larger bases: window runs of base, H-scaled and L-scaled models per base H₀, in the family's cache.
  const trend = p1BaseTrendSettings(family, context.grid.analysis);
  const t0 = Date.now();
  const trendRuns = await sweepFamily(baseTrendGrid(context.grid, family, trend), context);
  const points = baseTrendPoints(trendRuns, family, trend);
  out.notes.push(`bases H₀ = ${trend.baseHeads.join(', ')}: ${trend.seeds} seeds, ${trend.window} steps, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const windowBase = trendRuns.get(`H0=${family.base.heads} base`)?.map((r) => r.result.losses);
  if (windowBase) {
    const fullBase = memberLosses(runs, 'base');
    let worstDiff = 0;
    for (let seed = 0; seed < Math.min(fullBase.length, windowBase.length); seed++) {
      for (let t = 0; t < trend.window; t++) worstDiff = Math.max(worstDiff, Math.abs(fullBase[seed][t] - windowBase[seed][t]));
    }
    out.notes.push(`window runs vs the family's full runs, base, first ${trend.window} steps: max |loss difference| = ${worstDiff.toExponential(2)}`);
  }
  out.frames.push({
    name: `Early-window ratio against the base width (first ${trend.window} steps, jackknife SE over ${trend.seeds} seeds)`,
    rows: points.map((p) => ({ baseHeads: p.baseHeads, width: p.width, dHeads: +p.dHeads.toFixed(4), dDepth: +p.dDepth.toFixed(4), ratio: +p.ratio.value.toFixed(3), se: +p.ratio.error.toFixed(3) })),
  });
  out.plots.push({
    name: 'claim-vs-base-width',
    figure: logLogFigure(
      [
        { name: 'd(4H₀, base) / d(L=8, base)', x: points.map((p) => p.width), y: points.map((p) => p.ratio.value), error: points.map((p) => (Number.isFinite(p.ratio.error) ? p.ratio.error : 0)), color: color(0) },
        { name: 'claim boundary (ratio 1)', x: [points[0].width, points[points.length - 1].width], y: [1, 1], dash: 'dash', mode: 'lines', color: color(8) },
      ],
      { title: 'P1-6a claim against the base width (first 10 % of steps)', xTitle: 'base width n = 4H₀', yTitle: 'distance ratio', note: `data: ${p1ScaledDataLabel}; ${trend.seeds} seeds, jackknife SE` },
    ),
  });
  const largest = points[points.length - 1];
  out.claims.push({
    figure: 'P1-6a',
    claim: `larger base (4, ${largest.baseHeads}, 2), first 10 % of steps: d(H=${largest.baseHeads * trend.headFactor}, base) / d(L=${trend.scaledDepth}, base)`,
    value: largest.ratio.value,
    error: largest.ratio.error,
    band: [0, 1],
    details: { data: p1ScaledDataLabel, seeds: trend.seeds, window: trend.window, error: 'jackknife over seeds', trend: points.map((p) => ({ baseHeads: p.baseHeads, width: p.width, dHeads: p.dHeads, dDepth: p.dDepth, ratio: p.ratio.value, se: p.ratio.error })) },
  });
  return out;
}

export const p1Figure6a = definePaperFigure({
  id: 'P1-6a',
  title: 'Loss curves of the base ViT and its H-, N- and L-scaled versions',
  rows: ['P1-6a'],
  notebook: 'p1-fig6a-scaled-loss-curves.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure6a,
  extraGrids: (scale) => {
    const grid = scaledFigureRuns.grid(scale);
    const family = familyOfGrid(grid);
    return [baseTrendGrid(grid, family, p1BaseTrendSettings(family, grid.analysis))];
  },
});
