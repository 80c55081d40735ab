// %% [markdown]
// # P1 Fig. 6b — pooled feature kernels across scales, initial and final (final-kernel convergence in H)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (b): heat maps of the pooled kernel
// Φ(x, x′) = (1/n) h̄(x)·h̄(x′) over 32 probe images, h̄ the token mean of the final-LN features (the readout input),
// at initialization and after training, for the base model and its H-, N- and L-scaled versions. As H → ∞ the kernel
// becomes deterministic (a mean field over heads, THEORY.md §3.2), so seed-averaged kernels of growing H converge.
//
// Claim (FIGURES.md P1-6b, second part): final pooled kernels converge in H: d(K̄_{H=8}, K̄_{H=16}) < d(K̄_{H=4}, K̄_{H=8}),
// d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged kernels. Recorded as the ratio of the two distances, band [0, 1],
// with jackknife SEs over seeds. (The initial-gap part of P1-6b, gap(L=8)/gap(L=2), is measured in the notebook
// p1-fig6b-initial-kernel-gap.)
//
// Setting: the P1-6 runs (the family grid printed below, shared with P1-6a): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}; batch 32, 600 steps, 2 seeds at quick scale; probes = the first 32 test images.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6b

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-6b'];
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
// To take the figure elsewhere, change its grid in one cell, e.g. twice the quick steps:
// `await fig.run({ grid: grid.with({ steps: 1200 }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
