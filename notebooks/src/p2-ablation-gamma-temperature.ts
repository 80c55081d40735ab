// %% [markdown]
// # P2 — ablation of the branch weight γ² and the attention temperature τ₀ (reconstructed)
//
// In the shaped-attention SDE the branch weight γ² (skip weight λ² = 1 − γ²) sets the size of the diffusion, so the
// spread of the token correlation ρ₁₂ at a fixed time grows with γ² (κ = γ²(2 − γ²), THEORY.md §6.6–6.8). The
// temperature τ₀ enters only through the attention terms: in this regime it barely changes the spread of ρ and mainly
// controls the growth of the norms V^{αα}, and at small τ₀ the SDE (cubic drift) blows up on a sizeable fraction of
// paths while finite networks, whose softmax saturates, do not (§6.10).
//
// Setting: T = 0.75; γ² ∈ {1/16, 1/8, 1/4} at τ₀ = 1 and τ₀ ∈ {0.25, 0.5, 1, 2} at γ² = 1/8. Networks: exact-in-law
// covariance chain (§6.12), attention-only shaped blocks, m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 64 (48 layers).
// SDE: Euler–Maruyama with Δt = 1/400 (§6.11); exploded paths (tr V > 10⁴ tr V₀) are counted, left out of ρ₁₂ and
// counted as +∞ in the median of V¹¹. Networks are checked against the same threshold.
//
// Claims (FIGURES.md P2-abl, hypotheses of a reconstructed figure): SD(ρ₁₂) strictly increasing in γ² with each step
// ≥ 0.05, in network and SDE; KS(network, SDE) ≤ 0.035 for every setting with τ₀ ≥ 0.5; τ₀ ∈ {0.5, 1, 2} changes
// SD(ρ₁₂) by ≤ 0.02; at τ₀ = 0.25 the SDE blow-up fraction is > 1 % while no network explodes.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-abl

// %%
import * as tl from 'transformer-limits';

const settings = {
  horizon: 0.75,
  width: 64,
  stepSize: 1 / 400,
  samples: tl.byScale({ smoke: 256, quick: 4096, paper: 8192 }),
};
const grid = tl.ablationSettings();
console.log(`scale ${tl.currentScale()}:`, JSON.stringify(settings));

// %% [markdown]
// One cached sweep over the six (γ², τ₀) settings × {network, SDE}.

// %%
const t0 = Date.now();
const swept = await tl.sweep(
  {
    zip: [{ branchWeightSquared: grid.map((s) => s.branchWeightSquared), temperature: grid.map((s) => s.temperature) }],
    axes: { source: ['chain', 'sde'] },
    fixed: settings,
    seeds: [1],
  },
  { name: 'p2-ablation', version: '1', fn: (config) => tl.correlationLawSamples(config as unknown as tl.CorrelationLawConfig) },
  { name: 'p2-ablation', scale: tl.currentScale() },
);
console.log(`sweep: ${swept.progress.computed} computed, ${swept.progress.cached} cached, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const laws = swept.records.map((r) => {
  const c = r.config as { branchWeightSquared: number; temperature: number };
  return { branchWeightSquared: c.branchWeightSquared, temperature: c.temperature, law: r.result as unknown as tl.CorrelationLawSamples };
});
const rows = tl.ablationRows(grid, laws);
console.log('γ²      τ₀    SD ρ₁₂ SDE / net   median ρ₁₂ SDE / net   median V¹¹ SDE / net   KS (99 % null)   blow-up SDE / net');
for (const r of rows) {
  console.log(`${r.branchWeightSquared.toFixed(4)}  ${r.temperature.toFixed(2)}  ${r.sdSde.toFixed(3)} / ${r.sdNetwork.toFixed(3)}       ` +
    `${r.medianRhoSde.toFixed(3)} / ${r.medianRhoNetwork.toFixed(3)}          ${r.medianV11Sde.toFixed(3)} / ${r.medianV11Network.toFixed(3)}          ` +
    `${r.ks.toFixed(4)} (${r.ksThreshold99.toFixed(4)})  ${(100 * r.explodedFractionSde).toFixed(2)} % / ${(100 * r.explodedFractionNetwork).toFixed(2)} %`);
}

// %%
const byGamma = rows.filter((r) => r.temperature === 1).sort((a, b) => a.branchWeightSquared - b.branchWeightSquared);
const byTemperature = rows.filter((r) => r.branchWeightSquared === 1 / 8).sort((a, b) => a.temperature - b.temperature);
const panel = (xs: number[], sel: { net: number[]; sde: number[]; netError?: number[]; sdeError?: number[] }, xLog: boolean, xTitle: string, yTitle: string) =>
  tl.lineFigure([
    { name: 'network', x: xs, y: sel.net, error: sel.netError, color: tl.color(0) },
    { name: 'SDE', x: xs, y: sel.sde, error: sel.sdeError, dash: 'dash', color: tl.color(1) },
  ], { xLog: xLog, xTitle: xTitle, yTitle: yTitle });
const sweeps = [
  { label: 'γ² (τ₀ = 1)', axis: 'γ²', rows: byGamma, x: byGamma.map((r) => r.branchWeightSquared), xLog: false },
  { label: 'τ₀ (γ² = 1/8)', axis: 'τ₀', rows: byTemperature, x: byTemperature.map((r) => r.temperature), xLog: true },
];
const panels = sweeps.flatMap((s) => [
  { title: `SD of ρ₁₂ vs ${s.label}`, figure: panel(s.x, { net: s.rows.map((r) => r.sdNetwork), sde: s.rows.map((r) => r.sdSde), netError: s.rows.map((r) => r.sdNetworkError), sdeError: s.rows.map((r) => r.sdSdeError) }, s.xLog, s.axis, 'SD of ρ₁₂') },
  { title: `median ρ₁₂ vs ${s.label}`, figure: panel(s.x, { net: s.rows.map((r) => r.medianRhoNetwork), sde: s.rows.map((r) => r.medianRhoSde) }, s.xLog, s.axis, 'median ρ₁₂') },
  { title: `median V¹¹ vs ${s.label}`, figure: panel(s.x, { net: s.rows.map((r) => r.medianV11Network), sde: s.rows.map((r) => r.medianV11Sde) }, s.xLog, s.axis, 'median V¹¹') },
  { title: `blow-up fraction vs ${s.label}`, figure: panel(s.x, { net: s.rows.map((r) => r.explodedFractionNetwork), sde: s.rows.map((r) => r.explodedFractionSde) }, s.xLog, s.axis, 'blow-up fraction') },
]);
const figure = tl.smallMultiples(panels, {
  columns: 4, width: 1280, height: 640,
  title: `P2 ablation at T = 0.75: network n = 64 (blue, solid) vs SDE Δt = 1/400 (red, dashed); ${settings.samples} samples each<br><sub>data: none (initialization); m = 4, ρ₀ = 0.2, attention-only shaped blocks (reconstructed)</sub>`,
});
(figure.layout.margin as Record<string, number>).t = 110;
await tl.show(figure, { name: 'ablation' });

// %% [markdown]
// ## Claims

// %%
const details = { data: 'none (initialization)', ...settings, seed: 1 };
const gammaSteps = { network: byGamma.map((r) => r.sdNetwork), sde: byGamma.map((r) => r.sdSde) };
tl.recordClaim({ figure: 'P2-abl', claim: 'network: smallest increase of SD(ρ₁₂) between successive γ² ∈ {1/16, 1/8, 1/4}', value: tl.smallestIncrease(gammaSteps.network), band: [0.05, Infinity], details: { ...details, sd: gammaSteps.network } });
tl.recordClaim({ figure: 'P2-abl', claim: 'SDE: smallest increase of SD(ρ₁₂) between successive γ² ∈ {1/16, 1/8, 1/4}', value: tl.smallestIncrease(gammaSteps.sde), band: [0.05, Infinity], details: { ...details, sd: gammaSteps.sde } });
const tempered = rows.filter((r) => r.temperature >= 0.5);
const worst = tempered.reduce((a, b) => (b.ks > a.ks ? b : a));
tl.recordClaim({
  figure: 'P2-abl', claim: 'max KS(ρ₁₂ network, ρ₁₂ SDE) over settings with τ₀ ≥ 0.5', value: worst.ks, band: [0, 0.035],
  details: { ...details, worst: { branchWeightSquared: worst.branchWeightSquared, temperature: worst.temperature }, ksThreshold99: worst.ksThreshold99, ks: tempered.map((r) => r.ks) },
});
const moderate = byTemperature.filter((r) => r.temperature >= 0.5);
tl.recordClaim({ figure: 'P2-abl', claim: 'network: range of SD(ρ₁₂) over τ₀ ∈ {0.5, 1, 2}', value: tl.valueRange(moderate.map((r) => r.sdNetwork)), band: [0, 0.02], details: { ...details, sd: moderate.map((r) => r.sdNetwork) } });
tl.recordClaim({ figure: 'P2-abl', claim: 'SDE: range of SD(ρ₁₂) over τ₀ ∈ {0.5, 1, 2}', value: tl.valueRange(moderate.map((r) => r.sdSde)), band: [0, 0.02], details: { ...details, sd: moderate.map((r) => r.sdSde) } });
const cold = byTemperature.find((r) => r.temperature === 0.25)!;
tl.recordClaim({ figure: 'P2-abl', claim: 'τ₀ = 0.25: SDE blow-up fraction', value: cold.explodedFractionSde, band: [0.01, 1], details: details });
void tl.recordClaim({ figure: 'P2-abl', claim: 'τ₀ = 0.25: fraction of networks exploding (tr V > 10⁴ tr V₀)', value: cold.explodedFractionNetwork, band: [0, 0], details: details });
