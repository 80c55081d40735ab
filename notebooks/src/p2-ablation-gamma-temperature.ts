// %% [markdown]
// # P2 — ablation of the branch weight γ² and the attention temperature τ₀ (reconstructed)
//
// In the shaped-attention SDE the branch weight γ² (skip weight λ² = 1 − γ²) sets the size of the diffusion, so the
// spread of the token correlation ρ₁₂ at a fixed time grows with γ² (κ = γ²(2 − γ²), THEORY.md §6.6–6.8). The
// temperature τ₀ enters only through the attention terms: in this regime it barely changes the spread of ρ and mainly
// controls the growth of the norms V^{αα}, and at small τ₀ the SDE (cubic drift) blows up on a sizeable fraction of
// paths while finite networks, whose softmax saturates, do not (§6.10).
//
// Setting: T = 0.75; γ² ∈ {1/16, 1/8, 1/4} at τ₀ = 1 and τ₀ ∈ {0.25, 0.5, 1, 2} at γ² = 1/8. Networks: exact-in-law
// covariance chain (§6.12), attention-only shaped blocks, m = 4 tokens, V₀ = 0.8 I + 0.2·11ᵀ, n = n_k = 64 (48 layers).
// SDE: Euler–Maruyama with Δt = 1/400 (§6.11); exploded paths (tr V > 10⁴ tr V₀) are counted, left out of ρ₁₂ and
// counted as +∞ in the median of V¹¹. Networks are checked against the same threshold.
//
// Claims (FIGURES.md P2-abl, hypotheses of a reconstructed figure): SD(ρ₁₂) strictly increasing in γ² with each step
// ≥ 0.05, in network and SDE; KS(network, SDE) ≤ 0.035 for every setting with τ₀ ≥ 0.5; τ₀ ∈ {0.5, 1, 2} changes
// SD(ρ₁₂) by ≤ 0.02; at τ₀ = 0.25 the SDE blow-up fraction is > 1 % while no network explodes.
//
// Data: none (initialization only, Gaussian weights). (reconstructed)
//
// Rows: P2-abl

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P2-abl'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// One cached run per point: the six (γ, τ₀) settings × {network, SDE}. The analysis tabulates, per setting, the SD and
// median of ρ₁₂, the median of V¹¹ (exploded paths counted as +∞) and the blow-up fractions, and draws them against γ²
// and τ₀.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a wider network at a later time:
// `await fig.run({ grid: grid.with({ headDim: 128, horizon: 1 }) })`.
//
// ## Claims

// %%
void tl.recordClaims(out); // (each claim is printed as it is recorded; void: the returned list is not echoed)
