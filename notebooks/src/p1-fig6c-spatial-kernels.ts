// %% [markdown]
// # P1 Fig. 6c — spatial kernel of one probe image across scales, initial and final
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (c): the spatial (token × token) kernel
// Φ_{ss′} = (1/n) u_s(x)·u_{s′}(x) of one test image x (S = 16 patches), at initialization and after training, for the
// base model and its H-, N- and L-scaled versions. Here u = LN(h_L) are the final-LN token features (the tokens the
// readout averages); the raw stream h_L after the last block is shown too. As H → ∞ the kernel becomes deterministic
// (THEORY.md §3.2), so seed-averaged kernels of growing H converge.
//
// Claims (FIGURES.md P1-6c): the convergence-in-H inequality of P1-6b for the spatial kernel, at initialization and
// after training: d(K̄_{H=8}, K̄_{H=16}) < d(K̄_{H=4}, K̄_{H=8}), d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged
// kernels; recorded as the ratio of the two distances, band [0, 1], jackknife SE over seeds.
//
// Setting: the P1-6 runs (the family grid printed below, shared with P1-6a): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}; batch 32, 600 steps, 2 seeds at quick scale; probe image = test image 0.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6c

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-6c'];
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
