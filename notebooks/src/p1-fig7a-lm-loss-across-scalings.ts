// %% [markdown]
// # P1 Fig. 7a — causal language model: loss of the base and its H-, N- and L-scaled versions, α_A ∈ {1, ½} (reconstructed η₀, batch)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 7 (a): training loss against step for a decoder-only
// language model (THEORY.md §2.4: QK-LayerNorm, GELU after LN, causal mask, readout bias; Adam ε = 10⁻²⁰ at peak η₀/√n,
// linear warmup then cosine decay, §2.5, §2.7) and for copies scaled in one size at a time — more heads H, larger head
// dimension N, more blocks L — each at α_A = 1 (solid) and α_A = ½ (dashed).
//
// Claims (FIGURES.md P1-7a), with Δ_X(α_A) = final loss(base) − final loss(X-scaled), final loss = mean train loss over
// the last 10 % of steps, seed mean, SE = SD/√seeds, combined SEs = √(Σ SE²):
// (i) H-scaling lowers the final loss for both α_A by more than 2 SE: Δ_H(α_A) ≥ 2 SE (one claim per α_A);
// (ii) N-scaling helps α_A = ½ more than α_A = 1: Δ_N(½) − Δ_N(1) ≥ 2 × combined SE — scale-sensitive, **not gated**;
// (iii) L-scaling helps less than H-scaling: Δ_H(α_A) − Δ_L(α_A) ≥ 0 for both α_A.
//
// Setting (quick): base (N, H, L) = (4, 4, 2), scaled to H = 16, N = 16, L = 8; (α_L, β₀, γ₀) = (1, 4, 0.25);
// context 32, batch 16, η₀ = 0.05 (peak η₀/√n), 50 warmup steps, cosine to 0 over 600 steps, 2 seeds, one window
// order shared by every run (seeds change only the initial weights). The paper: base (8, 8, 4) on C4 with the T5
// vocabulary, context 256, batch 128, 100 warmup, 10 000 steps, scaled to H = 128, N = 128, L = 64; η₀ and the batch
// size come from run scripts (reconstructed).
//
// Throughput (measured on the 2-core box, wasm backend with the native kernels): wall time per training step ≈ 5 / 19 /
// 11 / 20 ms for base / H = 16 / N = 16 / L = 8; the whole quick sweep (16 runs, ≈ 1.1×10¹² FLOPs) took 69 s cold with
// 2 workers (348 s with tfjs's own wasm kernels). That is within the ≈ 6 min budget, so nothing was cut.
//
// Data: State of the Union addresses, character level (≈ 99 symbols), split by speech (in place of C4 / T5 tokens).
// (reconstructed)
//
// Every point of the grid (member × α_A × seed) is one cached training run in a worker thread; the grid is shared
// with P1-7b, 7c and 12 (one cache, whichever notebook runs first computes). The analysis groups the runs by (member,
// α_A), tabulates the final losses and gains, draws the loss curves and records the claims.
//
// Rows: P1-7a

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-7a'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %% [markdown]
// Loss curves (EMA, half-life 10 steps, of the seed-mean train loss), one panel per scaled axis.

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. twice the steps (the cosine follows) and four seeds:
// `await fig.run({ grid: grid.with({ steps: 2 * grid.settings.steps }).withSeeds(4) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
