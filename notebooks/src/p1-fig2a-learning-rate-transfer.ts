// %% [markdown]
// # P1 Fig 2a — learning-rate transfer across the head dimension N (reconstructed variant)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 2a: final loss against the base learning
// rate η₀ (log), one curve per head dimension N; solid α_A = 1, dashed α_A = ½. With the P1 parameterization
// (SGD η = η₀γ₀²nL) the optimal η₀ should not move as N grows, for both α_A.
//
// **Claims (FIGURES.md P1-2a, R: model variant):** LN ViT (fixed depth, positional table), H = 4, N ∈ {4, 8, 16}, L = 2,
// β₀ = 4, γ₀ = 0.25, SGD momentum 0.9, batch 32, 200 steps, 2 seeds, η₀ ∈ 10^{−2, −1.5, …, 0.5} (extended by one
// half-decade if an optimum sits on the grid edge). For each α_A the argmin grid index of the final loss differs by
// ≤ 1 between N = 4 and N = 16. Secondary: at the N = 4 optimum, final loss is non-increasing in N within 2 SE.
// (reconstructed: the paper's panel may use the no-LN variant or momentum 0; this notebook runs the LN ViT with momentum 0.9.)
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M. One fixed data order; seeds change the weights only.
// A run whose loss exceeds 2 ln 10 or is non-finite is recorded as diverged and ranked worst.
//
// Rows: P1-2a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-2a'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread: build the ViT of its spec with its seed, train on the
// shared Fashion-MNIST stream, keep the loss curve and the head variance of A at t = 0 and at the end. When some
// (α_A, N) has its optimum on an edge of the η₀ grid, the analysis extends the η₀ axis by one step there and runs the
// new points into the same cache (shared with P1-2b), then ranks η₀ per (α_A, N).

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. the same transfer at a larger richness and one more N:
// `await fig.run({ grid: grid.with({ richness: 1 }).axis('headDim', [32, 16, 8, 4]) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
