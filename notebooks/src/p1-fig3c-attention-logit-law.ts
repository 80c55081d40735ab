// %% [markdown]
// # P1 Fig. 3c — the law of the initial attention logit A(0) as N grows
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3c: densities of A(0) = N^{−α_A} Σᵢ kᵢqᵢ for
// growing N and α_A ∈ {1, ½}. The limit is Gaussian with variance N^{1−2α_A}/4: it vanishes for α_A = 1 (all heads start
// with uniform attention) and stays ¼ for α_A = ½ (heads start random and distinct). At finite N the law is
// non-Gaussian (variance-gamma, THEORY.md §4) with excess kurtosis 6/N.
//
// **Claims (FIGURES.md P1-3c, V-A0).**
// - Sampled sums (10⁵ draws per (N, α_A)): sample variance / (N^{1−2α_A}/4) within 1 ± 4√((2 + 6/N)/M).
// - Total-variation distance to the equal-variance Gaussian matches the THEORY.md §4.5 table to 10⁻³, and N·TV ∈ [0.23, 0.36].
// - Network samples (LN ViT at initialization, over heads × layers × seeds at one token pair) pass a one-sample KS test
//   against the exact law at 99 %.
// - V-A0: Fourier inversion agrees with the closed forms to 10⁻⁶ at N ∈ {2, 4, 8}; sampled sums pass the KS test
//   against the exact CDF at 99 %.
//
// **Data.** None for the law (analytic + sampling); the network samples use Gaussian 28×28 images, patch 7 (S = 16).
//
// **Where it lives.** `src/experiments/p1-init/figure-3c.ts` (`tl.figures['P1-3c']`, rows P1-3c and V-A0): the grid is
// the network the law describes (the LN ViT at N × α_A), its runs the network samples (cached with P1-3b's); the
// analysis adds the law's table over N ∈ {1, 2, 4, 8, 16, 64} at the grid's exponents and the Fourier check.
//
// Rows: P1-3c, V-A0

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-3c'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread: the LN ViT at initialization, A^a_{ss′}(x₀) at the token
// pair (4, 4) of one Gaussian image, over heads and blocks — i.i.d. draws from the exact law, since LN fixes |u_s|² = n
// and each block's W^{QK} is fresh (THEORY.md §2.8, §4.1). Weights come from the same seeded streams for both α_A and
// μ_QK·std(W^{QK}) does not depend on α_A (THEORY.md §2.6), so block-1 samples for α_A = 1 are the α_A = ½ ones times
// N^{−1/2}; later blocks differ (the softmax, hence the stream, depends on α_A) but follow the same standardized law.
// The analysis then draws the sampled sums of the law's table (per (N, α_A)) and compares.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %% [markdown]
// ## The exact law, sampled sums, the Gaussian limit and the network samples
// For each (N, α_A): exact density (closed form, §4.3; Fourier inversion, §4.4, for N ≥ 3), a density histogram of the
// sampled sums, and the equal-variance Gaussian (dashed); then Var A(0) and the distance to the Gaussian against N, and
// the LN ViT samples against the exact law.

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a third exponent for the law and the network:
// `await fig.run({ grid: grid.axis('attentionExponent', [1, 0.75, 0.5]) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
