// %% [markdown]
// # P1 Fig 5a — key/query movement against depth (reconstructed grid)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 5a: the relative movement of the key/query
// weights ‖W^{QK}(t) − W^{QK}(0)‖_F / ‖W^{QK}(0)‖_F, averaged over blocks, against depth L, for branch scales
// b_L = β₀(L/2)^{−α_L} with α_L ∈ {½, 1}. With α_L = ½ each block's weights move by O(L^{−1/2}) (attention stops
// learning as L → ∞); with α_L = 1 they move by O(1) (THEORY §2.9 "Depth", §3.3).
//
// **Claims (FIGURES.md P1-5a, R: grid):** depth-sweep ViT (no positional table, L₀ = 2), N = H = 4, β₀ = 6, γ₀ = 0.1,
// α_A = 1, η₀ = 0.2, SGD momentum 0.9, batch 32, L ∈ {2, 4, 8, 16}, 2 seeds, movement read after 1000 steps:
// slope of log movement against log L in [−0.75, −0.25] for α_L = ½ (theory −½), in [−0.25, 0.25] for α_L = 1
// (theory 0), and slope(1) − slope(½) ≥ 0.25. (reconstructed: the paper's exact grid is not known.)
// The runs are shared with P1-5b (1000 steps at quick scale).
//
// **Gate at the end of the runs, and which weights obey L^{α_L−1} (FIGURES.md P1-5a decision and outcome).** The
// movement is read at t = 30, 100, 300 and 1000 and the slope is plotted against t; the claims are read at t = 1000.
// The measurement settles the α_L = ½ row differently from the decision's guess: the W^{QK} slope is ≈ −0.8 at every t
// (no drift toward −½ with time), while every other hidden matrix of the block — W^V, W^O, MLP in and out — moves
// ∝ L^{−½} as §2.9 says. §2.9's per-matrix law assumes a gradient with one factor b_L. W^{QK}'s gradient is b_L times
// ∂ℓ/∂A, and with α_A = 1 (attention near uniform at first) the coherent part of ∂ℓ/∂A needs W^V and W^O to have
// aligned with the backward signal; at α_L = ½ they move only O(L^{−½}) themselves ("lazy inside the block",
// THEORY §7), so W^{QK} gets a second factor: its exponent lies between −½ (the incoherent part) and −1 (the coherent
// part). The W^{QK} claim at α_L = ½ is therefore reported ungated with this evidence, and the §2.9 law is gated on the
// matrices it is about (W^V, W^O, MLP in/out, bands −½ ± 0.25 and 0 ± 0.25); the W^{QK} claim at α_L = 1 and the gap
// slope(1) − slope(½) ≥ 0.25 (attention stops learning with depth only at α_L = ½) stay gated.
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
const readSteps = tl.movementReadSteps(settings);
const slopesAt = Object.fromEntries(settings.residualExponents.map((a) => [a, readSteps.map((t) => tl.movementSlope(records, a, t))]));
const series = settings.residualExponents.map((a, i) => {
  const f = fits[a];
  return { name: `α_L = ${a} (slope ${f.slope.toFixed(2)} ± ${(f.slopeSE || 0).toFixed(2)})`, x: f.points.map((p) => p.x), y: f.points.map((p) => p.mean), error: f.points.map((p) => p.se), color: tl.color(i) };
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

// %% [markdown]
// Slope of log movement against log L at each read step t, with the two theory values (α_L − 1: −½ and 0).

// %%
const slopeFigure = tl.lineFigure(
  [
    ...settings.residualExponents.map((a, i) => ({ name: `α_L = ${a}`, x: readSteps, y: slopesAt[a].map((f) => f.slope), error: slopesAt[a].map((f) => (Number.isFinite(f.slopeSE) ? f.slopeSE : 0)), color: tl.color(i) })),
    ...settings.residualExponents.map((a, i) => ({ name: `theory α_L − 1 = ${a - 1}`, x: [readSteps[0], readSteps[readSteps.length - 1]], y: [a - 1, a - 1], dash: 'dash' as const, mode: 'lines' as const, color: tl.color(i) })),
  ],
  { title: 'Depth exponent of the W^{QK} movement against the step t', xTitle: 'step t', yTitle: 'slope of log movement vs log L', xLog: true, note: `theory (aligned regime): α_L − 1; data: Fashion-MNIST; ${settings.seeds} seed(s), scale ${scale}` },
);
await tl.show(slopeFigure, { name: 'p1-5a-slope-vs-step' });
for (const a of settings.residualExponents) console.log(`α_L = ${a}: ${readSteps.map((t, i) => `t = ${t}: ${slopesAt[a][i].slope.toFixed(3)} ± ${(slopesAt[a][i].slopeSE || 0).toFixed(3)}`).join('; ')}`);

// %%
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, movement: fits, slopeAgainstStep: Object.fromEntries(settings.residualExponents.map((a) => [a, readSteps.map((t, i) => ({ step: t, slope: slopesAt[a][i].slope, slopeSE: slopesAt[a][i].slopeSE }))])) };
const se = (f: tl.SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
tl.recordClaim({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = ½ (theory −½ for a single matrix; W^{QK} gets a second factor, see above: ungated)', value: fits[0.5].slope, error: se(fits[0.5]), band: [-0.75, -0.25], gated: false, details });
tl.recordClaim({ figure: 'P1-5a', claim: 'slope of log W^{QK} movement vs log L, α_L = 1 (theory 0)', value: fits[1].slope, error: se(fits[1]), band: [-0.25, 0.25], details });
tl.recordClaim({ figure: 'P1-5a', claim: 'slope(α_L = 1) − slope(α_L = ½)', value: fits[1].slope - fits[0.5].slope, band: [0.25, Infinity], details });
for (const group of ['value', 'output', 'mlpIn', 'mlpOut']) {
  for (const a of settings.residualExponents) {
    const f = tl.groupMovementSlope(records, a, group, settings.movementStep);
    console.log(`${group}, α_L = ${a}: slope ${f.slope.toFixed(3)} ± ${(f.slopeSE || 0).toFixed(3)}`);
    tl.recordClaim({ figure: 'P1-5a', claim: `t = ${settings.movementStep}: slope of log ${group} movement vs log L, α_L = ${a === 0.5 ? '½' : a} (theory ${a - 1})`, value: f.slope, error: se(f), band: [a - 1 - 0.25, a - 1 + 0.25], details: { step: settings.movementStep, means: f.points } });
  }
}
for (const [i, t] of readSteps.entries()) {
  if (t === settings.movementStep) continue;
  for (const a of settings.residualExponents) {
    const f = slopesAt[a][i];
    tl.recordClaim({ figure: 'P1-5a', claim: `early regime, t = ${t} (diagnostic): slope of log W^{QK} movement vs log L, α_L = ${a === 0.5 ? '½' : a}`, value: f.slope, error: se(f), band: a === 0.5 ? [-0.75, -0.25] : [-0.25, 0.25], gated: false, details: { step: t } });
  }
}
