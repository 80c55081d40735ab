/**
 * P1-12 as data (docs/FIGURES.md P1-12): the parameter counter at the paper's T5 vocabulary (V = 32 101, context 256)
 * against the counts P1 quotes, P = 2Vn + (S + 1)n + V + 6Ln² (THEORY.md §2.4); and the LM family's train loss
 * against compute C = 6 · P · (t + 1) · batch · S on SOTU characters, with the α_A ordering at fixed compute reported
 * (not asserted: it conflicts with the Fig. 7a caption, THEORY.md §9 item 4). Same runs as P1-7a.
 */
import type { SweepRecord, SweepResult } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type FigureOutput } from '../figure';
import { embeddingShare, lmFinalLoss, paperLmParameterCounts } from './analysis';
import { lmFamilyRuns, lmGroup, lmSweepNotes, orderedMembers, p1LmGrid, p1LmSweepName } from './family';
import { lmLossVersusCompute } from './plots';
import { lmParameterFormula, p1LmDataLabel, p1LmRunReference } from './run';

/** The paper's T5 vocabulary (with the pad token) and context, and the counts P1 quotes for its Fig. 12 models. */
const paperVocabulary = 32101;
const paperContext = 256;
const quoted: Record<string, number> = { 'base (8, 8, 4)': 4255781, 'L = 64': 5730341, 'H = 128': 91203941, 'N = 128': 91203941 };

/** The counter claims, the loss-vs-compute plot and the non-gated α_A ordering claims of P1-12. */
export function analyseFigure12(records: SweepRecord[], swept: SweepResult): FigureOutput {
  const out = figureOutput();
  const counts = paperLmParameterCounts(paperVocabulary, paperContext);
  const byLabel = Object.fromEntries(counts.map((c) => [c.label, c]));
  const depthRatio = byLabel['L = 64'].counted / byLabel['base (8, 8, 4)'].counted;
  out.frames.push({
    name: `Parameter counts at V = ${paperVocabulary}, context ${paperContext} (parameterCount and 2Vn + 257n + V + 6Ln²)`,
    rows: counts.map((c) => ({ model: c.label, parameterCount: c.counted, formula: c.formula, quoted: quoted[c.label] })),
  });
  out.notes.push(`L = 64 / base = ×${depthRatio.toFixed(3)}; H = 128 and N = 128 give the same count: ${byLabel['H = 128'].counted === byLabel['N = 128'].counted}`);
  for (const label of ['base (8, 8, 4)', 'L = 64', 'H = 128']) {
    const c = byLabel[label];
    out.claims.push({
      figure: 'P1-12',
      claim: `parameter counter at V = 32 101, context 256: ${label === 'H = 128' ? 'H = 128 (and N = 128)' : label}`,
      value: c.counted,
      band: [quoted[label], quoted[label]],
      details: { headDim: c.headDim, heads: c.heads, depth: c.depth, formula: '2Vn + 257n + V + 6Ln²', formulaValue: c.formula, nScaledCount: byLabel['N = 128'].counted, depthComputeRatio: depthRatio },
    });
  }

  const { family, runs, notOk } = lmFamilyRuns(records);
  out.notes.push(...lmSweepNotes(family, swept, notOk));
  const vocabulary = lmGroup(runs, 'base', 1)[0].result.vocabulary;
  const ordered = orderedMembers(family);
  out.frames.push({
    name: `Parameters and compute on SOTU characters (V = ${vocabulary})`,
    rows: ordered.map((m) => {
      const r = lmGroup(runs, m.member, 1)[0].result;
      return {
        member: m.member, parameters: r.parameters, formula: lmParameterFormula(vocabulary, m.headDim * m.heads, m.depth, family.context),
        embeddingShare: +embeddingShare(m, vocabulary, family.context).toFixed(2), compute: +r.compute.toPrecision(3),
      };
    }),
  });
  const baseShare = embeddingShare(family.base, vocabulary, family.context);
  const paper = counts[0];
  const paperShare = embeddingShare(paper, paperVocabulary, paperContext);
  const [, H, N, L] = ordered;
  const parametersOf = (member: string) => lmGroup(runs, member, 1)[0].result.parameters;
  const charDepthRatio = parametersOf(L.member) / parametersOf('base');
  const note =
    `data: ${p1LmDataLabel}, V = ${vocabulary}; ${family.steps} steps, ${family.seeds} seeds.<br>` +
    `With characters, embeddings no longer dominate: embedding + readout = ${(100 * baseShare).toFixed(0)} % of the base's parameters<br>` +
    `(paper, V = 32 101: ${(100 * paperShare).toFixed(0)} %), so ${L.member} costs ×${charDepthRatio.toFixed(2)} the base's compute here (paper, L = 64: ×${depthRatio.toFixed(2)}). ` +
    (parametersOf(H.member) === parametersOf(N.member) ? `${H.member} and ${N.member} have equal P.` : `${H.member}: P = ${parametersOf(H.member)}, ${N.member}: P = ${parametersOf(N.member)}.`);
  out.plots.push({ name: 'loss-vs-compute', figure: lmLossVersusCompute(runs, family, family.members, { title: 'P1 Fig. 12: LM loss vs compute (solid αA=1, dashed αA=½)', note }) });

  // The α_A ordering at fixed compute (same model, same step): final loss(α_A = ½) − final loss(α_A = 1) per model.
  const ordering = ordered.map((m) => {
    const one = lmFinalLoss(runs, m.member, 1);
    const halfExp = lmFinalLoss(runs, m.member, 0.5);
    return { member: m.member, axis: m.axis, value: halfExp.mean - one.mean, error: Math.sqrt(one.error ** 2 + halfExp.error ** 2) };
  });
  out.frames.push({ name: 'loss(αA=½) − loss(αA=1) at fixed compute (> 0: αA = 1 better)', rows: ordering.map((o) => ({ member: o.member, difference: +o.value.toFixed(4), se: +o.error.toFixed(4) })) });
  for (const o of ordering.filter((x) => x.axis === 'N' || x.axis === 'H')) {
    out.claims.push({
      figure: 'P1-12',
      claim: `Fig. 12 caption ordering, ${o.member}: at fixed compute loss(αA=½) − loss(αA=1) ≥ 0 (αA = 1 better)`,
      value: o.value,
      error: Number.isFinite(o.error) ? o.error : undefined,
      band: [0, Infinity],
      gated: false,
      details: { data: p1LmDataLabel, vocabulary, note: 'conflicts with the Fig. 7a caption (THEORY.md §9 item 4): plotted and reported, not asserted', ordering, steps: family.steps, seeds: family.seeds, cut: null },
    });
  }
  return out;
}

export const p1Figure12 = definePaperFigure({
  id: 'P1-12',
  title: 'LM loss against compute for the base and its N-, H- and L-scaled versions; the parameter counter',
  rows: ['P1-12'],
  notebook: 'p1-fig12-lm-loss-vs-compute.ipynb',
  grid: p1LmGrid,
  runReference: p1LmRunReference,
  cacheName: p1LmSweepName,
  analyse: (records, context) => analyseFigure12(records, context.sweep),
});
