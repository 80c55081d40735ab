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
const fig = tl.figures['P1-6b-gap'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread: build the LN ViT of its spec with its seed, one forward
// pass on the 32 probe images, return the token-level kernels of the raw stream after the read-in and after the last
// block. The analysis computes the gap per (α_L, L) with jackknife SEs over seeds.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. deeper networks with more seeds:
// `await fig.run({ grid: grid.axis('depth', [2, 4, 8, 16, 32]).withSeeds(16) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
