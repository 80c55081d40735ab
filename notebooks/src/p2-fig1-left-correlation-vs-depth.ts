// %% [markdown]
// # P2 Fig. 1 left — token correlation against depth (reconstructed)
//
// "The Shaped Transformer", Fig. 1 left: the mean off-diagonal token correlation ρ̄_ℓ against the layer ℓ at
// initialization, for standard softmax attention, a Pre-LN transformer and shaped attention. Standard attention
// averages tokens by O(1) per layer and collapses them (ρ̄ → 1 within tens of layers); Pre-LN collapses only
// polynomially (1 − ρ̄_ℓ ≈ 1/ℓ); shaped attention keeps ρ̄ near its initial value 0.2.
//
// Networks are simulated exactly in law by the m×m covariance chain (THEORY.md §6.12–6.13), attention-only blocks,
// m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 200, d = 150, γ² = 1/8 (λ² = 7/8), τ₀ = 1. Standard = λ/γ residual with
// softmax(qkᵀ/√n_k); Pre-LN = unit skip and branch, RMS-normalized branch input. The shaped-attention SDE (§6.7,
// Euler–Maruyama Δt = 1/(4n)) is drawn at t = ℓ/n for comparison.
//
// Claims (FIGURES.md P2-1L, hypotheses of a reconstructed figure): standard ρ̄₂₅ ≥ 0.85 and ρ̄₅₀ ≥ 0.98; Pre-LN
// ρ̄₅₀ ≥ 0.95 and slope of log(1 − ρ̄_ℓ) vs log ℓ over ℓ ∈ [25, 150] in [−1.3, −0.7]; shaped max_ℓ |ρ̄_ℓ − 0.2| ≤ 0.04.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-1L

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P2-1L'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run (one curve): the exact covariance chain of its spec for K samples (or the
// shaped spec's SDE at t = ℓ/n), returning ρ̄_ℓ for every layer, its standard error over samples, and the fitted
// exponent of 1 − ρ̄_ℓ with a bootstrap SE. The analysis draws the curves and the collapse gap 1 − ρ̄_ℓ (Pre-LN
// approaches collapse polynomially: on log–log axes close to a line of slope −1).

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a narrower network with a larger branch weight:
// `await fig.run({ grid: grid.with({ headDim: 64, branchScale: 0.5 }) })`.
//
// ## Claims

// %%
void tl.recordClaims(out); // (each claim is printed as it is recorded; void: the returned list is not echoed)
