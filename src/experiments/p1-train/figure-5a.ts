/**
 * P1-5a as data (docs/FIGURES.md P1-5a; THEORY.md §2.9 "Depth", §3.3): relative key/query movement against depth.
 * The grid (shared with P1-5b, one cache): α_L ∈ {½, 1} × L (deepest first) × seeds, depth-sweep ViT (no positional
 * table, L_b = L_η = L_r = 2), N = H = 4, β₀ = 6, γ₀ = 0.1, α_A = 1, η₀ = 0.2, SGD momentum 0.9, batch 32; the
 * 'movement' probe at the read steps; the loss curve runs to the last step (P1-5b).
 */
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { lineFigure, logLogFigure } from '../../plot/figure';
import { showValue } from '../../spec/validate';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type AnalysisContext, type FigureOutput } from '../figure';
import { p1Rows, type SeedSlope } from './analysis';
import { depthRecords, groupMovementSlope, movementSlope, type DepthRecord } from './depth';
import { p1TrainRunReference, p1TrainSpec } from './run';
import { p1TrainSettings } from './settings';

const sizes: Record<Scale, { depths: number[]; seeds: number; steps: number; movementStep: number; movementSteps: number[]; headDim: number; heads: number; batchSize: number }> = {
  smoke: { depths: [2, 4], seeds: 1, steps: 20, movementStep: 20, movementSteps: [5, 10], headDim: 4, heads: 4, batchSize: 32 },
  quick: { depths: [2, 4, 8, 16], seeds: 2, steps: 1000, movementStep: 1000, movementSteps: [30, 100, 300], headDim: 4, heads: 4, batchSize: 32 },
  paper: { depths: [2, 4, 8, 16, 32], seeds: 4, steps: 5000, movementStep: 5000, movementSteps: [100, 300, 1000], headDim: 8, heads: 8, batchSize: 64 },
};

/**
 * The grid of P1-5a and P1-5b: α_L × L × seeds; settings: t steps, the 'movement' probe at movementSteps ∪
 * {movementStep}; analysis: movementStep (the gated read step) and lossWindow (P1-5b's window of steps).
 * Quick: 1000 steps, movement read at 30, 100, 300, 1000 and gated at 1000 (FIGURES.md P1-5a decision).
 */
export function p1Figure5Grid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  const readSteps = [...new Set([...s.movementSteps, s.movementStep])].sort((a, b) => a - b);
  return new SpecGrid({
    base: p1TrainSpec({ headDim: s.headDim, heads: s.heads, depth: s.depths[0], branchScale: 6, richness: 0.1, learningRate: 0.2, attentionExponent: 1, referenceConvention: 'depthSweep' }),
    axes: { residualExponent: [0.5, 1], depth: [...s.depths].sort((a, b) => b - a) },
    settings: p1TrainSettings({ batchSize: s.batchSize, steps: s.steps, probeSteps: readSteps, probeKinds: ['movement'] }),
    analysis: { movementStep: s.movementStep, lossWindow: scale === 'smoke' ? 5 : 25 },
    seeds: s.seeds,
  });
}

export const figure5Cache = 'p1-fig5-depth';

/** The depth records of the sweep and the sizes a claim's details show; checks that the gated step is a read step. */
export function depthRuns(swept: SweepRecord[], grid: SpecGrid): { records: DepthRecord[]; settings: { depths: number[]; residualExponents: number[]; seeds: number; steps: number; movementStep: number; movementSteps: number[]; headDim: number; heads: number; batchSize: number }; readSteps: number[] } {
  const movementStep = grid.analysis.movementStep as number; // checked below: one of the probe steps
  const { spec, settings: runSettings } = p1Rows(swept.slice(0, 1))[0];
  const readSteps = [...new Set(runSettings.probeSteps)].sort((a, b) => a - b);
  if (!readSteps.includes(movementStep)) throw new Error(`movementStep: expected one of the probe steps ${readSteps.join(', ')}, got ${showValue(movementStep)}`);
  const records = depthRecords(swept, movementStep);
  const settings = {
    depths: [...new Set(records.map((r) => r.depth))].sort((a, b) => a - b),
    residualExponents: [...new Set(records.map((r) => r.residualExponent))].sort((a, b) => a - b),
    seeds: new Set(records.map((r) => r.seed)).size,
    steps: runSettings.steps, movementStep, movementSteps: readSteps.filter((t) => t !== movementStep),
    headDim: spec.headDim, heads: spec.heads, batchSize: runSettings.batchSize,
  };
  return { records, settings, readSteps };
}

/** Slopes of the W^{QK} and per-group movement against log L, their drift with the read step, plots and claims. */
export function analyseFigure5a(swept: SweepRecord[], context: Pick<AnalysisContext, 'grid' | 'scale' | 'sweep'>): FigureOutput {
  const { records, settings, readSteps } = depthRuns(swept, context.grid);
  const out = figureOutput();
  out.notes.push(`${records.length} runs computed in ${context.sweep.progress.elapsedSeconds.toFixed(1)} s (shared with P1-5b); not ok: ${records.filter((r) => r.status !== 'ok').length}`);
  for (const L of settings.depths) out.notes.push(`L = ${L}: ${(records.filter((r) => r.depth === L).reduce((a, r) => a + r.msPerStep, 0) / records.filter((r) => r.depth === L).length).toFixed(0)} ms per step (wall, in a worker)`);
  const fits = Object.fromEntries(settings.residualExponents.map((a) => [a, movementSlope(records, a)]));
  const slopesAt = Object.fromEntries(settings.residualExponents.map((a) => [a, readSteps.map((t) => movementSlope(records, a, t))]));
  const series = settings.residualExponents.map((a, i) => {
    const f = fits[a];
    return { name: `α_L = ${a} (slope ${f.slope.toFixed(2)} ± ${(f.slopeSE || 0).toFixed(2)})`, x: f.points.map((p) => p.x), y: f.points.map((p) => p.mean), error: f.points.map((p) => p.se), color: color(i) };
  });
  const half = fits[settings.residualExponents[0]].points[0];
  const spec = swept[0].spec!;
  const sizes = `N = ${spec.headDim}, H = ${spec.heads}, β₀ = ${spec.branchScale}, γ₀ = ${spec.richness}, η₀ = ${spec.optimizer.learningRate}`;
  out.plots.push({
    name: 'p1-5a-qk-movement',
    figure: logLogFigure(series, {
      title: `Relative W^{QK} movement after ${settings.movementStep} steps (reconstructed grid)`,
      xTitle: 'depth L',
      yTitle: '‖ΔW^{QK}‖_F / ‖W^{QK}(0)‖_F (mean over blocks)',
      references: [{ exponent: -0.5, prefactor: half.mean * Math.sqrt(half.x), xMin: settings.depths[0], xMax: settings.depths[settings.depths.length - 1], name: 'L^{−1/2}' }],
      note: `data: Fashion-MNIST (stand-in for CIFAR-5M); ${sizes}, ${settings.seeds} seed(s), scale ${context.scale}`,
    }),
  });
  out.plots.push({
    name: 'p1-5a-slope-vs-step',
    figure: lineFigure(
      [
        ...settings.residualExponents.map((a, i) => ({ name: `α_L = ${a}`, x: readSteps, y: slopesAt[a].map((f) => f.slope), error: slopesAt[a].map((f) => (Number.isFinite(f.slopeSE) ? f.slopeSE : 0)), color: color(i) })),
        ...settings.residualExponents.map((a, i) => ({ name: `theory α_L − 1 = ${a - 1}`, x: [readSteps[0], readSteps[readSteps.length - 1]], y: [a - 1, a - 1], dash: 'dash' as const, mode: 'lines' as const, color: color(i) })),
      ],
      { title: 'Depth exponent of the W^{QK} movement against the step t', xTitle: 'step t', yTitle: 'slope of log movement vs log L', xLog: true, note: `theory (aligned regime): α_L − 1; data: Fashion-MNIST; ${settings.seeds} seed(s), scale ${context.scale}` },
    ),
  });
  const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, movement: fits, slopeAgainstStep: Object.fromEntries(settings.residualExponents.map((a) => [a, readSteps.map((t, i) => ({ step: t, slope: slopesAt[a][i].slope, slopeSE: slopesAt[a][i].slopeSE }))])) };
  const se = (f: SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
  if (fits[0.5]) out.claims.push({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = ½ (theory −½ for a single matrix; W^{QK} gets a second factor, see above: ungated)', value: fits[0.5].slope, error: se(fits[0.5]), band: [-0.75, -0.25], gated: false, details });
  if (fits[1]) out.claims.push({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = 1 (theory 0)', value: fits[1].slope, error: se(fits[1]), band: [-0.25, 0.25], details });
  if (fits[1] && fits[0.5]) out.claims.push({ figure: 'P1-5a', claim: 'slope(α_L = 1) − slope(α_L = ½)', value: fits[1].slope - fits[0.5].slope, band: [0.25, Infinity], details });
  const groupRows = [];
  for (const group of ['value', 'output', 'mlpIn', 'mlpOut']) {
    for (const a of settings.residualExponents) {
      const f = groupMovementSlope(records, a, group, settings.movementStep);
      groupRows.push({ group, residualExponent: a, slope: f.slope, slopeSE: f.slopeSE });
      out.claims.push({ figure: 'P1-5a', claim: `t = ${settings.movementStep}: slope of log ${group} movement vs log L, α_L = ${a === 0.5 ? '½' : a} (theory ${a - 1})`, value: f.slope, error: se(f), band: [a - 1 - 0.25, a - 1 + 0.25], details: { step: settings.movementStep, means: f.points } });
    }
  }
  out.frames.push({
    name: 'Slope of log W^{QK} movement vs log L at each read step t (± bootstrap SE over seeds)',
    rows: settings.residualExponents.flatMap((a) => readSteps.map((t, i) => ({ residualExponent: a, step: t, slope: slopesAt[a][i].slope, slopeSE: slopesAt[a][i].slopeSE }))),
  });
  out.frames.push({ name: `Slope of log movement vs log L per weight group at t = ${settings.movementStep}`, rows: groupRows });
  for (const [i, t] of readSteps.entries()) {
    if (t === settings.movementStep) continue;
    for (const a of settings.residualExponents) {
      const f = slopesAt[a][i];
      out.claims.push({ figure: 'P1-5a', claim: `early regime, t = ${t} (diagnostic): slope of log W^{QK} movement vs log L, α_L = ${a === 0.5 ? '½' : a}`, value: f.slope, error: se(f), band: a === 0.5 ? [-0.75, -0.25] : [-0.25, 0.25], gated: false, details: { step: t } });
    }
  }
  return out;
}

export const p1Figure5a = definePaperFigure({
  id: 'P1-5a',
  title: 'Key/query movement against depth',
  rows: ['P1-5a'],
  notebook: 'p1-fig5a-qk-movement-vs-depth.ipynb',
  grid: p1Figure5Grid,
  runReference: p1TrainRunReference,
  cacheName: figure5Cache,
  analyse: analyseFigure5a,
});
