// %% [markdown]
// # P1 Table 3 — how big are the key/query and attention updates?
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Table 3, turned into a measurement (THEORY §2.8–2.9).
// Table 3 says: with α_A = 1 each key/query coordinate moves by O(1) while A(0) → 0; with α_A = ½ A(0) stays O(1)
// and random while coordinates move only by O(N^{−1/2}); in both cases A itself moves by O(1).
//
// **Claims (FIGURES.md P1-T3):** ViT, L = 2, H = 2, N ∈ {8, …, 128}, α_A ∈ {1, ½}, γ₀ = 0.25, η₀ = 0.1, batch 32,
// measured after t = 20 SGD-momentum steps, 2 seeds:
// slope of log RMS(k(t) − k(0)) against log N = α_A − 1 ± 0.2; slope of log RMS(A(t) − A(0)) = 0 ± 0.2;
// at t = 0, Var A = N^{1−2α_A}/4 within 4 SE.
// The notebook also splits each change into its weight-driven part μ_K(W^K(t) − W^K(0))u(t) and its input-driven part
// μ_K W^K(0)(u(t) − u(0)) (u = LN of the last block's input): the §2.9 argument is about the first.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M. One fixed data order; seeds change the weights only.
//
// Rows: P1-T3

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const settings = tl.byScale({
  smoke: { headDims: [8, 16], seeds: 1, steps: 2 },
  quick: { headDims: [8, 16, 32, 64, 128], seeds: 2, steps: 20 },
  paper: { headDims: [8, 16, 32, 64, 128, 256], seeds: 8, steps: 20 },
});
const exponents = [1, 0.5];
const { records, seconds } = await tl.runTable3Experiment({ ...settings, attentionExponents: exponents, scale });
console.log(`${records.length} runs (${records.filter((r) => r.status !== 'ok').length} not ok), computed in ${seconds.toFixed(1)} s`);
for (const N of settings.headDims) {
  const ms = records.filter((r) => r.headDim === N).map((r) => r.msPerStep);
  console.log(`N = ${N}: ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(0)} ms per step (wall, in a worker)`);
}

// %% [markdown]
// RMS changes of the last block's keys and logits against N, total (solid) and weight-driven part (dashed).

// %%
const note = `data: Fashion-MNIST (stand-in for CIFAR-5M); L = 2, H = 2, t = ${settings.steps}, ${settings.seeds} seed(s), scale ${scale}`;
const slopes: Record<string, tl.SeedSlope> = {};
const panel = (field: 'keyChange' | 'logitChange', weightField: 'keyWeightChange' | 'logitWeightChange', title: string) => {
  const series: tl.Series[] = [];
  exponents.forEach((a, i) => {
    for (const [f, dash] of [[field, 'solid'], [weightField, 'dash']] as const) {
      const fit = tl.table3Slope(records, a, f);
      slopes[`${f}:${a}`] = fit;
      series.push({ name: `${f === field ? 'total' : 'weight-driven'}, α_A = ${a} (slope ${fit.slope.toFixed(2)})`, x: fit.points.map((p) => p.x), y: fit.points.map((p) => p.mean), error: fit.points.map((p) => (Number.isFinite(p.se) ? p.se : 0)), dash, color: tl.color(i) });
    }
  });
  return tl.logLogFigure(series, { title, xTitle: 'head dimension N', yTitle: 'RMS change after t steps', note });
};
await tl.show(panel('keyChange', 'keyWeightChange', 'Key coordinates k(t) − k(0), last block'), { name: 'p1-t3-keys' });
await tl.show(panel('logitChange', 'logitWeightChange', 'Attention logits A(t) − A(0), last block'), { name: 'p1-t3-logits' });

// %% [markdown]
// Initial check: Var A(0) against N^{1−2α_A}/4 (estimates per seed × block × head).

// %%
const checks = exponents.map((a) => ({ a, rows: tl.table3VarianceCheck(records, a) }));
for (const { a, rows } of checks) {
  for (const r of rows) console.log(`α_A = ${a}, N = ${r.headDim}: Var A(0) = ${r.measured.toFixed(4)} ± ${r.se.toFixed(4)}, expected ${r.expected.toFixed(4)}, z = ${r.zScore.toFixed(2)} (${r.units} units)`);
}

// %% [markdown]
// Claims. The first four use the FIGURES.md recipe (total change). The last is a supplementary, ungated check on the
// weight-driven key change: the gap between the two α_A slopes should be α_A's difference, −½.

// %%
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, heads: 2, depth: 2, learningRate: 0.1, richness: 0.25, batchSize: 32, optimizer: 'momentum 0.9' };
for (const a of exponents) {
  const k = slopes[`keyChange:${a}`];
  tl.recordClaim({ figure: 'P1-T3', claim: `slope of log RMS key change vs log N, α_A = ${a} (total change)`, value: k.slope, error: Number.isFinite(k.slopeSE) ? k.slopeSE : undefined, band: [a - 1 - 0.2, a - 1 + 0.2], details: { ...details, weightDrivenSlope: slopes[`keyWeightChange:${a}`].slope } });
}
for (const a of exponents) {
  const l = slopes[`logitChange:${a}`];
  tl.recordClaim({ figure: 'P1-T3', claim: `slope of log RMS A change vs log N, α_A = ${a} (total change)`, value: l.slope, error: Number.isFinite(l.slopeSE) ? l.slopeSE : undefined, band: [-0.2, 0.2], details: { ...details, weightDrivenSlope: slopes[`logitWeightChange:${a}`].slope } });
}
for (const { a, rows } of checks) {
  tl.recordClaim({ figure: 'P1-T3', claim: `t = 0: max over N of |Var A − N^{1−2α_A}/4| / SE, α_A = ${a}`, value: Math.max(...rows.map((r) => r.zScore)), band: [0, 4], details: { ...details, ratios: rows.map((r) => r.measured / r.expected) } });
}
const gap = slopes['keyWeightChange:0.5'].slope - slopes['keyWeightChange:1'].slope;
tl.recordClaim({ figure: 'P1-T3', claim: 'weight-driven key change: slope(α_A = ½) − slope(α_A = 1) (supplementary, theory −½)', value: gap, band: [-0.7, -0.3], gated: false, details });
