/**
 * V-DMFT as data (docs/FIGURES.md V-DMFT; THEORY.md §5): the XOR gated-attention toy trained at growing width N against
 * its discrete-time DMFT. The grid is the network the DMFT describes (gatedToySpec: G = 6 gates of width N, α = 1,
 * γ = 2.5, η = 0.002): N × gate directions (§5.5's deterministic u_g, or random per seed) × seeds; every point one
 * finite network trained for 1000 full-batch steps (float64, exact gradients). The analysis integrates the DMFT per
 * seed's u_g at the grid's G, γ, η, checks it against the §5.5 reference losses, and measures the squared loss error
 * against N.
 */
import { SpecGrid, type GridPoint } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { lineFigure, logLogFigure, type Series } from '../../plot/figure';
import { gatedToyDmft } from '../../theory/gated-toy-dmft';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import {
  gatedToyParameters, gatedToySpec, p1ToyNetworkReference, toyDmftConvergence, toyDmftLosses, toyDmftReferenceError, toyDmftReferenceLosses,
  type GatedToyRunResult, type GatedToyRunSettings,
} from './toy-dmft';

const sizes: Record<Scale, { widths: number[]; seeds: number; steps: number }> = {
  smoke: { widths: [100, 250, 1000], seeds: 2, steps: 1000 },
  quick: { widths: [250, 1000, 4000, 16000], seeds: 4, steps: 1000 },
  paper: { widths: [250, 1000, 4000, 16000, 64000], seeds: 8, steps: 1000 },
};

/** The grid of V-DMFT: the toy's width N (headDim) × gate directions × seeds, `steps` steps per run. */
export function toyDmftGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  return new SpecGrid({
    base: gatedToySpec(s.widths[0]),
    axes: { headDim: s.widths, gateDirections: ['deterministic', 'random'] },
    settings: { gateDirections: 'random', steps: s.steps },
    seeds: s.seeds,
  });
}

type Mode = 'deterministic' | 'random';

/** The DMFT reference check, the convergence tables, the loss and error plots and the claims of V-DMFT. */
export function analyseToyDmft(records: SweepRecord<GatedToyRunResult>[]): FigureOutput {
  const ok = records.filter((r) => r.status === 'ok');
  if (ok.length === 0) throw new Error('V-DMFT: no finished runs');
  const toy = gatedToyParameters(ok[0].spec!);
  if (toy.attentionExponent !== 1) throw new Error(`V-DMFT: attentionExponent = ${toy.attentionExponent}, but the DMFT is the N → ∞ limit at α = 1 only (THEORY.md §5.4)`);
  const dmftToy = { gates: toy.gates, richness: toy.richness, learningRate: toy.learningRate };
  const steps = settingsOf<GatedToyRunSettings>(ok[0]).steps;
  const widths = [...new Set(ok.map((r) => r.spec!.headDim))].sort((a, b) => a - b);
  const out = figureOutput();

  // the solver against §5.5 (its own parameters G = 6, η = 0.002, γ = 2.5), and the DMFT curves of this grid's toy
  const reference = toyDmftReferenceError(steps);
  const corrected = gatedToyDmft({ steps, gateDirections: 'deterministic', ...dmftToy }).losses;
  const notebookQ = gatedToyDmft({ steps, gateDirections: 'deterministic', initialQueryKernel: 'notebook', ...dmftToy }).losses;
  out.frames.push({
    name: 'DMFT against the THEORY §5.5 reference losses (corrected Q(0)), and the notebook Q(0) = C^x',
    rows: Object.entries(toyDmftReferenceLosses).map(([t, v]) => ({ step: +t, reference: v, dmft: reference.losses[+t], notebookQ0: notebookQ[+t] })),
  });
  out.notes.push(`${records.length} runs; max relative error of the corrected DMFT against §5.5: ${reference.maxRelativeError.toExponential(3)}`);

  const runs = (mode: Mode) => ok.filter((r) => r.config.gateDirections === mode)
    .map((r) => ({ width: r.spec!.headDim, seed: r.config.seed as number, losses: r.result!.losses }));
  const dmftCache = new Map<string, ArrayLike<number>>();
  const dmftFor = (mode: Mode) => (seed: number) => {
    const id = `${mode}:${mode === 'random' ? seed : 0}`;
    if (!dmftCache.has(id)) dmftCache.set(id, toyDmftLosses(seed, mode, steps, dmftToy));
    return dmftCache.get(id)!;
  };
  const det = toyDmftConvergence(runs('deterministic'), dmftFor('deterministic'));
  const rnd = toyDmftConvergence(runs('random'), dmftFor('random'));
  const ratios = (r: { maxLogRatio: number[] }) => r.maxLogRatio.map((v) => +v.toFixed(3)).join(' ');
  out.frames.push({
    name: 'Time-averaged squared loss error per N (seed mean ± SE) and max |log₁₀(ℒ_N/ℒ_DMFT)| per seed',
    rows: [...det.rows.map((r) => ({ u: 'deterministic', ...r, maxLogRatio: ratios(r) })), ...rnd.rows.map((r) => ({ u: 'random', ...r, maxLogRatio: ratios(r) }))],
  });
  out.notes.push(`slopes: deterministic u_g ${det.slope.toFixed(3)} ± ${det.slopeSE.toFixed(3)}, random u_g ${rnd.slope.toFixed(3)} ± ${rnd.slopeSE.toFixed(3)}`);

  const xs = Array.from({ length: steps }, (_, t) => t).filter((t) => t % 5 === 0);
  const every = (y: ArrayLike<number>) => xs.map((t) => y[t]);
  const lossSeries: Series[] = [];
  widths.forEach((n, i) => runs('deterministic').filter((r) => r.width === n).forEach((r, k) =>
    lossSeries.push({ name: k === 0 ? `network N = ${n}` : `N = ${n}, seed ${r.seed}`, x: xs, y: every(r.losses), color: color(i), mode: 'lines' })));
  lossSeries.push({ name: 'DMFT (corrected Q(0))', x: xs, y: every(corrected), color: 'black', mode: 'lines' });
  lossSeries.push({ name: 'DMFT, notebook Q(0) = C^x', x: xs, y: every(notebookQ), color: 'black', dash: 'dot', mode: 'lines' });
  const toyNote = `G = ${toy.gates}, η = ${toy.learningRate}, γ = ${toy.richness}`;
  out.plots.push({
    name: 'loss-curves',
    figure: lineFigure(lossSeries, { title: 'Gated-attention toy: loss of finite networks against the DMFT', xTitle: 'step', yTitle: 'loss', yLog: true, note: `data: XOR; ${toyNote}, deterministic u_g` }),
  });
  const seeds = runs('random').filter((r) => r.width === widths[0]).length;
  out.plots.push({
    name: 'squared-error-vs-N',
    figure: logLogFigure(
      [
        { name: 'random u_g', x: rnd.rows.map((r) => r.width), y: rnd.rows.map((r) => r.squaredError), error: rnd.rows.map((r) => r.squaredErrorSE) },
        { name: 'deterministic u_g', x: det.rows.map((r) => r.width), y: det.rows.map((r) => r.squaredError), error: det.rows.map((r) => r.squaredErrorSE) },
      ],
      {
        title: 'Time-averaged squared loss error against N',
        xTitle: 'width N', yTitle: 'mean_t (ℒ_N − ℒ_DMFT)² (seed mean ± SE)',
        references: [{ exponent: -1, prefactor: rnd.rows[0].squaredError * rnd.rows[0].width, xMin: widths[0], xMax: widths[widths.length - 1], name: 'N^{-1}' }],
        note: `data: XOR; ${seeds} seeds per N`,
      },
    ),
  });

  const details = { data: 'XOR', gates: toy.gates, learningRate: toy.learningRate, richness: toy.richness, steps, widths, seeds };
  out.claims.push({ figure: 'V-DMFT', claim: 'corrected DMFT vs THEORY §5.5 losses: max relative error', value: reference.maxRelativeError, band: [0, 5e-5], details });
  out.claims.push({ figure: 'V-DMFT', claim: 'slope of log squared loss error vs log N (random u_g)', value: rnd.slope, band: [-1.3, -0.6], error: rnd.slopeSE, details: { ...details, squaredError: rnd.rows.map((r) => r.squaredError), deterministicSlope: det.slope } });
  const lastDet = det.rows[det.rows.length - 1];
  const lastRnd = rnd.rows[rnd.rows.length - 1];
  out.claims.push({
    figure: 'V-DMFT', claim: `max over seeds and steps of |log₁₀(ℒ_N/ℒ_DMFT)| at N = ${lastDet.width} (deterministic u_g)`,
    value: Math.max(...lastDet.maxLogRatio), band: [0, 0.2],
    details: { ...details, perSeed: lastDet.maxLogRatio, randomPerSeed: lastRnd.maxLogRatio },
  });
  return out;
}

export const toyDmftFigure = definePaperFigure<GatedToyRunResult>({
  id: 'V-DMFT',
  title: 'Gated attention on XOR: finite networks converge to the DMFT as N grows',
  rows: ['V-DMFT'],
  notebook: 'p1-toy-dmft-gated-attention.ipynb',
  grid: toyDmftGrid,
  runReference: p1ToyNetworkReference,
  cacheName: 'p1-toy-dmft',
  analyse: (records) => analyseToyDmft(records),
  // steps × 4 XOR points × 6 × parameters, parameters = G·N·(2D + 2) (W_q, W_v ∈ ℝ^{N×D}, V_k, w ∈ ℝ^N per gate):
  // forward 2 flops per weight and point, backward twice that
  cost: (point: GridPoint) => {
    const steps = (point.settings as unknown as GatedToyRunSettings).steps;
    return { flops: steps * 4 * 6 * point.spec.heads * point.spec.headDim * (2 * point.spec.inputDim + 2), steps };
  },
});
