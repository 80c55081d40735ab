// %% [markdown]
// # P1 Fig. 6d — distribution of the attention logits over heads across N, for α_A = 1 and α_A = ½
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (d): the distribution over heads a of the last block's
// attention logits A^a_{ss′}(x), at initialization and after training, as the head dimension N grows, for α_A = 1 and
// α_A = ½. With α_A = 1 the initial spread collapses, Var A(0) = 1/(4N), and heads move together (the model becomes a
// single effective head, THEORY.md §3.1); with α_A = ½ the initial spread stays 1/4 at every N and heads stay distinct.
// Samples are pooled over token pairs (s, s′), 8 probe images and seeds; the "over heads" spread at fixed (x, s, s′)
// is shown as the deviation from the head mean, A^a − (1/H) Σ_b A^b.
// Beside the initial raw values: the **computed H → ∞ law** of A^a_{ss′}(x) over heads (`tl.experiments.p1ScaledInitialLogitDensity`:
// the §4 law with the query/key variances of the infinite-head kernel on the same probe images, pooled over (x, s, s′);
// docs/theory/infinite-head-kernel.md §4). For the LN ViT it has Var A = N^{1−2α_A}/4 at every H.
//
// Claims (FIGURES.md P1-6d; head variance = variance over heads of A^a_{ss′}(x), last block, averaged over (s, s′) and
// 32 probe images; head-mean update = RMS over (x, s, s′) of the mean over heads of A(t) − A(0)):
// - α_A = 1: initial head variance ratio N=16/N=4 in [0.18, 0.33] (exact 0.25); head-mean update ratio N=16/N=4 in [0.5, 2].
// - α_A = ½: initial head variance 0.25 within 20 % at N = 4 and at N = 16; final head-variance ratio N=16/N=4 in [0.5, 2].
//
// Setting: the P1-6 runs (the family grid printed below, shared with P1-6a): H = 4, L = 2, N ∈ {4, 16}, α_A ∈ {1, ½}; batch 32,
// 600 steps, 2 seeds at quick scale.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6d

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-6d'];
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
// To take the figure elsewhere, change its grid in one cell, e.g. more probe images keeping their logits:
// `await fig.run({ grid: grid.with({ logitProbes: 16 }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
