/**
 * P1-6d as data (FIGURES.md P1-6d; THEORY.md §3.1): the distribution over heads of the last block's attention logits
 * A^a_{ss′}(x), initial and final, across N, for α_A = 1 and α_A = ½, beside the computed H → ∞ law at initialization
 * (docs/theory/infinite-head-kernel.md §4). α_A = 1: Var A(0) = 1/(4N), heads move together; α_A = ½: spread 1/4 at every N.
 */
import type { SweepRecord } from '../../sweep/sweep';
import { color, densityFigure, smallMultiples } from '../../plot/figure';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1ScaledInitialLogitDensity } from '../p1-init/limit';
import { headDeviations, jackknifeOverSeeds, pickSeeds, seedMeanWithError } from './analysis';
import { p1ScaledDataLabel } from './common';
import { memberSnapshots, scaledMemberName } from './family';
import { scaledFigureRuns, scaledRuns } from './figure-runs';
import type { P1ScaledSnapshot } from './run';

/** Head variance of the last block, head-mean update; densities over heads with the H → ∞ law; the four claims. */
export function analyseFigure6d(records: SweepRecord[], context: AnalysisContext): FigureOutput {
  const { family, runs, notes } = scaledRuns(records, context);
  const out = figureOutput();
  out.notes.push(...notes);
  const note = `data: ${p1ScaledDataLabel}; last block, ${family.logitProbes} probes × all (s, s′) × ${family.seeds} seeds, H = ${family.base.heads}`;
  const smallN = Math.min(...family.headDims);
  const largeN = Math.max(...family.headDims);
  const groups = [
    { exponent: 1, label: 'α_A = 1', member: (n: number) => scaledMemberName('N', n, family) },
    { exponent: 0.5, label: 'α_A = ½', member: (n: number) => scaledMemberName('half', n, family) },
  ];
  const lastBlock = (s: P1ScaledSnapshot) => s.headVariance[s.headVariance.length - 1];
  const perSeed = (member: string, when: 'initial' | 'final', f: (s: P1ScaledSnapshot) => number) => memberSnapshots(runs, member, when).map(f);
  const update = (s: P1ScaledSnapshot) => s.headMeanChange ?? NaN;
  const rows = [];
  for (const g of groups) {
    for (const n of [smallN, largeN]) {
      const init = seedMeanWithError(perSeed(g.member(n), 'initial', lastBlock));
      const fin = seedMeanWithError(perSeed(g.member(n), 'final', lastBlock));
      const change = seedMeanWithError(perSeed(g.member(n), 'final', update));
      const rms = seedMeanWithError(perSeed(g.member(n), 'final', (s) => s.logitChange ?? NaN));
      rows.push({
        αA: g.label, N: n, initialHeadVariance: +init.mean.toFixed(4), se: +init.error.toFixed(4), theory: +(n ** (1 - 2 * g.exponent) / 4).toFixed(4),
        finalHeadVariance: +fin.mean.toFixed(4), finalSE: +fin.error.toFixed(4), headMeanUpdate: +change.mean.toFixed(4), updateSE: +change.error.toFixed(4), rmsChange: +rms.mean.toFixed(4),
      });
    }
  }
  out.frames.push({ name: 'Head variance of the last block (theory at t = 0: N^{1−2α_A}/4), head-mean update and RMS ΔA', rows });

  // Distributions over heads: deviations from the head mean and the raw values A, pooled; the H → ∞ law of the initial
  // logits over heads per (α_A, N) on the grid limitX.
  const samples = (member: string, when: 'initial' | 'final', centred: boolean) =>
    memberSnapshots(runs, member, when).flatMap((s) => (centred ? headDeviations(s.logits, s.logitShape) : s.logits));
  const limitX = Array.from({ length: 201 }, (_, i) => -2.5 + i * 0.025);
  const limitLaw = new Map<string, { density: number[]; variance: number }>();
  for (const g of groups) {
    for (const n of [smallN, largeN]) {
      const law = p1ScaledInitialLogitDensity({ headDim: n, depth: family.base.depth, attentionExponent: g.exponent, probes: family.logitProbes, x: limitX });
      limitLaw.set(`${g.exponent}:${n}`, law);
      out.notes.push(`${g.label} N=${n}: H → ∞ law of A(0) over heads has variance ${law.variance.toFixed(4)}`);
    }
  }
  for (const centred of [true, false]) {
    const panels = groups.flatMap((g) =>
      (['initial', 'final'] as const).map((when) => {
        const fig = densityFigure([], [smallN, largeN].map((n) => ({ name: `N=${n}`, samples: samples(g.member(n), when, centred), bins: 80 })), { xTitle: centred ? 'A − head mean' : 'A', yTitle: 'density' });
        if (!centred && when === 'initial') {
          [smallN, largeN].forEach((n, i) => fig.data.push({ type: 'scatter', mode: 'lines', name: `H → ∞ law, N=${n}`, x: limitX, y: limitLaw.get(`${g.exponent}:${n}`)!.density, line: { color: color(i), width: 2 } }));
        }
        return { title: `${g.label}, ${when}: blue N=${smallN}, red N=${largeN}`, figure: fig };
      }),
    );
    const figure = smallMultiples(panels, {
      columns: 2,
      width: 900,
      height: 700,
      title: `P1 Fig. 6d: ${centred ? 'A^a − head mean' : 'A^a (lines: computed H → ∞ law at init)'} over heads (x: value, y: density)<br><sub>${note}</sub>`,
    });
    figure.layout.barmode = 'overlay';
    figure.layout.margin = { l: 50, r: 20, t: 130, b: 40 };
    out.plots.push({ name: centred ? 'head-deviations' : 'logit-values', figure });
  }

  const ratio = (num: number[], den: number[]) =>
    jackknifeOverSeeds(family.seeds, (keep) => {
      const m = (x: number[]) => pickSeeds(x, keep).reduce((s, v) => s + v, 0) / keep.length;
      return m(num) / m(den);
    });
  const details = { data: p1ScaledDataLabel, block: 'last', error: 'jackknife / SE over seeds', ...family };
  const [one, half] = groups;
  const r1 = ratio(perSeed(one.member(largeN), 'initial', lastBlock), perSeed(one.member(smallN), 'initial', lastBlock));
  out.claims.push({ figure: 'P1-6d', claim: `α_A = 1: initial head variance ratio N=${largeN}/N=${smallN} (exact 0.25)`, value: r1.value, error: r1.error, band: [0.18, 0.33], details });
  const r2 = ratio(perSeed(one.member(largeN), 'final', update), perSeed(one.member(smallN), 'final', update));
  out.claims.push({ figure: 'P1-6d', claim: `α_A = 1: head-mean update (RMS over x, s, s′) ratio N=${largeN}/N=${smallN}`, value: r2.value, error: r2.error, band: [0.5, 2], details });
  for (const n of [smallN, largeN]) {
    const v = seedMeanWithError(perSeed(half.member(n), 'initial', lastBlock));
    out.claims.push({ figure: 'P1-6d', claim: `α_A = ½: initial head variance at N=${n} (theory 0.25, ± 20 %)`, value: v.mean, error: v.error, band: [0.2, 0.3], details });
  }
  const r3 = ratio(perSeed(half.member(largeN), 'final', lastBlock), perSeed(half.member(smallN), 'final', lastBlock));
  out.claims.push({ figure: 'P1-6d', claim: `α_A = ½: final head-variance ratio N=${largeN}/N=${smallN}`, value: r3.value, error: r3.error, band: [0.5, 2], details });
  return out;
}

export const p1Figure6d = definePaperFigure({
  id: 'P1-6d',
  title: 'Distribution of the attention logits over heads across N, for α_A = 1 and α_A = ½',
  rows: ['P1-6d'],
  notebook: 'p1-fig6d-attention-over-heads.ipynb',
  ...scaledFigureRuns,
  analyse: analyseFigure6d,
});
