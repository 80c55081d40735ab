/**
 * P2-abl as data (docs/FIGURES.md P2-abl, reconstructed): at T = 0.75 the spread and median of ρ₁₂, the median of V¹¹
 * and the blow-up fraction of width-n shaped-attention networks (exact chain, THEORY.md §6.12) and of the covariance
 * SDE (§6.7, §6.11), over γ² ∈ {1/16, 1/8, 1/4} at τ₀ = 1 and τ₀ ∈ {0.25, 0.5, 1, 2} at γ² = 1/8 (§6.14). The grid:
 * the shaped spec at n = 64 (48 layers) with (branchScale = γ, temperature = τ₀) zipped × source ∈ {chain, sde}.
 */
import type { Scale } from '../../notebook/scale';
import { lineFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { smallMultiples } from '../../plot/multiples';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { correlationLawReference, type CorrelationLawSamples, type CorrelationLawSettings } from './correlation-law';
import { ablationRows, ablationSettings, smallestIncrease, valueRange, type AblationRow } from './ablation';
import { branchWeightSquaredOf, depthFromHorizon, p2NetworkSpec, p2Width } from './network';

const samples: Record<Scale, number> = { smoke: 256, quick: 4096, paper: 8192 };

/** The grid of P2-abl: (γ = √γ², τ₀) of ablationSettings() zipped × source, n = n_k = 64, T = 0.75, Δt = 1/400, one seed (1). */
/** P2-abl's analysis parameters: the reference γ² and τ₀ of the two sweeps, and the cold τ₀ whose SDE blows up. */
export interface P2AblationAnalysis {
  referenceBranchWeightSquared: number;
  referenceTemperature: number;
  coldTemperature: number;
}

export function p2FigureAblGrid(scale: Scale): SpecGrid<CorrelationLawSettings, P2AblationAnalysis> {
  const settings = ablationSettings();
  return new SpecGrid<CorrelationLawSettings, P2AblationAnalysis>({
    base: p2NetworkSpec({ width: 64, depth: 48, branchWeightSquared: 1 / 8, temperature: 1 }),
    zip: [{ branchScale: settings.map((s) => Math.sqrt(s.branchWeightSquared)), temperature: settings.map((s) => s.temperature) }],
    axes: { source: ['chain', 'sde'] },
    settings: { source: 'chain', horizon: 0.75, stepSize: 1 / 400, samples: samples[scale], model: 'attention' },
    analysis: { referenceBranchWeightSquared: 1 / 8, referenceTemperature: 1, coldTemperature: 0.25 },
    finish: depthFromHorizon,
    seeds: [1],
  });
}

/** 1/k when x is (to 12 digits) the reciprocal of an integer, else x. */
function fraction(x: number): string {
  const k = Math.round(1 / x);
  return Math.abs(1 / k - x) <= 1e-12 * x ? `1/${k}` : String(x);
}

/** One row per (γ², τ₀) in grid order, the 2 × 4 panels, and the claims. */
export function analyseFigureAbl(records: SweepRecord<CorrelationLawSamples>[], grid: SpecGrid<CorrelationLawSettings, P2AblationAnalysis>): FigureOutput {
  const a = grid.analysis;
  const ok = records.filter((r) => r.status === 'ok');
  const laws = ok.map((r) => ({ branchWeightSquared: branchWeightSquaredOf(r.spec!), temperature: r.spec!.temperature ?? 1, law: r.result! }));
  const settings = laws.filter((l, i) => laws.findIndex((m) => m.branchWeightSquared === l.branchWeightSquared && m.temperature === l.temperature) === i)
    .map(({ branchWeightSquared, temperature }) => ({ branchWeightSquared, temperature }));
  const rows = ablationRows(settings, laws);
  const s = settingsOf<CorrelationLawSettings>(ok[0]);
  const n = p2Width(ok[0].spec!);
  const out = figureOutput();
  out.frames.push({
    name: `Networks (n = ${n}) and SDE at T = ${s.horizon}`,
    rows: rows.map((r) => ({
      'γ²': +r.branchWeightSquared.toFixed(4), 'τ₀': r.temperature, sdSde: +r.sdSde.toFixed(3), sdNetwork: +r.sdNetwork.toFixed(3),
      medianRhoSde: +r.medianRhoSde.toFixed(3), medianRhoNetwork: +r.medianRhoNetwork.toFixed(3), medianV11Sde: +r.medianV11Sde.toFixed(3), medianV11Network: +r.medianV11Network.toFixed(3),
      ks: +r.ks.toFixed(4), ksNull99: +r.ksThreshold99.toFixed(4), blowUpSde: r.explodedFractionSde, blowUpNetwork: r.explodedFractionNetwork,
    })),
  });
  const byGamma = rows.filter((r) => r.temperature === a.referenceTemperature).sort((x, y) => x.branchWeightSquared - y.branchWeightSquared);
  const byTemperature = rows.filter((r) => r.branchWeightSquared === a.referenceBranchWeightSquared).sort((x, y) => x.temperature - y.temperature);
  const panel = (xs: number[], sel: { net: number[]; sde: number[]; netError?: number[]; sdeError?: number[] }, xLog: boolean, xTitle: string, yTitle: string) =>
    lineFigure([
      { name: 'network', x: xs, y: sel.net, error: sel.netError, color: color(0) },
      { name: 'SDE', x: xs, y: sel.sde, error: sel.sdeError, dash: 'dash', color: color(1) },
    ], { xLog, xTitle, yTitle });
  const sweeps: { label: string; axis: string; rows: AblationRow[]; x: number[]; xLog: boolean }[] = [
    { label: `γ² (τ₀ = ${a.referenceTemperature})`, axis: 'γ²', rows: byGamma, x: byGamma.map((r) => r.branchWeightSquared), xLog: false },
    { label: `τ₀ (γ² = ${fraction(a.referenceBranchWeightSquared)})`, axis: 'τ₀', rows: byTemperature, x: byTemperature.map((r) => r.temperature), xLog: true },
  ];
  const panels = sweeps.flatMap((w) => [
    { title: `SD of ρ₁₂ vs ${w.label}`, figure: panel(w.x, { net: w.rows.map((r) => r.sdNetwork), sde: w.rows.map((r) => r.sdSde), netError: w.rows.map((r) => r.sdNetworkError), sdeError: w.rows.map((r) => r.sdSdeError) }, w.xLog, w.axis, 'SD of ρ₁₂') },
    { title: `median ρ₁₂ vs ${w.label}`, figure: panel(w.x, { net: w.rows.map((r) => r.medianRhoNetwork), sde: w.rows.map((r) => r.medianRhoSde) }, w.xLog, w.axis, 'median ρ₁₂') },
    { title: `median V¹¹ vs ${w.label}`, figure: panel(w.x, { net: w.rows.map((r) => r.medianV11Network), sde: w.rows.map((r) => r.medianV11Sde) }, w.xLog, w.axis, 'median V¹¹') },
    { title: `blow-up fraction vs ${w.label}`, figure: panel(w.x, { net: w.rows.map((r) => r.explodedFractionNetwork), sde: w.rows.map((r) => r.explodedFractionSde) }, w.xLog, w.axis, 'blow-up fraction') },
  ]);
  const figure = smallMultiples(panels, {
    columns: 4, width: 1280, height: 640,
    title: `P2 ablation at T = ${s.horizon}: network n = ${n} (blue, solid) vs SDE Δt = 1/${Math.round(1 / s.stepSize)} (red, dashed); ${s.samples} samples each<br>` +
      `<sub>data: none (initialization); m = ${ok[0].spec!.tokens}, ρ₀ = 0.2, attention-only shaped blocks (reconstructed)</sub>`,
  });
  (figure.layout.margin as Record<string, number>).t = 110;
  out.plots.push({ name: 'ablation', figure });
  const details = { data: 'none (initialization)', horizon: s.horizon, width: n, stepSize: s.stepSize, samples: s.samples, seed: ok[0].config.seed };
  const gammas = `{${byGamma.map((r) => fraction(r.branchWeightSquared)).join(', ')}}`;
  const gammaSteps = { network: byGamma.map((r) => r.sdNetwork), sde: byGamma.map((r) => r.sdSde) };
  out.claims.push({ figure: 'P2-abl', claim: `network: smallest increase of SD(ρ₁₂) between successive γ² ∈ ${gammas}`, value: smallestIncrease(gammaSteps.network), band: [0.05, Infinity], details: { ...details, sd: gammaSteps.network } });
  out.claims.push({ figure: 'P2-abl', claim: `SDE: smallest increase of SD(ρ₁₂) between successive γ² ∈ ${gammas}`, value: smallestIncrease(gammaSteps.sde), band: [0.05, Infinity], details: { ...details, sd: gammaSteps.sde } });
  const tempered = rows.filter((r) => r.temperature > a.coldTemperature);
  const worst = tempered.reduce((x, y) => (y.ks > x.ks ? y : x));
  out.claims.push({
    figure: 'P2-abl', claim: `max KS(ρ₁₂ network, ρ₁₂ SDE) over settings with τ₀ ≥ ${Math.min(...tempered.map((r) => r.temperature))}`, value: worst.ks, band: [0, 0.035],
    details: { ...details, worst: { branchWeightSquared: worst.branchWeightSquared, temperature: worst.temperature }, ksThreshold99: worst.ksThreshold99, ks: tempered.map((r) => r.ks) },
  });
  const moderate = byTemperature.filter((r) => r.temperature > a.coldTemperature);
  const taus = `{${moderate.map((r) => r.temperature).join(', ')}}`;
  out.claims.push({ figure: 'P2-abl', claim: `network: range of SD(ρ₁₂) over τ₀ ∈ ${taus}`, value: valueRange(moderate.map((r) => r.sdNetwork)), band: [0, 0.02], details: { ...details, sd: moderate.map((r) => r.sdNetwork) } });
  out.claims.push({ figure: 'P2-abl', claim: `SDE: range of SD(ρ₁₂) over τ₀ ∈ ${taus}`, value: valueRange(moderate.map((r) => r.sdSde)), band: [0, 0.02], details: { ...details, sd: moderate.map((r) => r.sdSde) } });
  const cold = byTemperature.find((r) => r.temperature === a.coldTemperature);
  if (!cold) throw new Error(`P2-abl: no setting at τ₀ = ${a.coldTemperature} (coldTemperature) with γ² = ${a.referenceBranchWeightSquared}`);
  out.claims.push({ figure: 'P2-abl', claim: `τ₀ = ${a.coldTemperature}: SDE blow-up fraction`, value: cold.explodedFractionSde, band: [0.01, 1], details });
  out.claims.push({ figure: 'P2-abl', claim: `τ₀ = ${a.coldTemperature}: fraction of networks exploding (tr V > 10⁴ tr V₀)`, value: cold.explodedFractionNetwork, band: [0, 0], details });
  return out;
}

export const p2FigureAbl = definePaperFigure<CorrelationLawSamples, CorrelationLawSettings, P2AblationAnalysis>({
  id: 'P2-abl',
  title: 'Ablation of the branch weight γ² and the attention temperature τ₀',
  rows: ['P2-abl'],
  notebook: 'p2-ablation-gamma-temperature.ipynb',
  grid: p2FigureAblGrid,
  runReference: correlationLawReference,
  cacheName: 'p2-ablation',
  analyse: (records, context) => analyseFigureAbl(records, context.grid),
});
