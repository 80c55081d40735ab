/**
 * P1-T3 as data (docs/FIGURES.md P1-T3; THEORY.md §2.8 item 4, §2.9): the key/query and attention update sizes of
 * P1 Table 3 as a measurement. The grid: α_A × N × seeds at L = 2, H = 2, γ₀ = 0.25, η₀ = 0.1, batch 32, zipped with
 * the two measurements on the same networks and data order — 'update sizes' (t = 20 steps, Var A(0) and the
 * weight-/input-driven split) and 'attention vs step' (trained to the last read step, changes read at each).
 */
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { lineFigure, logLogFigure, type Series } from '../../plot/figure';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1Rows, type SeedSlope } from './analysis';
import { p1TrainRunReference, p1TrainSpec } from './run';
import { p1TrainSettings } from './settings';
import { table3Records, table3Slope, table3StepRecords, table3StepSlope, table3VarianceCheck } from './table3';

const sizes: Record<Scale, { headDims: number[]; seeds: number; steps: number; readSteps: number[] }> = {
  smoke: { headDims: [8, 16], seeds: 1, steps: 2, readSteps: [2, 4] },
  quick: { headDims: [8, 16, 32, 64, 128], seeds: 2, steps: 20, readSteps: [20, 100, 400] },
  paper: { headDims: [8, 16, 32, 64, 128, 256], seeds: 8, steps: 20, readSteps: [20, 100, 400, 1000] },
};

/** The two measurements of P1-T3 (the `measurement` label of the grid). */
export const updateSizes = 'update sizes';
export const attentionVsStep = 'attention vs step';

/**
 * The grid of P1-T3: α_A ∈ {1, ½} × N × the two measurements (zipped settings: steps, probe steps, the t = 0 logit
 * moments and the weight-driven split for the short runs) × seeds.
 */
export function p1TableT3Grid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  const readSteps = [...new Set(s.readSteps)].sort((a, b) => a - b);
  return new SpecGrid({
    base: p1TrainSpec({ headDim: s.headDims[0], heads: 2, depth: 2, learningRate: 0.1, richness: 0.25 }),
    labels: ['measurement'],
    axes: { attentionExponent: [1, 0.5], headDim: s.headDims },
    zip: [{
      measurement: [updateSizes, attentionVsStep],
      steps: [s.steps, readSteps[readSteps.length - 1]],
      probeSteps: [[s.steps], readSteps],
      initialLogits: [true, false],
      weightDriven: [true, false],
    }],
    settings: p1TrainSettings({ batchSize: 32, steps: s.steps, probeKinds: ['changes'] }),
    seeds: s.seeds,
  });
}

/** Slopes in N of the key and logit changes, Var A(0), the slopes against the read step, the plots and the claims. */
export function analyseTableT3(swept: SweepRecord[], context: Pick<AnalysisContext, 'scale' | 'sweep'>): FigureOutput {
  const short = swept.filter((r) => r.config.measurement === updateSizes);
  const long = swept.filter((r) => r.config.measurement === attentionVsStep);
  const records = table3Records(short);
  const longRecords = table3StepRecords(long);
  const exponents = [...new Set(records.map((r) => r.attentionExponent))];
  const headDims = [...new Set(records.map((r) => r.headDim))].sort((a, b) => a - b);
  const [{ spec, settings: shortSettings }, { settings: longSettings }] = p1Rows([short[0], long[0]]);
  const readSteps = [...new Set(longSettings.probeSteps)].sort((a, b) => a - b);
  const seeds = new Set(records.map((r) => r.seed)).size;
  const out = figureOutput();
  out.notes.push(`${swept.length} runs (${records.length} to t = ${shortSettings.steps}, ${longRecords.length} to t = ${readSteps[readSteps.length - 1]}; ${swept.filter((r) => r.status !== 'ok').length} not ok), computed in ${context.sweep.progress.elapsedSeconds.toFixed(1)} s`);
  for (const N of headDims) {
    const ms = records.filter((r) => r.headDim === N).map((r) => r.msPerStep);
    out.notes.push(`N = ${N}: ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)} ms per step (wall, in a worker)`);
  }
  const note = `data: Fashion-MNIST (stand-in for CIFAR-5M); L = ${spec.depth}, H = ${spec.heads}, t = ${shortSettings.steps}, ${seeds} seed(s), scale ${context.scale}`;
  const slopes: Record<string, SeedSlope> = {};
  const panel = (field: 'keyChange' | 'logitChange', weightField: 'keyWeightChange' | 'logitWeightChange', title: string) => {
    const series: Series[] = [];
    exponents.forEach((a, i) => {
      for (const [f, dash] of [[field, 'solid'], [weightField, 'dash']] as const) {
        const fit = table3Slope(records, a, f);
        slopes[`${f}:${a}`] = fit;
        series.push({ name: `${f === field ? 'total' : 'weight-driven'}, α_A = ${a} (slope ${fit.slope.toFixed(2)})`, x: fit.points.map((p) => p.x), y: fit.points.map((p) => p.mean), error: fit.points.map((p) => (Number.isFinite(p.se) ? p.se : 0)), dash, color: color(i) });
      }
    });
    return logLogFigure(series, { title, xTitle: 'head dimension N', yTitle: 'RMS change after t steps', note });
  };
  out.plots.push({ name: 'p1-t3-keys', figure: panel('keyChange', 'keyWeightChange', 'Key coordinates k(t) − k(0), last block') });
  out.plots.push({ name: 'p1-t3-logits', figure: panel('logitChange', 'logitWeightChange', 'Attention logits A(t) − A(0), last block') });
  const checks = exponents.map((a) => ({ a, rows: table3VarianceCheck(records, a) }));
  out.frames.push({
    name: 'Var A(0) against N^{1−2α_A}/4 (estimates per seed × block × head)',
    rows: checks.flatMap(({ a, rows }) => rows.map((r) => ({ attentionExponent: a, headDim: r.headDim, measured: r.measured, se: r.se, expected: r.expected, zScore: r.zScore, units: r.units }))),
  });
  const stepSlopes = Object.fromEntries(exponents.map((a) => [a, readSteps.map((t) => table3StepSlope(longRecords, a, 'logitChangeAt', t))]));
  const keyStepSlopes = Object.fromEntries(exponents.map((a) => [a, readSteps.map((t) => table3StepSlope(longRecords, a, 'keyChangeAt', t))]));
  const stepNote = `data: Fashion-MNIST (stand-in for CIFAR-5M); L = ${spec.depth}, H = ${spec.heads}, ${seeds} seed(s), scale ${context.scale}`;
  out.plots.push({
    name: 'p1-t3-slope-vs-step',
    figure: lineFigure(
      [
        ...exponents.map((a, i) => ({ name: `ΔA, α_A = ${a}`, x: readSteps, y: stepSlopes[a].map((f) => f.slope), error: stepSlopes[a].map((f) => (Number.isFinite(f.slopeSE) ? f.slopeSE : 0)), color: color(i) })),
        ...exponents.map((a, i) => ({ name: `Δk (total), α_A = ${a}`, x: readSteps, y: keyStepSlopes[a].map((f) => f.slope), color: color(i), dash: 'dot' as const })),
      ],
      { title: 'Slope against log N of the RMS change of A (solid) and k (dotted), against the step t', xTitle: 'step t', yTitle: 'slope vs log N', xLog: true, note: `${stepNote}; ΔA theory 0 once coherent` },
    ),
  });
  out.frames.push({
    name: 'Slopes against log N at each read step t (± bootstrap SE over seeds)',
    rows: exponents.flatMap((a) => readSteps.map((t, i) => ({ attentionExponent: a, step: t, logitSlope: stepSlopes[a][i].slope, logitSlopeSE: stepSlopes[a][i].slopeSE, keySlope: keyStepSlopes[a][i].slope }))),
  });
  const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', headDims, seeds, steps: shortSettings.steps, readSteps, heads: spec.heads, depth: spec.depth, learningRate: spec.optimizer.learningRate, richness: spec.richness, batchSize: shortSettings.batchSize, optimizer: `${spec.optimizer.kind} ${spec.optimizer.momentum ?? ''}`.trim() };
  for (const a of exponents) {
    const k = slopes[`keyChange:${a}`];
    out.claims.push({ figure: 'P1-T3', claim: `slope of log RMS key change vs log N, α_A = ${a} (total change; diagnostic)`, value: k.slope, error: Number.isFinite(k.slopeSE) ? k.slopeSE : undefined, band: [a - 1 - 0.2, a - 1 + 0.2], gated: false, details: { ...details, weightDrivenSlope: slopes[`keyWeightChange:${a}`].slope } });
  }
  for (const a of exponents) {
    const l = slopes[`logitChange:${a}`];
    out.claims.push({ figure: 'P1-T3', claim: `slope of log RMS A change vs log N, α_A = ${a} (total change at t = ${shortSettings.steps}; diagnostic)`, value: l.slope, error: Number.isFinite(l.slopeSE) ? l.slopeSE : undefined, band: [-0.2, 0.2], gated: false, details: { ...details, weightDrivenSlope: slopes[`logitWeightChange:${a}`].slope } });
  }
  for (const { a, rows } of checks) {
    out.claims.push({ figure: 'P1-T3', claim: `t = 0: max over N of |Var A − N^{1−2α_A}/4| / SE, α_A = ${a}`, value: Math.max(...rows.map((r) => r.zScore)), band: [0, 4], details: { ...details, ratios: rows.map((r) => r.measured / r.expected) } });
  }
  const se = (f: SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
  if (exponents.includes(1) && exponents.includes(0.5)) {
    const gap = slopes['keyWeightChange:0.5'].slope - slopes['keyWeightChange:1'].slope;
    out.claims.push({ figure: 'P1-T3', claim: 'weight-driven key change: slope(α_A = ½) − slope(α_A = 1) (theory −½)', value: gap, band: [-0.7, -0.3], details });
    readSteps.forEach((t, i) => {
      const [one, half] = [stepSlopes[1][i], stepSlopes[0.5][i]];
      out.claims.push({ figure: 'P1-T3', claim: `t = ${t}: |slope(ΔA, α_A = 1) − slope(ΔA, α_A = ½)| vs log N`, value: Math.abs(one.slope - half.slope), band: [0, 0.2], gated: false, details: { ...details, step: t, slopeOne: one.slope, slopeHalf: half.slope, seOne: one.slopeSE, seHalf: half.slopeSE } });
    });
  }
  const last = readSteps.length - 1;
  for (const a of exponents) {
    const f = stepSlopes[a][last];
    out.claims.push({ figure: 'P1-T3', claim: `t = ${readSteps[last]}: slope of log RMS A change vs log N, α_A = ${a} (theory 0 once coherent)`, value: f.slope, error: se(f), band: [-0.25, 0.25], gated: false, details: { ...details, step: readSteps[last], slopesAgainstStep: readSteps.map((t, i) => ({ step: t, slope: stepSlopes[a][i].slope, slopeSE: stepSlopes[a][i].slopeSE })) } });
  }
  for (const a of exponents) {
    const f = stepSlopes[a][last];
    // RMS ΔA / √Var A(0) with √Var A(0) = N^{½−α_A}/2: its log-log slope is slope(ΔA) − (½ − α_A)
    const ratioSlope = f.slope - (0.5 - a);
    out.claims.push({ figure: 'P1-T3', claim: `diagnostic, t = ${readSteps[last]}: slope of log(RMS ΔA / √Var A(0)) vs log N, α_A = ${a} (≈ 0 in the incoherent regime)`, value: ratioSlope, error: se(f), band: [-0.2, 0.2], gated: false, details: { ...details, step: readSteps[last], ratios: f.points.map((p) => ({ headDim: p.x, ratio: p.mean / (0.5 * p.x ** (0.5 - a)) })) } });
  }
  return out;
}

export const p1TableT3 = definePaperFigure({
  id: 'P1-T3',
  title: 'Key/query and attention update sizes of P1 Table 3, measured',
  rows: ['P1-T3'],
  notebook: 'p1-table3-update-sizes.ipynb',
  grid: p1TableT3Grid,
  runReference: p1TrainRunReference,
  cacheName: 'p1-table3-update-sizes',
  analyse: analyseTableT3,
});
