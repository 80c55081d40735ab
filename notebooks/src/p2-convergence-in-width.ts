// %% [markdown]
// # P2 — convergence of finite networks to the covariance SDE as the width grows (reconstructed)
//
// "The Shaped Transformer" proves that the token covariance V of a shaped-attention network of width n and depth
// d = T·n converges to an SDE as n → ∞. This notebook measures the distance between the finite-width law and the SDE
// law of the token correlation ρ₁₂ at fixed T = 1 for n ∈ {8, …, 128}: the KS distance falls to the sampling-noise
// level, and the finite-n bias of the spread of ρ₁₂ is visible at small n.
//
// Networks: exact-in-law m×m covariance chain (THEORY.md §6.12), attention-only shaped blocks, m = 4 tokens,
// V₀ = 0.8 I + 0.2·11ᵀ, n = n_k, γ² = 1/4, τ₀ = 1, d = n layers. SDE: Euler–Maruyama (§6.11), Δt = 1/1000, 4× the networks' samples (the reference law). In this
// regime some SDE paths blow up (cubic drift, §6.10): they are counted, excluded from ρ₁₂, and V is compared only
// through quantiles that count them as +∞.
//
// Claims (FIGURES.md P2-conv, hypotheses of a reconstructed figure): for n ≥ 32, KS(ρ₁₂) ≤ 0.03; finite-n bias
// visible: |SD_n(ρ₁₂) − SD_SDE(ρ₁₂)| at n = 8 exceeds its value at n = 64 by ≥ 0.01; the SDE blow-up fraction is
// reported (≈ 1.7 % expected; not gated).
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-conv

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P2-conv'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// One cached run per point: the SDE once (4× the networks' samples: the reference law) and the network chain at every
// width (d = n layers). The analysis measures, per width, the KS distance of ρ₁₂ against the SDE, the gap between the
// SDs of ρ₁₂, and the V¹¹ quantiles.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. the full shaped block (attention + shaped-ReLU MLP):
// `await fig.run({ grid: grid.with({ model: 'block' }) })`.
//
// ## Claims

// %%
void tl.recordClaims(out); // (each claim is printed as it is recorded; void: the returned list is not echoed)
