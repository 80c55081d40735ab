// %% [markdown]
// # P1 Fig. 3b — density of the attention logit over heads as H grows, at small N
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3b: the density (log scale) of A^a_{ss′}(0)
// over heads × seeds at one input and one token pair, last block, one curve per H, with the Gaussian dashed. In the
// H → ∞ limit at fixed N each head is an i.i.d. draw from a non-Gaussian single-head law (THEORY.md §3.2, §4).
//
// **Claims (FIGURES.md P1-3b).**
// - LN ViT: samples pooled over heads, blocks and seeds at one (s, s′) pass a one-sample KS test against the exact law
//   of §4 at 99 % for every H (LN fixes |u_s|² = n, so the law is exact at every H).
// - LN ViT at N = 4, H = 128 (16 384 samples): KS distance to the equal-variance Gaussian ≥ 0.02 (exact value 0.033).
// - No-LN variant (§2.3; its attention inputs have random norms, so its law converges in H): plotted beside its **computed
//   H → ∞ law** (`tl.experiments.p1LimitingLogitLaw`: the §4 law with the query/key variances c·G_ss of the infinite-head kernel,
//   docs/theory/infinite-head-kernel.md §4); at the largest H the last-block samples pass a one-sample KS test against it
//   at 99 % (band from the sample size). The two-sample KS(H, H = 128) and KS(H, limit) at smaller H are reported, not gated.
//
// **Settings.** α_A = ½ (A(0) stays O(1); the paper's x-range [−1, 1] fits its ½ variance scale), L = 4, token pair
// (4, 4), one Gaussian 28×28 image (patch 7, S = 16), fixed-depth preset (β₀ = 4, b_L = β₀/L). Quick: N ∈ {4, 16},
// H ∈ {8, 32, 128}, 16 seeds (32 at H = 128); the paper used the no-LN variant, N = 16, H ∈ {32,…,256}, 32 seeds.
//
// **Data.** Gaussian inputs (as the paper).
//
// **Where it lives.** The grid per scale, the run and the analysis: `src/experiments/p1-init/figure-3b.ts`
// (`tl.figures['P1-3b']`); the runs are cached with P1-3c's (same run, same cache).
//
// Rows: P1-3b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-3b'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread (shared with the P1-3c notebook): build one network of
// its spec at initialization and return A^a_{44}(x₀) for every head and block. The analysis pools the last block's
// samples per (architecture, N, H), computes the no-LN network's H → ∞ law from the infinite-head kernel, and runs the
// Kolmogorov–Smirnov tests.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %% [markdown]
// ## Densities (last block), log scale

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. the LN ViT alone at α_A = 1 and N = 8:
// `await fig.run({ grid: grid.with({ architecture: 'vit', attentionExponent: 1, headDim: 8 }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
