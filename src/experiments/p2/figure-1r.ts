/**
 * P2-1R as data (docs/FIGURES.md P2-1R, reconstructed): the density of the token correlation ρ₁₂ at the last layer of
 * width-n shaped-attention networks (exact chain, THEORY.md §6.12) against the covariance SDE of the same spec (§6.7,
 * §6.11). The grid: one shaped spec (n = 200, T = 0.75, γ² = 1/8, τ₀ = 1) × source ∈ {chain, sde}.
 */
import type { Scale } from '../../notebook/scale';
import { densityFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { compareCorrelationLaws, correlationLawReference, type CorrelationLawSamples, type CorrelationLawSettings } from './correlation-law';
import { correlationDensities } from './fig1-right';
import { branchWeightSquaredOf, depthFromHorizon, p2NetworkSpec, p2Width } from './network';

const samples: Record<Scale, number> = { smoke: 256, quick: 8192, paper: 8192 };

/** The grid of P2-1R: the shaped spec (n = n_k = 200, depth = round(T n) = 150) × source ∈ {chain, sde}, one seed (1). */
export function p2Figure1rGrid(scale: Scale): SpecGrid<CorrelationLawSettings> {
  return new SpecGrid<CorrelationLawSettings>({
    base: p2NetworkSpec({ width: 200, depth: 150, branchWeightSquared: 1 / 8, temperature: 1 }),
    axes: { source: ['chain', 'sde'] },
    settings: { source: 'chain', horizon: 0.75, stepSize: 1 / 800, samples: samples[scale], model: 'attention' },
    finish: depthFromHorizon,
    seeds: [1],
  });
}

const lawOf = (records: SweepRecord<CorrelationLawSamples>[], source: string): CorrelationLawSamples => {
  const hit = records.find((r) => r.config.source === source && r.status === 'ok');
  if (!hit) throw new Error(`P2-1R: no finished '${source}' run among ${records.length} records`);
  return hit.result!;
};

/** KS distance and SDs of ρ₁₂ (network vs SDE), the two densities with the network histogram, and the claims. */
export function analyseFigure1r(records: SweepRecord<CorrelationLawSamples>[]): FigureOutput {
  const chain = lawOf(records, 'chain');
  const sde = lawOf(records, 'sde');
  const first = records[0];
  const spec = first.spec!;
  const s = settingsOf<CorrelationLawSettings>(first);
  const n = p2Width(spec);
  const g2 = branchWeightSquaredOf(spec);
  const out = figureOutput();
  const comparison = compareCorrelationLaws(chain, sde);
  out.frames.push({ name: 'Networks against the SDE (ρ₁₂ at T)', rows: [comparison as unknown as Record<string, number>] });
  const densities = correlationDensities(chain, sde);
  const stepName = `1/${Math.round(1 / s.stepSize)}`;
  const note = `data: none (initialization); m = ${spec.tokens}, n = n_k = ${n}, γ² = 1/${Math.round(1 / g2)}, τ₀ = ${spec.temperature}<br>` +
    `${s.samples} networks (exact chain), ${s.samples} SDE paths (Δt = ${stepName}) (reconstructed)`;
  const figure = densityFigure(
    [
      { name: `SDE, KDE (h = ${densities.bandwidth.toFixed(3)})`, x: densities.points, y: densities.sdeDensity, color: color(1) },
      { name: 'networks, KDE (same h)', x: densities.points, y: densities.networkDensity, dash: 'dot', color: color(0) },
    ],
    [{ name: `networks (n = ${n}), histogram`, samples: chain.rho12, bins: 50 }],
    { title: `P2 Fig. 1 right: density of ρ₁₂ at layer ${spec.depth} (T = ${s.horizon}); KS = ${comparison.ks.toFixed(3)}`, xTitle: 'correlation ρ₁₂', yTitle: 'density', note },
  );
  (figure.layout.margin as Record<string, number>).t = 100; // room for the two-line note
  out.plots.push({ name: 'correlation-density', figure });
  const details = {
    data: 'none (initialization)', horizon: s.horizon, width: n, stepSize: s.stepSize, samples: s.samples, branchWeightSquared: g2, temperature: spec.temperature, seed: first.config.seed,
    ksThreshold99: comparison.ksThreshold99, sdNetwork: comparison.sdNetwork, sdSde: comparison.sdSde,
    medianRhoNetwork: comparison.medianRhoNetwork, medianRhoSde: comparison.medianRhoSde,
    medianV11Network: comparison.medianV11Network, medianV11Sde: comparison.medianV11Sde,
    networkExploded: chain.exploded,
  };
  out.claims.push({ figure: 'P2-1R', claim: 'KS distance between ρ₁₂ of networks and SDE', value: comparison.ks, band: [0, 0.03], details });
  out.claims.push({ figure: 'P2-1R', claim: '|SD(ρ₁₂) network − SD(ρ₁₂) SDE|', value: comparison.sdGap, error: comparison.sdGapError, band: [0, 0.02], details });
  out.claims.push({ figure: 'P2-1R', claim: 'SDE blow-up fraction', value: sde.explodedFraction, band: [0, 0], details });
  return out;
}

export const p2Figure1r = definePaperFigure<CorrelationLawSamples, CorrelationLawSettings>({
  id: 'P2-1R',
  title: 'Density of the token correlation at the last layer: networks against the SDE',
  rows: ['P2-1R'],
  notebook: 'p2-fig1-right-correlation-density.ipynb',
  grid: p2Figure1rGrid,
  runReference: correlationLawReference,
  cacheName: 'p2-fig1-right',
  analyse: (records) => analyseFigure1r(records),
});
