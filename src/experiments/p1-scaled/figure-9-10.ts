/**
 * P1-9/10 as data (FIGURES.md P1-9/10; THEORY.md §3.2): spatial kernels of test image 0 (Fig. 9) and pooled kernels of
 * the probe set (Fig. 10, reconstructed), initial and final, across H, N, L, beside the computed H → ∞ kernels at
 * initialization. The distance to the largest-H kernel decreases in H: initial kernels on the family's runs, final
 * kernels on the H sweep trained with more seeds (a grid derived from the family's, same cache: the family's seeds are
 * read, the others computed); if an initial claim fails, a recheck at t = 0 with 8 seeds (zero-step runs, same cache).
 */
import type { SweepRecord } from '../../sweep/sweep';
import { withinBand } from '../../notebook/claims';
import { color, logLogFigure } from '../../plot/figure';
import { relativeFrobeniusDistance } from '../../analysis/finite-size';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1ScaledInitialKernelLimit } from '../p1-init/limit';
import { jackknifeOverSeeds, pickSeeds, seedMeanSeries } from './analysis';
import { p1ScaledDataLabel } from './common';
import { familyOfGrid, headSweepGrid, memberSnapshots, type P1ScaledFamily, type P1ScaledRecord } from './family';
import { scaledFigureRuns, scaledRuns, sweepFamily } from './figure-runs';
import { headConvergenceRatio, headKernelDistances, scaledAxisMembers, scaledKernelHeatmaps } from './plots';

const kinds = [
  { kind: 'spatialKernel' as const, label: 'spatial (Fig. 9)' },
  { kind: 'pooledKernel' as const, label: 'pooled (Fig. 10)' },
];

/** Heat maps with the computed limit, distances to the largest H, the ordering claims, the recheck and the limit claims. */
export async function analyseFigure9and10(records: SweepRecord[], context: AnalysisContext): Promise<FigureOutput> {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  const note = `data: ${p1ScaledDataLabel}; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
  const finalSeeds = context.grid.analysis.finalKernelSeeds as number;
  const extended = { family: { ...family, seeds: finalSeeds }, runs: await sweepFamily(headSweepGrid(context.grid, finalSeeds, family.steps), context) };
  out.notes.push(`H sweep with ${finalSeeds} seeds for the final kernels: ${extended.family.heads.map((h) => `H=${h}`).join(', ')}`);

  // The computed H → ∞ kernels at initialization at the base (N, L) on the same probes (docs/theory/infinite-head-kernel.md).
  const limit = p1ScaledInitialKernelLimit({ headDim: family.base.headDim, depth: family.base.depth, probes: family.probeCount });
  out.notes.push(`H → ∞ limit at N = ${family.base.headDim}, L = ${family.base.depth}: ${limit.heads} head draws per layer in ${limit.replicates} chains; largest SE ${Math.max(...limit.spatialSE).toExponential(2)} (spatial), ${Math.max(...limit.pooledSE).toExponential(2)} (pooled)`);
  for (const k of kinds) {
    for (const axis of ['H', 'N', 'L'] as const) {
      const members = scaledAxisMembers(family, axis).map((m) => ({ member: m.member, label: `${axis}=${m.value}` }));
      const title = k.kind === 'spatialKernel'
        ? `P1 Fig. 9: spatial kernel, ${axis} sweep<br><sub>${note}; test image 0</sub>`
        : `P1 Fig. 10 (reconstructed): pooled kernel, ${axis} sweep<br><sub>${note}; ${family.probeCount} test probes</sub>`;
      const limitColumn = axis === 'H' ? { label: 'H → ∞ (computed)', kernel: limit[k.kind] } : undefined;
      out.plots.push({ name: `${k.kind === 'spatialKernel' ? 'spatial' : 'pooled'}-${axis}`, figure: scaledKernelHeatmaps(runs, members, k.kind, { title, limit: limitColumn }) });
    }
  }

  // Distances to the largest-H kernel: initial kernels from the family's runs, final kernels from the extended H sweep.
  const source = (when: 'initial' | 'final'): { family: P1ScaledFamily; runs: Map<string, P1ScaledRecord[]> } => (when === 'initial' ? { family, runs } : extended);
  const table = kinds.flatMap((k) => (['initial', 'final'] as const).map((when) => ({ ...k, when, seeds: source(when).family.seeds, d: headKernelDistances(source(when).runs, source(when).family, k.kind, when) })));
  const lastH = table[0].d.heads[table[0].d.heads.length - 1];
  out.frames.push({
    name: `Distance to the H = ${lastH} kernel (± jackknife SE over seeds)`,
    rows: table.flatMap((t) => t.d.toLargest.map((d, i) => ({ kernel: t.label, when: t.when, seeds: t.seeds, H: t.d.heads[i], distance: +d.value.toFixed(4), se: +d.error.toFixed(4) }))),
  });
  out.plots.push({
    name: 'distance-to-largest-H',
    figure: logLogFigure(
      table.map((t, i) => ({
        name: `${t.label}, ${t.when} (${t.seeds} seeds)`, x: t.d.heads.slice(0, -1), y: t.d.toLargest.map((d) => d.value), error: t.d.toLargest.map((d) => d.error),
        color: color(Math.floor(i / 2)), dash: t.when === 'initial' ? ('dash' as const) : ('solid' as const),
      })),
      { title: `Distance to the H = ${lastH} kernel`, xTitle: 'H', yTitle: `d(K̄_H, K̄_${lastH})`, note: `data: ${p1ScaledDataLabel}; seed means (initial: ${family.seeds} seeds, final: ${finalSeeds}), ${family.steps} steps` },
    ),
  });

  // Distances of the seed-averaged initial kernels to the computed limit: squared distance ∝ 1/H (THEORY.md §3.2).
  const members = scaledAxisMembers(family, 'H');
  const toLimit = kinds.map((k) => {
    const perSeed = members.map((m) => memberSnapshots(runs, m.member, 'initial').map((s) => s[k.kind]));
    const distance = (kernels: number[][]) => relativeFrobeniusDistance(seedMeanSeries(kernels), limit[k.kind]);
    const d = perSeed.map((kernels) => distance(kernels));
    const ratio = jackknifeOverSeeds(family.seeds, (keep) => distance(pickSeeds(perSeed[perSeed.length - 1], keep)) / distance(pickSeeds(perSeed[0], keep)));
    out.notes.push(`${k.label}, initial: ` + members.map((m, i) => `d(H=${m.value}, H→∞) = ${d[i].toFixed(4)}`).join(', '));
    return { ...k, heads: members.map((m) => m.value), d, ratio };
  });

  const failedInitial: string[] = [];
  for (const t of table) {
    const r = headConvergenceRatio(source(t.when).runs, source(t.when).family, t.kind, t.when, 'toLargest');
    out.claims.push({
      figure: 'P1-9/10',
      claim: `${t.label}, ${t.when}: d(K̄_H, K̄_${lastH}) decreases in H (max ratio of consecutive distances)${t.when === 'final' ? `, ${t.seeds} seeds` : ''}`,
      value: r.value,
      error: r.error,
      band: [0, 1],
      details: { data: p1ScaledDataLabel, distances: t.d.toLargest.map((d, i) => ({ heads: t.d.heads[i], value: d.value, se: d.error })), error: 'jackknife over seeds', ...source(t.when).family },
    });
    if (t.when === 'initial' && !withinBand(r.value, [0, 1])) failedInitial.push(t.label);
  }

  // Recheck at initialization with more seeds (FIGURES.md P1-9/10: only if an initial-kernel claim failed).
  if (failedInitial.length > 0) {
    const recheckSeeds = context.grid.analysis.recheckSeeds as number;
    const init = { family: { ...family, seeds: recheckSeeds, steps: 0 }, runs: await sweepFamily(headSweepGrid(context.grid, recheckSeeds, 0), context) };
    for (const k of kinds) {
      const r = headConvergenceRatio(init.runs, init.family, k.kind, 'initial', 'toLargest');
      out.claims.push({
        figure: 'P1-9/10',
        claim: `${k.label}, initial, recheck with ${recheckSeeds} seeds at t = 0: max ratio of consecutive distances to H = ${lastH}`,
        value: r.value,
        error: r.error,
        band: [0, 1],
        gated: false,
        details: { data: p1ScaledDataLabel, seeds: recheckSeeds, reason: `initial claim failed at ${family.seeds} seeds: ${failedInitial.join(', ')}` },
      });
    }
  } else {
    out.notes.push('initial-kernel claims passed at the sweep seeds: no recheck needed');
  }
  for (const t of toLimit) {
    out.claims.push({
      figure: 'P1-9/10',
      claim: `${t.label}, initial: d(K̄_H, K_∞) to the computed limit, ratio H = ${t.heads[t.heads.length - 1]} / H = ${t.heads[0]}`,
      value: t.ratio.value,
      error: t.ratio.error,
      band: [0, 1],
      details: { data: p1ScaledDataLabel, distances: t.heads.map((h, i) => ({ heads: h, value: t.d[i] })), limitHeadDraws: limit.heads, limitReplicates: limit.replicates, error: 'jackknife over seeds', ...family },
    });
  }
  return out;
}

export const p1Figure9and10 = definePaperFigure({
  id: 'P1-9/10',
  title: 'Spatial (Fig. 9) and pooled (Fig. 10, reconstructed) kernels at initialization and after training, across H, N, L',
  rows: ['P1-9/10'],
  notebook: 'p1-fig9-10-kernels-across-sizes.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure9and10,
  extraGrids: (scale) => {
    const grid = scaledFigureRuns.grid(scale);
    return [headSweepGrid(grid, grid.analysis.finalKernelSeeds as number, familyOfGrid(grid).steps)];
  },
});
