// %% [markdown]
// # P2 Fig. 1 left — token correlation against depth (reconstructed)
//
// "The Shaped Transformer", Fig. 1 left: the mean off-diagonal token correlation ρ̄_ℓ against the layer ℓ at
// initialization, for standard softmax attention, a Pre-LN transformer and shaped attention. Standard attention
// averages tokens by O(1) per layer and collapses them (ρ̄ → 1 within tens of layers); Pre-LN collapses only
// polynomially (1 − ρ̄_ℓ ≈ 1/ℓ); shaped attention keeps ρ̄ near its initial value 0.2.
//
// Networks are simulated exactly in law by the m×m covariance chain (THEORY.md §6.12–6.13), attention-only blocks,
// m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 200, d = 150, γ² = 1/8 (λ² = 7/8), τ₀ = 1. Standard = λ/γ residual with
// softmax(qkᵀ/√n_k); Pre-LN = unit skip and branch, RMS-normalized branch input. The shaped-attention SDE (§6.7,
// Euler–Maruyama Δt = 1/(4n)) is drawn at t = ℓ/n for comparison.
//
// Claims (FIGURES.md P2-1L, hypotheses of a reconstructed figure): standard ρ̄₂₅ ≥ 0.85 and ρ̄₅₀ ≥ 0.98; Pre-LN
// ρ̄₅₀ ≥ 0.95 and slope of log(1 − ρ̄_ℓ) vs log ℓ over ℓ ∈ [25, 150] in [−1.3, −0.7]; shaped max_ℓ |ρ̄_ℓ − 0.2| ≤ 0.04.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-1L

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const settings = {
  width: 200,
  depth: 150,
  samples: tl.byScale({ smoke: 64, quick: 2048, paper: 8192 }),
  branchWeightSquared: 1 / 8,
  temperature: 1,
  fitFrom: 25,
  fitTo: 150,
};
const variants = ['standard', 'preLn', 'shaped', 'shapedSde'];
const labels: Record<string, string> = {
  standard: 'standard softmax (λ/γ residual)',
  preLn: 'Pre-LN (RMS norm)',
  shaped: 'shaped attention (network)',
  shapedSde: 'shaped attention (SDE)',
};
console.log(`scale ${scale}:`, JSON.stringify(settings));

// %% [markdown]
// One sweep run per variant (cached under data/cache, so a re-run is instant). Each run returns ρ̄_ℓ for every layer,
// its standard error over samples, and the fitted exponent of 1 − ρ̄_ℓ with a bootstrap SE.

// %%
const t0 = Date.now();
const swept = await tl.sweep(
  { axes: { variant: variants }, fixed: settings, seeds: [1] },
  { name: 'p2-fig1-left', version: '2', fn: (config) => tl.correlationDepthRun(config as unknown as tl.CorrelationDepthConfig) },
  { name: 'p2-fig1-left', scale: tl.currentScale() },
);
const curves: Record<string, tl.CorrelationDepthCurve> = {};
for (const r of swept.records) curves[(r.config as { variant: string }).variant] = r.result as unknown as tl.CorrelationDepthCurve;
console.log(`sweep: ${swept.progress.computed} computed, ${swept.progress.cached} cached, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
for (const v of variants) {
  const c = curves[v];
  const at = (l: number) => tl.correlationAtLayer(c, l).toFixed(3);
  console.log(`${labels[v].padEnd(34)} ρ̄ at ℓ = 0/25/50/100/150: ${at(0)} ${at(25)} ${at(50)} ${at(100)} ${at(150)}` +
    (c.exploded > 0 ? `  (exploded ${c.exploded})` : ''));
}

// %%
const note = `data: none (initialization); exact chain, m = 4, n = n_k = 200, γ² = 1/8, τ₀ = 1, ${settings.samples} samples per variant (reconstructed)`;
const figure = tl.lineFigure(
  variants.map((v, i) => ({
    name: labels[v],
    color: tl.color(i),
    x: curves[v].layers,
    y: curves[v].averageCorrelation,
    mode: 'lines' as const,
    dash: v === 'shapedSde' ? ('dash' as const) : ('solid' as const),
  })),
  { title: 'P2 Fig. 1 left: mean token correlation against depth', xTitle: 'layer ℓ', yTitle: 'mean correlation ρ̄_ℓ', note: note },
);
(figure.layout.yaxis as Record<string, unknown>).range = [0, 1.02];
await tl.show(figure, { name: 'correlation-vs-depth' });

// %% [markdown]
// Pre-LN approaches collapse polynomially: on log–log axes 1 − ρ̄_ℓ is close to a line of slope −1.

// %%
const pre = curves.preLn;
// standard attention reaches 1 − ρ̄ < 10⁻⁷ (float round-off level of the chain) after ~100 layers: those points are left out
const standardLayers = curves.standard.layers.filter((l) => l > 0 && 1 - tl.correlationAtLayer(curves.standard, l) > 1e-7);
const gapFigure = tl.logLogFigure(
  [
    { name: '1 − ρ̄_ℓ, standard', color: tl.color(0), x: standardLayers, y: standardLayers.map((l) => 1 - tl.correlationAtLayer(curves.standard, l)), mode: 'lines' },
    { name: '1 − ρ̄_ℓ, Pre-LN', color: tl.color(1), x: pre.layers.slice(1), y: pre.averageCorrelation.slice(1).map((r) => 1 - r), mode: 'lines' },
  ],
  {
    title: 'Distance to rank collapse, 1 − ρ̄_ℓ',
    xTitle: 'layer ℓ',
    yTitle: '1 − ρ̄_ℓ',
    note: note,
    references: [{ exponent: -1, prefactor: (1 - tl.correlationAtLayer(pre, 25)) * 25, xMin: 25, xMax: 150, name: '∝ ℓ^{-1}' }],
  },
);
await tl.show(gapFigure, { name: 'collapse-gap' });

// %% [markdown]
// ## Claims

// %%
const details = { data: 'none (initialization)', ...settings, seed: 1 };
const se = (c: tl.CorrelationDepthCurve, l: number) => c.standardError[c.layers.indexOf(l)];
tl.recordClaim({ figure: 'P2-1L', claim: 'standard softmax: ρ̄ at layer 25', value: tl.correlationAtLayer(curves.standard, 25), error: se(curves.standard, 25), band: [0.85, 1], details: details });
tl.recordClaim({ figure: 'P2-1L', claim: 'standard softmax: ρ̄ at layer 50', value: tl.correlationAtLayer(curves.standard, 50), error: se(curves.standard, 50), band: [0.98, 1], details: details });
tl.recordClaim({ figure: 'P2-1L', claim: 'Pre-LN: ρ̄ at layer 50', value: tl.correlationAtLayer(pre, 50), error: se(pre, 50), band: [0.95, 1], details: details });
tl.recordClaim({
  figure: 'P2-1L', claim: 'Pre-LN: slope of log(1 − ρ̄_ℓ) vs log ℓ over ℓ ∈ [25, 150]',
  value: pre.collapseSlope ?? NaN, error: pre.collapseSlopeError ?? undefined, band: [-1.3, -0.7], details: { ...details, error: 'bootstrap SE over samples' },
});
void tl.recordClaim({ figure: 'P2-1L', claim: 'shaped attention: max over ℓ of |ρ̄_ℓ − 0.2|', value: tl.maxCorrelationDrift(curves.shaped, 0.2), band: [0, 0.04], details: details });
