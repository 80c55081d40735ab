// %% [markdown]
// # P2 Fig. 1 right — density of the token correlation at the last layer (reconstructed)
//
// "The Shaped Transformer", Fig. 1 right: the distribution of the correlation ρ₁₂ = V¹²/√(V¹¹V²²) between two tokens
// after d = 150 shaped-attention layers of width n = 200 (T = d/n = 0.75): a kernel density estimate over paths of
// the covariance SDE against the histogram of finite networks. The SDE describes the finite network's law, not just
// its mean.
//
// Networks: the exact-in-law m×m covariance chain (THEORY.md §6.12), attention-only shaped blocks, m = 4 tokens,
// V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 200, γ² = 1/8, τ₀ = 1. SDE: Euler–Maruyama of §6.7 with Δt = 1/800 (§6.11); exploded
// paths (§6.10) are counted, not dropped silently. KDE: Gaussian kernel, Silverman bandwidth, reflected at ρ = ±1.
//
// Claims (FIGURES.md P2-1R, hypotheses of a reconstructed figure): KS(ρ₁₂ network, ρ₁₂ SDE) ≤ 0.03; SDs of ρ₁₂
// within 0.02; SDE blow-up fraction 0.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-1R

// %%
import * as tl from 'transformer-limits';

const settings = {
  horizon: 0.75,
  width: 200,
  stepSize: 1 / 800,
  samples: tl.byScale({ smoke: 256, quick: 8192, paper: 8192 }),
  branchWeightSquared: 1 / 8,
  temperature: 1,
};
console.log(`scale ${tl.currentScale()}:`, JSON.stringify(settings));

// %% [markdown]
// Two cached sweep runs: the networks (chain) and the SDE paths, each returning ρ₁₂, ρ̄ and V¹¹ at T for every sample.

// %%
const t0 = Date.now();
const swept = await tl.sweep(
  { axes: { source: ['chain', 'sde'] }, fixed: settings, seeds: [1] },
  { name: 'p2-fig1-right', version: '1', fn: (config) => tl.correlationLawSamples(config as unknown as tl.CorrelationLawConfig) },
  { name: 'p2-fig1-right', scale: tl.currentScale() },
);
const laws: Record<string, tl.CorrelationLawSamples> = {};
for (const r of swept.records) laws[(r.config as { source: string }).source] = r.result as unknown as tl.CorrelationLawSamples;
console.log(`sweep: ${swept.progress.computed} computed, ${swept.progress.cached} cached, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const comparison = tl.compareCorrelationLaws(laws.chain, laws.sde);
console.log(JSON.stringify(comparison, null, 1));

// %%
const densities = tl.correlationDensities(laws.chain, laws.sde);
const note = `data: none (initialization); m = 4, n = n_k = 200, γ² = 1/8, τ₀ = 1<br>${settings.samples} networks (exact chain), ${settings.samples} SDE paths (Δt = 1/800) (reconstructed)`;
const figure = tl.densityFigure(
  [
    { name: `SDE, KDE (h = ${densities.bandwidth.toFixed(3)})`, x: densities.points, y: densities.sdeDensity, color: tl.color(1) },
    { name: 'networks, KDE (same h)', x: densities.points, y: densities.networkDensity, dash: 'dot', color: tl.color(0) },
  ],
  [{ name: 'networks (n = 200), histogram', samples: laws.chain.rho12, bins: 50 }],
  {
    title: `P2 Fig. 1 right: density of ρ₁₂ at layer 150 (T = 0.75); KS = ${comparison.ks.toFixed(3)}`,
    xTitle: 'correlation ρ₁₂',
    yTitle: 'density',
    note: note,
  },
);
(figure.layout.margin as Record<string, number>).t = 100; // room for the two-line note
await tl.show(figure, { name: 'correlation-density' });

// %% [markdown]
// ## Claims
// The KS distance is compared with its band 0.03; the 99 % null threshold for two samples of this size is printed
// with it. Medians of V¹¹ are compared through quantiles (the SDE has a cubic drift and may blow up, §6.10).

// %%
const details = {
  data: 'none (initialization)', ...settings, seed: 1,
  ksThreshold99: comparison.ksThreshold99, sdNetwork: comparison.sdNetwork, sdSde: comparison.sdSde,
  medianRhoNetwork: comparison.medianRhoNetwork, medianRhoSde: comparison.medianRhoSde,
  medianV11Network: comparison.medianV11Network, medianV11Sde: comparison.medianV11Sde,
  networkExploded: laws.chain.exploded,
};
tl.recordClaim({ figure: 'P2-1R', claim: 'KS distance between ρ₁₂ of networks and SDE', value: comparison.ks, band: [0, 0.03], details: details });
tl.recordClaim({ figure: 'P2-1R', claim: '|SD(ρ₁₂) network − SD(ρ₁₂) SDE|', value: comparison.sdGap, error: comparison.sdGapError, band: [0, 0.02], details: details });
void tl.recordClaim({ figure: 'P2-1R', claim: 'SDE blow-up fraction', value: laws.sde.explodedFraction, band: [0, 0], details: details });
