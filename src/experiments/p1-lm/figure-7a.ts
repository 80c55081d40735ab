/**
 * P1-7a as data (docs/FIGURES.md P1-7a): training loss of the causal LM (THEORY.md §2.4) and of its H-, N- and
 * L-scaled versions at α_A ∈ {1, ½}. Claims on the gains Δ_X(α_A) = final loss(base) − final loss(X-scaled), final
 * loss = mean train loss over the last 10 % of steps, seed mean, SE = SD/√seeds, combined SEs = √(Σ SE²).
 */
import type { SweepRecord, SweepResult } from '../../sweep/sweep';
import type { ClaimInput } from '../../notebook/claims';
import { definePaperFigure, figureOutput, type FigureOutput } from '../figure';
import { lmFinalLoss, lmHeldOutLoss, scalingGain, gainDifference } from './analysis';
import { lmFamilyRuns, lmGroup, lmSweepNotes, p1LmGrid, p1LmSweepName } from './family';
import { lmLossPanels } from './plots';
import { p1LmDataLabel, p1LmRunReference } from './run';

/** Loss table, loss curves per scaled axis, the gains and the three claims of P1-7a. */
export function analyseFigure7a(records: SweepRecord[], swept: SweepResult): FigureOutput {
  const { family, runs, notOk } = lmFamilyRuns(records);
  const { members } = family;
  const out = figureOutput();
  out.notes.push(...lmSweepNotes(family, swept, notOk));
  out.frames.push({
    name: 'Final train loss (last 10 % of steps) and held-out loss, seed mean ± SE',
    rows: members.flatMap((m) => {
      const list = family.attentionExponents.flatMap((a) => lmGroup(runs, m.member, a));
      const msPerStep = list.reduce((s, r) => s + r.result.msPerStep, 0) / list.length;
      return family.attentionExponents.map((a) => {
        const f = lmFinalLoss(runs, m.member, a);
        const h = lmHeldOutLoss(runs, m.member, a);
        return {
          member: m.member, attentionExponent: a, N: m.headDim, H: m.heads, L: m.depth, parameters: lmGroup(runs, m.member, a)[0].result.parameters,
          finalLoss: +f.mean.toFixed(4), finalLossSE: +f.error.toFixed(4), heldOutLoss: +h.mean.toFixed(4), heldOutLossSE: +h.error.toFixed(4), msPerStep: Math.round(msPerStep),
        };
      });
    }),
  });
  const data = lmGroup(runs, 'base', 1)[0].result.data;
  const note = `data: ${p1LmDataLabel} [${data}]; context ${family.context}, batch ${family.batchSize}, ${family.steps} steps, ${family.seeds} seeds (reconstructed η₀, batch)`;
  out.plots.push({ name: 'lm-loss-curves', figure: lmLossPanels(runs, family, members, { title: 'P1 Fig. 7a: LM loss across H, N, L', note }) });
  const axisMember = (axis: string) => members.find((m) => m.axis === axis)!.member;
  const [H, N, L] = ['H', 'N', 'L'].map(axisMember);
  const finite = (x: number) => (Number.isFinite(x) ? x : undefined);
  const half = (a: number) => (a === 1 ? '1' : '½');
  const scaled = Object.fromEntries(['H', 'N', 'L'].map((axis) => {
    const m = members.find((x) => x.axis === axis)!;
    return [axis, axis === 'H' ? m.heads : axis === 'N' ? m.headDim : m.depth];
  }));
  const detailsBase = {
    data: p1LmDataLabel, corpus: data, base: family.base, scaled, learningRate: family.learningRate, warmupSteps: family.warmupSteps, steps: family.steps,
    context: family.context, batchSize: family.batchSize, seeds: family.seeds, cut: null, finalLoss: 'mean train loss over the last 10 % of steps',
  };
  const gains: Record<string, unknown> = {};
  const gainRows: Record<string, unknown>[] = [];
  for (const a of family.attentionExponents) {
    for (const m of [H, N, L]) {
      const g = scalingGain(runs, m, a);
      gains[`Δ(${m}, αA=${a})`] = { value: g.value, se: g.error };
      gainRows.push({ member: m, attentionExponent: a, gain: +g.value.toFixed(4), se: +g.error.toFixed(4) });
    }
  }
  out.frames.push({ name: 'Gain of scaling Δ = loss(base) − loss(scaled), ± combined SE', rows: gainRows });
  const claims: ClaimInput[] = [];
  for (const a of family.attentionExponents) {
    const g = scalingGain(runs, H, a);
    claims.push({
      figure: 'P1-7a',
      claim: `(i) H-scaling lowers the final loss, αA=${half(a)}: Δ_H = loss(base) − loss(${H}) ≥ 2 SE`,
      value: g.value,
      error: finite(g.error),
      band: [2 * g.error, Infinity],
      details: { ...detailsBase, attentionExponent: a, base: lmFinalLoss(runs, 'base', a), scaledModel: lmFinalLoss(runs, H, a) },
    });
  }
  const d = gainDifference(runs, N);
  claims.push({
    figure: 'P1-7a',
    claim: `(ii) N-scaling helps αA=½ more than αA=1: Δ_N(½) − Δ_N(1) ≥ 2 SE (${N})`,
    value: d.value,
    error: finite(d.error),
    band: [2 * d.error, Infinity],
    gated: false,
    details: { ...detailsBase, gains, note: 'scale-sensitive (FIGURES.md): reported, not gated; see THEORY.md §9 item 4 for the conflict with the Fig. 12 caption' },
  });
  for (const a of family.attentionExponents) {
    const gh = scalingGain(runs, H, a);
    const gl = scalingGain(runs, L, a);
    claims.push({
      figure: 'P1-7a',
      claim: `(iii) L-scaling helps less than H-scaling, αA=${half(a)}: Δ_H − Δ_L ≥ 0`,
      value: gh.value - gl.value,
      error: finite(Math.sqrt(gh.error ** 2 + gl.error ** 2)),
      band: [0, Infinity],
      details: { ...detailsBase, attentionExponent: a, deltaH: gh, deltaL: gl, note: 'point estimate against the band (FIGURES.md "Statistics"); the error is the combined SE, correlated through the shared base' },
    });
  }
  out.claims.push(...claims);
  return out;
}

export const p1Figure7a = definePaperFigure({
  id: 'P1-7a',
  title: 'LM loss of the base and its H-, N- and L-scaled versions at α_A ∈ {1, ½}',
  rows: ['P1-7a'],
  notebook: 'p1-fig7a-lm-loss-across-scalings.ipynb',
  grid: p1LmGrid,
  runReference: p1LmRunReference,
  cacheName: p1LmSweepName,
  analyse: (records, context) => analyseFigure7a(records, context.sweep),
});
