// %% [markdown]
// # P2 Fig. 1 right — density of the token correlation at the last layer (reconstructed)
//
// "The Shaped Transformer", Fig. 1 right: the distribution of the correlation ρ₁₂ = V¹²/√(V¹¹V²²) between two tokens
// after d = 150 shaped-attention layers of width n = 200 (T = d/n = 0.75): a kernel density estimate over paths of
// the covariance SDE against the histogram of finite networks. The SDE describes the finite network's law, not just
// its mean.
//
// Networks: the exact-in-law m×m covariance chain (THEORY.md §6.12), attention-only shaped blocks, m = 4 tokens,
// V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 200, γ² = 1/8, τ₀ = 1. SDE: Euler–Maruyama of §6.7 with Δt = 1/800 (§6.11); exploded
// paths (§6.10) are counted, not dropped silently. KDE: Gaussian kernel, Silverman bandwidth, reflected at ρ = ±1.
//
// Claims (FIGURES.md P2-1R, hypotheses of a reconstructed figure): KS(ρ₁₂ network, ρ₁₂ SDE) ≤ 0.03; SDs of ρ₁₂
// within 0.02; SDE blow-up fraction 0.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-1R

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P2-1R'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Two cached runs: the networks (chain) and the SDE paths of the same spec, each returning ρ₁₂, ρ̄ and V¹¹ at T for
// every sample. The analysis compares the laws (KS distance with its 99 % null threshold, SDs, medians; V¹¹ only
// through quantiles, since the SDE has a cubic drift and may blow up, §6.10) and draws the densities.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a hotter attention at a longer time:
// `await fig.run({ grid: grid.with({ temperature: 2, horizon: 1 }) })`.
//
// ## Claims

// %%
void tl.recordClaims(out); // (each claim is printed as it is recorded; void: the returned list is not echoed)
