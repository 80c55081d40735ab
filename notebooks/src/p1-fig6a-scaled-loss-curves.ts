// %% [markdown]
// # P1 Fig. 6a — loss curves of the base ViT and its H-, N- and L-scaled versions (reconstructed grids)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (a): training loss against step for a base vision
// transformer and for copies scaled in one size at a time — more heads H, a larger head dimension N, more blocks L.
// Under the P1 parameterization (THEORY.md §2.5: α_A = 1, b_L = β₀/L, η = η₀γ₀²nL) each limit exists, and the
// H → ∞ limit is the mildest: adding heads barely changes the dynamics (§3.2, a mean field over heads), while depth
// with α_L = 1 changes early training (§3.3).
//
// Claim (FIGURES.md P1-6a): over the first 10 % of steps, the loss-curve distance (mean |EMA loss difference|,
// seed-averaged curves, EMA half-life 10 steps) between H = 16 and the base is smaller than between L = 8 and the
// base. Recorded as the ratio d(H=16, base)/d(L=8, base), band [0, 1].
//
// **Larger bases (FIGURES.md P1-6a decision).** The family's base has H = 4 heads (n = 16), far from the many-heads
// limit, so adding heads still changes its early dynamics a lot. The claim is therefore also measured at bases with
// H₀ ∈ {8, 16} heads (N = 4, L = 2; H-scaled ×4, L-scaled to 8; 4 seeds; only the 60-step window is trained, which
// reproduces the first 60 steps of a full run exactly — checked in the notes). The gated claim is the one at the largest
// base, H₀ = 16 (n = 64), with the same band [0, 1]; the family base's ratio and the trend over H₀ are reported.
//
// Setting (quick): base (N, H, L) = (4, 4, 2), (α_A, α_L, β₀, γ₀) = (1, 1, 4, 0.1), η₀ = 0.2, momentum 0.9 (v ← 0.9v + g),
// H ∈ {4, 8, 16}, N ∈ {4, 16}, L ∈ {2, 8}, α_A = ½ at N ∈ {4, 16}; batch 32, 600 steps, 2 seeds, one data order.
// The paper's base is (16, 16, 4) trained 75 000 steps on CIFAR-5M; the scaled grids are reconstructed.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49. (reconstructed)
//
// Rows: P1-6a

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-6a'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run of the family's shared sweep (cache 'p1-scaled-vit', worker threads): train
// the ViT of its spec with its seed on the one Fashion-MNIST data order, keep the loss curve and the probe snapshots at
// t = 0 and after the last step. Whichever notebook of P1-6a–d, 8, 9/10 runs first computes them; the others read them.
// The analysis then sweeps the window runs at larger bases (a grid derived from the family's: base, H × 4 and L = 8 per
// base H₀, the first 10 % of steps, 4 seeds) into the same cache.

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
