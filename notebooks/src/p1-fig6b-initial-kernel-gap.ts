// %% [markdown]
// # P1 Fig. 6b (initial-gap part) — at α_L = 1 the initial stream stays close to its read-in as L grows
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6b shows pooled kernel heat maps at
// initialization and after training across N, H and L. This notebook covers only its **initial-gap** claim: with
// branches scaled by b_L = β₀/L (α_L = 1) the 2L mean-zero branch outputs average out, so the seed-averaged gap
// between the final and read-in kernels falls like 1/L (THEORY.md §3.3: E[Φ^{final} − Φ^{read-in}] ≈ 2β₀²L^{1−2α_L}k̄),
// while at α_L = ½ it tends to a constant. The trained-kernel part of P1-6b lives with the training runs of P1-6.
//
// **Measured.** Token-level kernel of the raw stream, Φ(x, x′) = (1/(S n)) Σ_s h_s(x)·h_s(x′), after the read-in and after
// the last block, on 32 probe images; gap = ‖mean over seeds of (Φ^{final} − Φ^{read-in})‖_F / ‖mean Φ^{read-in}‖_F.
//
// **Claim (FIGURES.md P1-6b, initial gap).** gap(L = 8)/gap(L = 2) ∈ [0.15, 0.45] for α_L = 1 with 8 seeds (theory ≈ ¼).
//
// **Settings.** LN ViT, base (N, H) = (4, 4), β₀ = 4, α_A = 1, fixed-depth preset (positional table on); L ∈ {2, 4, 8, 16}
// and α_L ∈ {1, ½} plotted, the claim uses L ∈ {2, 8}, α_L = 1.
//
// **Data.** Fashion-MNIST test images 0–31 (paper: CIFAR-5M), standardized with the training mean and std, patch 7.
//
// Rows: P1-6b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const cfg = tl.byScale({
  smoke: { depths: [2, 8], seeds: 2 },
  quick: { depths: [2, 4, 8, 16], seeds: 8 },
  paper: { depths: [2, 4, 8, 16, 32, 64], seeds: 32 },
});
const data = tl.findFashionMnistDir() ? 'fashion-mnist' : 'shapes';
console.log(`scale ${scale}: L ∈ {${cfg.depths}}, α_L ∈ {1, ½}, ${cfg.seeds} seeds, probes from ${data}`);

// %%
const t0 = Date.now();
const sweep = await tl.sweep(
  { axes: { depth: cfg.depths, residualExponent: [1, 0.5] }, fixed: { headDim: 4, heads: 4, data: data, probes: 32 }, seeds: cfg.seeds },
  { name: 'p1InitialGapRun', version: '1', fn: tl.p1InitialGapRun },
  { name: 'p1-init-gap', scale: 'init', progress: false },
);
const sweepSeconds = (Date.now() - t0) / 1000;
const dataset = (sweep.records.find((r) => r.status === 'ok')?.result as { dataset: string }).dataset;
console.log(`${sweep.records.length} runs (${sweep.progress.cached} cached, ${sweep.progress.errors} errors) in ${sweepSeconds.toFixed(1)} s; data: ${dataset}`);
const runsOf = (depth: number, alphaL: number) => sweep.records.filter((r) => r.status === 'ok' && r.config.depth === depth && r.config.residualExponent === alphaL).map((r) => r.result as { readIn: number[]; final: number[] });
const rows = [];
for (const alphaL of [1, 0.5]) {
  for (const depth of cfg.depths) {
    const runs = runsOf(depth, alphaL);
    // SE of the gap by leave-one-seed-out jackknife
    const gap = tl.initialKernelGap(runs);
    const loo = runs.map((_, k) => tl.initialKernelGap(runs.filter((__, j) => j !== k)));
    const m = loo.reduce((a, b) => a + b, 0) / loo.length;
    const se = Math.sqrt(((loo.length - 1) / loo.length) * loo.reduce((a, b) => a + (b - m) ** 2, 0));
    rows.push({ alphaL, depth, seeds: runs.length, gap, se });
  }
}
console.table(rows);

// %%
const fig = tl.logLogFigure(
  [1, 0.5].map((alphaL, i) => {
    const r = rows.filter((x) => x.alphaL === alphaL);
    return { name: `α_L = ${alphaL === 1 ? '1' : '½'}`, x: r.map((x) => x.depth), y: r.map((x) => x.gap), error: r.map((x) => x.se), color: tl.color(i) };
  }),
  {
    title: 'Initial gap between final and read-in token kernels (seed-averaged)',
    xTitle: 'depth L', yTitle: '‖mean(Φ^{final} − Φ^{read-in})‖_F / ‖mean Φ^{read-in}‖_F',
    references: [{ exponent: -1, prefactor: rows[0].gap * cfg.depths[0], xMin: cfg.depths[0], xMax: cfg.depths[cfg.depths.length - 1], name: 'L^{-1}' }],
    note: `data: ${dataset}; LN ViT N = H = 4, β₀ = 4, ${cfg.seeds} seeds`,
  },
);
await tl.show(fig, { name: 'initial-gap-vs-depth' });

// %% [markdown]
// ## Claim

// %%
const g2 = rows.find((r) => r.alphaL === 1 && r.depth === 2);
const g8 = rows.find((r) => r.alphaL === 1 && r.depth === 8);
const ratio = g8.gap / g2.gap;
const ratioSE = ratio * Math.sqrt((g8.se / g8.gap) ** 2 + (g2.se / g2.gap) ** 2);
tl.recordClaim({
  figure: 'P1-6b', claim: 'initial gap(L = 8)/gap(L = 2), α_L = 1, raw-stream token kernel', value: ratio, band: [0.15, 0.45], error: ratioSE,
  details: { data: dataset, seeds: cfg.seeds, gapL2: g2.gap, gapL8: g8.gap, headDim: 4, heads: 4, branchScale: 4, halfGaps: rows.filter((r) => r.alphaL === 0.5).map((r) => r.gap) },
});
console.log(`sweep time ${sweepSeconds.toFixed(1)} s`);
