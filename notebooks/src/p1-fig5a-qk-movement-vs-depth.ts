// %% [markdown]
// # P1 Fig 5a — key/query movement against depth (reconstructed grid)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 5a: the relative movement of the key/query
// weights ‖W^{QK}(t) − W^{QK}(0)‖_F / ‖W^{QK}(0)‖_F, averaged over blocks, against depth L, for branch scales
// b_L = β₀(L/2)^{−α_L} with α_L ∈ {½, 1}. With α_L = ½ each block's weights move by O(L^{−1/2}) (attention stops
// learning as L → ∞); with α_L = 1 they move by O(1) (THEORY §2.9 "Depth", §3.3).
//
// **Claims (FIGURES.md P1-5a, R: grid):** depth-sweep ViT (no positional table, L₀ = 2), N = H = 4, β₀ = 6, γ₀ = 0.1,
// α_A = 1, η₀ = 0.2, SGD momentum 0.9, batch 32, L ∈ {2, 4, 8, 16}, 2 seeds, movement read after 300 steps:
// slope of log movement against log L in [−0.75, −0.25] for α_L = ½ (theory −½), in [−0.25, 0.25] for α_L = 1
// (theory 0), and slope(1) − slope(½) ≥ 0.25. (reconstructed: the paper's exact grid is not known.)
// The runs are shared with P1-5b (they continue to the 5b step count: 1000 steps at quick scale).
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M.
//
// Rows: P1-5a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const settings = tl.fig5Settings(scale);
const { records, seconds } = await tl.runDepthExperiment({ ...settings, scale });
console.log(`${records.length} runs computed in ${seconds.toFixed(1)} s (shared with P1-5b); not ok: ${records.filter((r) => r.status !== 'ok').length}`);
for (const L of settings.depths) console.log(`L = ${L}: ${(records.filter((r) => r.depth === L).reduce((a, r) => a + r.msPerStep, 0) / (2 * settings.seeds)).toFixed(0)} ms per step (wall, in a worker)`);

// %%
const fits = Object.fromEntries(settings.residualExponents.map((a) => [a, tl.movementSlope(records, a)]));
const series = settings.residualExponents.map((a, i) => {
  const f = fits[a];
  return { name: `α_L = ${a} (slope ${f.slope.toFixed(2)} ± ${(f.slopeSE || 0).toFixed(2)})`, x: f.points.map((p) => p.x), y: f.points.map((p) => p.mean), error: f.points.map((p) => (Number.isFinite(p.se) ? p.se : 0)), color: tl.color(i) };
});
const half = fits[0.5].points[0];
const figure = tl.logLogFigure(series, {
  title: `Relative W^{QK} movement after ${settings.movementStep} steps (reconstructed grid)`,
  xTitle: 'depth L',
  yTitle: '‖ΔW^{QK}‖_F / ‖W^{QK}(0)‖_F (mean over blocks)',
  references: [{ exponent: -0.5, prefactor: half.mean * Math.sqrt(half.x), xMin: settings.depths[0], xMax: settings.depths[settings.depths.length - 1], name: 'L^{−1/2}' }],
  note: `data: Fashion-MNIST (stand-in for CIFAR-5M); N = H = 4, β₀ = 6, γ₀ = 0.1, η₀ = 0.2, ${settings.seeds} seed(s), scale ${scale}`,
});
await tl.show(figure, { name: 'p1-5a-qk-movement' });

// %%
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, movement: fits };
const se = (f: tl.SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
tl.recordClaim({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = ½ (theory −½)', value: fits[0.5].slope, error: se(fits[0.5]), band: [-0.75, -0.25], details });
tl.recordClaim({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = 1 (theory 0)', value: fits[1].slope, error: se(fits[1]), band: [-0.25, 0.25], details });
tl.recordClaim({ figure: 'P1-5a', claim: 'slope(α_L = 1) − slope(α_L = ½)', value: fits[1].slope - fits[0.5].slope, band: [0.25, Infinity], details });
