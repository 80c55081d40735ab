// %% [markdown]
// # P1 Fig. 8 — training loss as H, N and L vary separately (the setting of Fig. 6)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 8 (appendix): loss curves of the vision transformer of
// Fig. 6 when only the number of heads H, only the head dimension N, or only the depth L grows. Under the P1
// parameterization the curves converge as the size grows (THEORY.md §3.1–3.3); for heads the approach to the
// H → ∞ curve is a mean field over heads, with fluctuations ∝ H^{−1/2} (§3.2), and more heads do not hurt.
//
// Claims (FIGURES.md P1-8): (i) curves converge with width: the loss-curve distance (mean over all steps of
// |EMA difference| of the seed-averaged curves, half-life 10) between H = 8 and H = 16 is smaller than between H = 4 and
// H = 8 — recorded as the ratio, band [0, 1]; (ii) final loss at H = 16 ≤ final loss at H = 4 + 2 SE — recorded as the
// difference, band (−∞, 2 SE] with SE = the combined SE over seeds of the two final losses.
//
// Setting: the P1-6 runs (the family grid printed below, shared with P1-6a): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}, (α_A, α_L, β₀, γ₀) = (1, 1, 4, 0.1), η₀ = 0.2, momentum 0.9; batch 32, 600 steps, 2 seeds at quick scale.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-8

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-8'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run of the family's shared sweep (cache 'p1-scaled-vit', worker threads): train
// the ViT of its spec with its seed on the one Fashion-MNIST data order, keep the loss curve and the probe snapshots at
// t = 0 and after the last step. Whichever notebook of P1-6a–d, 8, 9/10 runs first computes them; the others read them.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a smaller γ₀ with more seeds:
// `await fig.run({ grid: grid.with({ richness: 0.05 }).withSeeds(4) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
