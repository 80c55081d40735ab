/**
 * P2-1L as data (docs/FIGURES.md P2-1L, reconstructed): ρ̄_ℓ against the layer ℓ at initialization for standard
 * softmax attention, Pre-LN and shaped attention (exact chains, THEORY.md §6.12–6.13) and the shaped-attention SDE
 * (§6.7, §6.11). The grid: the curve (variant, zipped with the spec's architecture) on n = n_k = 200, d = 150, m = 4,
 * γ² = 1/8, τ₀ = 1.
 */
import type { Scale } from '../../notebook/scale';
import { lineFigure, logLogFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { correlationAtLayer, correlationDepthReference, maxCorrelationDrift, type CorrelationDepthCurve, type CorrelationDepthSettings } from './fig1-left';
import { branchWeightSquaredOf, p2NetworkSpec, p2Width } from './network';

const samples: Record<Scale, number> = { smoke: 64, quick: 2048, paper: 8192 };

/** The grid of P2-1L: four curves (standard and Pre-LN on the 'preLn' spec, shaped network and SDE on the 'shaped' spec), one seed (1). */
export function p2Figure1lGrid(scale: Scale): SpecGrid<CorrelationDepthSettings, { initialCorrelation: number }> {
  return new SpecGrid<CorrelationDepthSettings, { initialCorrelation: number }>({
    base: p2NetworkSpec({ width: 200, depth: 150, branchWeightSquared: 1 / 8, temperature: 1 }),
    zip: [{ variant: ['standard', 'preLn', 'shaped', 'shapedSde'], architecture: ['preLn', 'preLn', 'shaped', 'shaped'] }],
    settings: { variant: 'shaped', samples: samples[scale], stepsPerLayer: 4, fitFrom: 25, bootstrap: 200 },
    analysis: { initialCorrelation: 0.2 },
    seeds: [1],
  });
}

const labels: Record<string, string> = {
  standard: 'standard softmax (λ/γ residual)',
  preLn: 'Pre-LN (RMS norm)',
  shaped: 'shaped attention (network)',
  shapedSde: 'shaped attention (SDE)',
};

/** The curves, the collapse gap 1 − ρ̄_ℓ on log–log axes, and the claims. */
export function analyseFigure1l(records: SweepRecord<CorrelationDepthCurve>[], grid: SpecGrid<CorrelationDepthSettings, { initialCorrelation: number }>): FigureOutput {
  const rho0 = grid.analysis.initialCorrelation;
  const curves: Record<string, CorrelationDepthCurve> = {};
  for (const r of records) if (r.status === 'ok') curves[r.config.variant as string] = r.result!;
  for (const v of ['standard', 'preLn', 'shaped']) if (!curves[v]) throw new Error(`P2-1L: no finished '${v}' run among ${records.length} records`);
  const variants = Object.keys(labels).filter((v) => curves[v]);
  const spec = records[0].spec!;
  const s = settingsOf<CorrelationDepthSettings>(records[0]);
  const n = p2Width(spec);
  const depth = spec.depth;
  const g2 = branchWeightSquaredOf(spec);
  const out = figureOutput();
  const shown = [0, 25, 50, 100, depth].filter((l, i, a) => l <= depth && a.indexOf(l) === i);
  out.frames.push({
    name: `ρ̄ at ℓ = ${shown.join('/')}`,
    rows: variants.map((v) => ({ curve: labels[v], ...Object.fromEntries(shown.map((l) => [`ℓ = ${l}`, +correlationAtLayer(curves[v], l).toFixed(3)])), exploded: curves[v].exploded })),
  });
  const note = `data: none (initialization); exact chain, m = ${spec.tokens}, n = n_k = ${n}, γ² = 1/${Math.round(1 / g2)}, τ₀ = ${spec.temperature}, ${s.samples} samples per variant (reconstructed)`;
  const figure = lineFigure(
    variants.map((v, i) => ({
      name: labels[v], color: color(i), x: curves[v].layers, y: curves[v].averageCorrelation, mode: 'lines' as const,
      dash: v === 'shapedSde' ? ('dash' as const) : ('solid' as const),
    })),
    { title: 'P2 Fig. 1 left: mean token correlation against depth', xTitle: 'layer ℓ', yTitle: 'mean correlation ρ̄_ℓ', note },
  );
  (figure.layout.yaxis as Record<string, unknown>).range = [0, 1.02];
  out.plots.push({ name: 'correlation-vs-depth', figure });
  const pre = curves.preLn;
  const standard = curves.standard;
  // standard attention reaches 1 − ρ̄ < 10⁻⁷ (float round-off level of the chain) after ~100 layers: those points are left out
  const standardLayers = standard.layers.filter((l) => l > 0 && 1 - correlationAtLayer(standard, l) > 1e-7);
  out.plots.push({
    name: 'collapse-gap',
    figure: logLogFigure(
      [
        { name: '1 − ρ̄_ℓ, standard', color: color(0), x: standardLayers, y: standardLayers.map((l) => 1 - correlationAtLayer(standard, l)), mode: 'lines' },
        { name: '1 − ρ̄_ℓ, Pre-LN', color: color(1), x: pre.layers.slice(1), y: pre.averageCorrelation.slice(1).map((r) => 1 - r), mode: 'lines' },
      ],
      {
        title: 'Distance to rank collapse, 1 − ρ̄_ℓ', xTitle: 'layer ℓ', yTitle: '1 − ρ̄_ℓ', note,
        references: [{ exponent: -1, prefactor: (1 - correlationAtLayer(pre, s.fitFrom)) * s.fitFrom, xMin: s.fitFrom, xMax: depth, name: '∝ ℓ^{-1}' }],
      },
    ),
  });
  const details = {
    data: 'none (initialization)', width: n, depth, samples: s.samples, branchWeightSquared: g2, temperature: spec.temperature, fitFrom: s.fitFrom, fitTo: depth, seed: records[0].config.seed,
  };
  const se = (c: CorrelationDepthCurve, l: number) => c.standardError[c.layers.indexOf(l)];
  out.claims.push({ figure: 'P2-1L', claim: 'standard softmax: ρ̄ at layer 25', value: correlationAtLayer(standard, 25), error: se(standard, 25), band: [0.85, 1], details });
  out.claims.push({ figure: 'P2-1L', claim: 'standard softmax: ρ̄ at layer 50', value: correlationAtLayer(standard, 50), error: se(standard, 50), band: [0.98, 1], details });
  out.claims.push({ figure: 'P2-1L', claim: 'Pre-LN: ρ̄ at layer 50', value: correlationAtLayer(pre, 50), error: se(pre, 50), band: [0.95, 1], details });
  out.claims.push({
    figure: 'P2-1L', claim: `Pre-LN: slope of log(1 − ρ̄_ℓ) vs log ℓ over ℓ ∈ [${s.fitFrom}, ${depth}]`,
    value: pre.collapseSlope ?? NaN, error: pre.collapseSlopeError ?? undefined, band: [-1.3, -0.7], details: { ...details, error: 'bootstrap SE over samples' },
  });
  out.claims.push({ figure: 'P2-1L', claim: `shaped attention: max over ℓ of |ρ̄_ℓ − ${rho0}|`, value: maxCorrelationDrift(curves.shaped, rho0), band: [0, 0.04], details });
  return out;
}

export const p2Figure1l = definePaperFigure<CorrelationDepthCurve, CorrelationDepthSettings, { initialCorrelation: number }>({
  id: 'P2-1L',
  title: 'Token correlation against depth: standard and Pre-LN collapse, shaped attention does not',
  rows: ['P2-1L'],
  notebook: 'p2-fig1-left-correlation-vs-depth.ipynb',
  grid: p2Figure1lGrid,
  runReference: correlationDepthReference,
  cacheName: 'p2-fig1-left',
  analyse: (records, context) => analyseFigure1l(records, context.grid),
});
