// %% [markdown]
// # Toy DMFT — gated attention on XOR: finite networks converge to the DMFT as N grows
//
// **Figure.** Validation row V-DMFT (not a paper figure; the model comes from a notebook in the authors' code, THEORY.md
// §5). G gates with input-dependent gains e^{A^g(x)}, A^g = N^{−1} q^g(x)·k^g, trained by full-batch gradient descent on
// XOR; its discrete-time DMFT (§5.4, with the corrected initial query kernel Q^g(0) = ρ_g² a^g a^{gᵀ} + (1 − ρ_g²) C^x) is
// the N → ∞ limit of the loss curve. This is the one model whose DMFT the toolkit integrates.
//
// **Claims (FIGURES.md V-DMFT).**
// - The corrected DMFT reproduces the §5.5 reference losses to 5 significant digits (max relative error ≤ 5·10⁻⁵).
// - Slope of log(time-averaged squared loss error, seed mean) against log N in [−1.3, −0.6] (random u_g per seed).
// - At N = 16000 every seed is within 0.2 decades of the DMFT at every step (deterministic u_g of §5.5).
//
// **Settings.** G = 6, η = 0.002, γ = 2.5, 1000 steps, warm start, α = 1; N ∈ {250, 1000, 4000, 16000}, 4 seeds, each
// with the §5.5 deterministic gate directions and with random ones (the DMFT is then integrated per seed).
//
// **Data.** XOR (4 points).
//
// **Where it lives.** `src/experiments/p1-init/figure-dmft.ts` (`tl.figures['V-DMFT']`). The grid is the network the
// DMFT describes, written as a spec (`gatedToySpec`: G = heads, N = headDim, α = attentionExponent, γ = richness,
// η = the sgd learningRate): N × gate directions × seeds; the analysis integrates the DMFT for each seed's u_g.
//
// Rows: V-DMFT

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['V-DMFT'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Finite networks (hand-written exact gradient descent, float64), one cached run per point (N, u_g mode, seed), in
// workers; then the DMFT (corrected Q(0)) per seed's gate directions, its check against the §5.5 reference losses, and
// the squared loss error per N.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a poorer toy (γ = 1) at the same widths:
// `await fig.run({ grid: grid.with({ richness: 1 }) })` — the DMFT is integrated at the grid's G, γ and η.
//
// ## Claims

// %%
tl.recordClaims(out);
