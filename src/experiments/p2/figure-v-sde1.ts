/**
 * V-SDE1 as data (docs/FIGURES.md "Validation rows", THEORY.md §6.14): the one-step drift and diffusion of the
 * shaped-attention block at the §6.14 setting (m = 3, the listed V, n_k = 4, τ₀ = 0.8, γ = 0.6, λ = 0.8): the closed
 * forms against the values listed in THEORY.md, and a one-step Monte Carlo of the finite model (drift: n = 1600 with
 * antithetic pairs; diffusion: one exact chain layer at n = 10⁵) within 4 SE. No notebook: the row is checked by
 * test/theory/shaped-coefficients.test.ts, which runs this figure's grid('quick') through oneStepDrift and
 * oneStepDiffusion; `tl.figures['V-SDE1'].run()` shows the same numbers.
 */
import type { Scale } from '../../notebook/scale';
import { preset } from '../../spec/presets';
import { lineFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { smallMultiples } from '../../plot/multiples';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { shapedDiffusion, shapedDrift } from '../../theory/shaped-coefficients';
import { resolveInitialCovariance } from '../../theory/covariance-options';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { oneStepReference, upperEntries, type OneStepSettings } from './one-step';

/** V of §6.14. */
export const oneStepCovariance = [[1, 0.2, -0.1], [0.2, 1.3, 0.3], [-0.1, 0.3, 0.9]];

/** Drift pairs and diffusion draws: quick is the test's (10⁵ pairs, 5·10⁴ layers), paper FIGURES.md's 2·10⁵ pairs. */
const draws: Record<Scale, { drift: number; diffusion: number }> = {
  smoke: { drift: 10_000, diffusion: 5_000 },
  quick: { drift: 100_000, diffusion: 50_000 },
  paper: { drift: 200_000, diffusion: 50_000 },
};

/**
 * The grid of V-SDE1: the §6.14 shaped spec (n_k = N = 4, m = 3, γ = 0.6, τ₀ = 0.8) with (check, H, draws) zipped —
 * drift at n = 4·400 = 1600, diffusion at n = 4·25 000 = 10⁵ — one seed (21; the diffusion draws from 22).
 */
export function vSde1Grid(scale: Scale): SpecGrid {
  return new SpecGrid({
    base: preset('shaped', { architecture: 'shaped', headDim: 4, heads: 400, depth: 1, tokens: 3, branchScale: 0.6, temperature: 0.8 }),
    zip: [{ check: ['drift', 'diffusion'], heads: [400, 25_000], draws: [draws[scale].drift, draws[scale].diffusion] }],
    settings: { check: 'drift', draws: draws[scale].drift, initialCovariance: oneStepCovariance },
    analysis: {
      // THEORY.md §6.14, entries (11, 12, 13, 22, 23, 33): drift, the diagonal of Σ, and its row (11)
      listedDrift: [0.12549, 0.02325, -0.00883, 0.12386, 0.021, 0.09325],
      listedDiffusionDiagonal: [1.2435, 0.823, 0.5657, 2.0676, 0.7722, 0.9986],
      listedDiffusionRow: [1.2435, 0.2307, -0.1469, 0.0426, -0.0276, 0.0169],
    },
    seeds: [21],
  });
}

type Drift = { check: 'drift'; mean: number[]; meanError: number[] };
type Diffusion = { check: 'diffusion'; covariance: number[][]; covarianceError: number[][] };

/** Largest |value − reference|/SE over the entries (the Monte Carlo claims: ≤ 4). */
export function largestStandardizedGap(values: number[], errors: number[], reference: number[]): number {
  return Math.max(...values.map((x, i) => Math.abs(x - reference[i]) / errors[i]));
}

/** Closed forms against the listed values and against the Monte Carlo, as tables and claims. */
export function analyseVSde1(records: SweepRecord[], analysis: Record<string, unknown>): FigureOutput {
  const a = analysis as { listedDrift: number[]; listedDiffusionDiagonal: number[]; listedDiffusionRow: number[] };
  const out = figureOutput();
  const ok = records.filter((r) => r.status === 'ok');
  const drift = ok.find((r) => r.config.check === 'drift');
  const diffusion = ok.find((r) => r.config.check === 'diffusion');
  if (!drift || !diffusion) throw new Error(`V-SDE1: expected a finished drift and diffusion run among ${records.length} records`);
  const spec = drift.spec!;
  const m = spec.tokens;
  const v = resolveInitialCovariance({ tokens: m, initialCovariance: settingsOf<OneStepSettings>(drift).initialCovariance });
  const entries = upperEntries(m);
  const flat = entries.map(([i, j]) => i * m + j);
  const b = shapedDrift(v, m, 'attention', { spec });
  const sigma = shapedDiffusion(v, m, 'attention', { spec });
  const mm = m * m;
  const formulaDrift = flat.map((k) => b[k]);
  const formulaDiagonal = flat.map((k) => sigma[k * mm + k]);
  const formulaRow = flat.map((k) => sigma[flat[0] * mm + k]);
  const names = entries.map(([i, j]) => `V${i + 1}${j + 1}`);
  const d = drift.result as unknown as Drift;
  const s = diffusion.result as unknown as Diffusion;
  out.frames.push({
    name: `Drift b(V): formula, THEORY.md §6.14, Monte Carlo at n = ${drift.spec!.headDim * drift.spec!.heads} (${drift.config.draws} antithetic pairs)`,
    rows: names.map((name, e) => ({ entry: name, formula: +formulaDrift[e].toFixed(5), listed: a.listedDrift[e], monteCarlo: +d.mean[e].toFixed(5), se: +d.meanError[e].toPrecision(2) })),
  });
  out.frames.push({
    name: `Diffusion Σ(V), diagonal: formula, THEORY.md §6.14, Monte Carlo at n = ${diffusion.spec!.headDim * diffusion.spec!.heads} (${diffusion.config.draws} layers)`,
    rows: names.map((name, e) => ({ entry: name, formula: +formulaDiagonal[e].toFixed(4), listed: a.listedDiffusionDiagonal[e], monteCarlo: +s.covariance[e][e].toFixed(4), se: +s.covarianceError[e][e].toPrecision(2) })),
  });
  const x = names.map((_, e) => e + 1);
  out.plots.push({
    name: 'one-step-moments',
    figure: smallMultiples([
      { title: 'drift b(V)', figure: lineFigure([
        { name: 'formula', x, y: formulaDrift, mode: 'markers', color: color(1) },
        { name: 'Monte Carlo ± SE', x, y: d.mean, error: d.meanError, mode: 'markers', color: color(0) },
      ], { xTitle: `V entry (${names.join(', ')})`, yTitle: 'n·E[ΔV]' }) },
      { title: 'diffusion Σ(V), diagonal', figure: lineFigure([
        { name: 'formula', x, y: formulaDiagonal, mode: 'markers', color: color(1) },
        { name: 'Monte Carlo ± SE', x, y: s.covariance.map((r, e) => r[e]), error: s.covarianceError.map((r, e) => r[e]), mode: 'markers', color: color(0) },
      ], { xTitle: `V entry (${names.join(', ')})`, yTitle: 'n·Var(ΔV)' }) },
    ], { columns: 2, width: 900, height: 380, title: 'V-SDE1: one step of the shaped-attention block, formula vs Monte Carlo' }),
  });
  const formulaAll: number[] = [];
  const mcAll: number[] = [];
  const seAll: number[] = [];
  for (let e = 0; e < flat.length; e++) {
    for (let f = e; f < flat.length; f++) {
      formulaAll.push(sigma[flat[e] * mm + flat[f]]);
      mcAll.push(s.covariance[e][f]);
      seAll.push(s.covarianceError[e][f]);
    }
  }
  const details = { tokens: m, keyDim: spec.headDim, temperature: spec.temperature, branchWeightSquared: spec.branchScale ** 2, initialCovariance: Array.from(v) };
  const gap = (x: number[], y: number[]) => Math.max(...x.map((u, i) => Math.abs(u - y[i])));
  // The drift is listed to 5 decimals (rounding ±5·10⁻⁶ on top of the 10⁻⁴ agreement), the diffusion to 4.
  out.claims.push({ figure: 'V-SDE1', claim: 'formula: largest |b(V) − listed drift| over the V entries', value: gap(formulaDrift, a.listedDrift), band: [0, 1e-4 + 5e-6], details });
  out.claims.push({
    figure: 'V-SDE1', claim: 'formula: largest |Σ(V) − listed diffusion| over the diagonal and row (11)',
    value: Math.max(gap(formulaDiagonal, a.listedDiffusionDiagonal), gap(formulaRow, a.listedDiffusionRow)), band: [0, 1e-4], details,
  });
  out.claims.push({
    figure: 'V-SDE1', claim: 'Monte Carlo drift: largest |n·E[ΔV] − b(V)|/SE over the V entries', value: largestStandardizedGap(d.mean, d.meanError, formulaDrift), band: [0, 4],
    details: { ...details, width: drift.spec!.headDim * drift.spec!.heads, pairs: drift.config.draws, mean: d.mean, meanError: d.meanError },
  });
  out.claims.push({
    figure: 'V-SDE1', claim: 'Monte Carlo diffusion: largest |n·Cov(ΔV) − Σ(V)|/SE over the pairs of V entries', value: largestStandardizedGap(mcAll, seAll, formulaAll), band: [0, 4],
    details: { ...details, width: diffusion.spec!.headDim * diffusion.spec!.heads, draws: diffusion.config.draws },
  });
  return out;
}

export const vSde1 = definePaperFigure({
  id: 'V-SDE1',
  title: 'One-step drift and diffusion of the shaped-attention block',
  rows: ['V-SDE1'],
  notebook: '',
  grid: vSde1Grid,
  runReference: oneStepReference,
  cacheName: 'v-sde1',
  analyse: (records, context) => analyseVSde1(records, context.grid.analysis),
});
