/**
 * P1-8 as data (FIGURES.md P1-8; THEORY.md §3.1–3.3): loss curves of the P1-6 family as H, N and L vary separately; the
 * curves converge in H (loss-curve distance between H = 8 and 16 below that between 4 and 8) and more heads do not
 * hurt (final loss at H = 16 ≤ final loss at H = 4 + 2 SE).
 */
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { finalLossSummary, jackknifeOverSeeds, lossCurveDistance, pickSeeds } from './analysis';
import { p1ScaledDataLabel } from './common';
import { memberLosses } from './family';
import { scaledFigureRuns, scaledRuns } from './figure-runs';
import { scaledAxisMembers, scaledLossPanels } from './plots';

/** Final losses and distances along each sweep, the loss panels, and the two claims. */
export function analyseFigure8(records: SweepRecord[], context: AnalysisContext): FigureOutput {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  const note = `data: ${p1ScaledDataLabel}; ${family.steps} steps, batch ${family.batchSize}, ${family.seeds} seeds`;
  out.frames.push({
    name: 'Final loss along each sweep (mean of the last 10 % of steps, ± SE over seeds)',
    rows: (['H', 'N', 'L'] as const).flatMap((axis) =>
      scaledAxisMembers(family, axis).map((m) => {
        const f = finalLossSummary(memberLosses(runs, m.member));
        return { sweep: axis, size: m.value, finalLoss: +f.mean.toFixed(4), se: +f.error.toFixed(4) };
      }),
    ),
  });
  out.plots.push({ name: 'loss-by-size', figure: scaledLossPanels(runs, family, { axes: ['H', 'N', 'L'], title: 'P1 Fig. 8: loss as H, N, L vary separately', note }) });
  out.frames.push({
    name: 'Loss-curve distance between consecutive sizes (all steps)',
    rows: (['H', 'N', 'L'] as const).flatMap((axis) => {
      const ms = scaledAxisMembers(family, axis);
      return ms.slice(0, -1).map((m, i) => ({ sweep: axis, from: m.value, to: ms[i + 1].value, distance: +lossCurveDistance(memberLosses(runs, m.member), memberLosses(runs, ms[i + 1].member)).toFixed(4) }));
    }),
  });
  const [h4, h8, h16] = scaledAxisMembers(family, 'H').slice(-3);
  const distance = (a: string, b: string, keep: number[]) => lossCurveDistance(pickSeeds(memberLosses(runs, a), keep), pickSeeds(memberLosses(runs, b), keep));
  const ratio = jackknifeOverSeeds(family.seeds, (keep) => distance(h8.member, h16.member, keep) / distance(h4.member, h8.member, keep));
  const all = Array.from({ length: family.seeds }, (_, i) => i);
  const details = { data: p1ScaledDataLabel, dLarge: distance(h8.member, h16.member, all), dSmall: distance(h4.member, h8.member, all), error: 'jackknife over seeds', ...family };
  out.claims.push({ figure: 'P1-8', claim: `curves converge in H: d(H=${h8.value}, H=${h16.value}) / d(H=${h4.value}, H=${h8.value}) over all steps`, value: ratio.value, error: ratio.error, band: [0, 1], details });
  const small = finalLossSummary(memberLosses(runs, h4.member));
  const large = finalLossSummary(memberLosses(runs, h16.member));
  const se = Math.sqrt(small.error ** 2 + large.error ** 2);
  out.claims.push({
    figure: 'P1-8',
    claim: `final loss(H=${h16.value}) − final loss(H=${h4.value}) ≤ 2 SE`,
    value: large.mean - small.mean,
    error: se,
    band: [-Infinity, 2 * se],
    details: { ...details, finalLossSmall: small, finalLossLarge: large, combinedSE: se },
  });
  return out;
}

export const p1Figure8 = definePaperFigure({
  id: 'P1-8',
  title: 'Training loss as H, N and L vary separately (the setting of Fig. 6)',
  rows: ['P1-8'],
  notebook: 'p1-fig8-loss-across-sizes.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure8,
});
