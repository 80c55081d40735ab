// %% [markdown]
// # P1 Table 1 — learning-rate rules, checked as a coordinate check
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Table 1: the learning-rate scalings that keep
// updates at the right size — SGD η = η₀γ₀²n·L^{2α_L−1} (here with momentum 0.9, the P1 default) and Adam η = η₀/√n
// (released code; ε = 10⁻²⁰). As a measurement: after t = 20 steps the RMS change of the last residual stream h_L and
// of the centred logits z should not depend on the width n = N·H.
//
// **Claims (FIGURES.md P1-T1):** ViT L = 2, batch 32, 2 seeds; sweep (a) N = 8, H ∈ {2, 4, 8, 16}; sweep (b) H = 4,
// N ∈ {4, 8, 16, 32}. Slope of log RMS(h_L(t) − h_L(0)) against log n in [−0.2, 0.2] for both rules and both sweeps;
// the same for z(t). **Control:** the standard parameterization (SP: N(0, 1/fan-in), no centring, α_A = ½) at a
// fixed rate η = 0.05 is *expected to fail* (slope ≥ 0.3 or divergence); it is recorded as an ungated claim whose band
// is the expected failure.
//
// **Two Adam readouts (decision of FIGURES.md P1-T1).** The reconstructed Adam row of the ViT readout (std 1,
// multiplier n^{−½}, effective scale n^{−½}; `adamReadout: 'code'`, the default, kept for reproduction) is SP-like: its
// Δz grows like n^{½} (derivation below). The Adam claims are therefore gated on the μP-consistent readout, the LM's row
// (std n^{−½}, multiplier n^{−½}, effective n^{−1}; `adamReadout: 'muP'`, rule `adam-muP`); the code row is reported
// ungated with its measured slopes.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M. One fixed data order; seeds change the weights only.
//
// Rows: P1-T1

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-T1'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread: build the ViT of its spec with its seed, train t steps
// on the shared Fashion-MNIST stream (batch 32), probe the changes of h_L and z at t on the first 32 test images. A rule
// is a bundle of Spec fields (preset, optimizer with its η₀, Adam readout), zipped and labelled `rule`; the shapes zip
// N with H. The analysis fits the slope of each change against log n per rule and sweep.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %% [markdown]
// Coordinate check: RMS change after t steps against the width n, one panel per (quantity, sweep).
//
// **Why the code readout gives Δz ∝ n^{½} under Adam.** With centred logits z = (f − f₀)/γ₀ and f = μ_r W_outᵀh̄
// (μ_r = n^{−½}, h̄ the pooled final features), Δf = μ_r W_out(0)ᵀΔh̄ + μ_r ΔW_outᵀh̄(t). The second term is O(1) for
// either readout (Adam moves each of the n entries by O(η) = O(η₀/√n), aligned with h̄). The first term decides. The
// backward signal reaching h̄ is μ_r W_out(0)e (e the output error), and Adam (ε = 10⁻²⁰) normalises every update by
// its own size, so the size of that signal drops out and only its *direction* survives: to first order the last
// block's weights move by ∓η sign(gradient), giving Δh̄_i = −c·sign((W_out(0)e)_i) + (parts uncorrelated with W_out(0)),
// with c = O(1) independent of n (that is why the Δh_L slopes are ≈ 0 for both readouts). Then
// W_out(0)ᵀΔh̄ · e = −c Σ_i |(W_out(0)e)_i| + O(√n · std), a sum of n aligned terms. With the code row (std 1) it is
// O(n), and after μ_r = n^{−½} the aligned term is O(n^{½}); the uncorrelated part is O(1). So Δz = O(1) + O(n^{½}): the
// slope tends to ½ once the aligned part dominates (at t = 20 and n ≤ 128 the mixture gives an intermediate slope). With
// the μP-consistent row (std n^{−½}) the same sum is O(n^{½}), times μ_r it is O(1): Δz is width-independent. Under SGD
// the size of the backward signal does not drop out and the mean-field readout (effective n^{−1}) keeps every term O(1).

// %%
await tl.showPlots(out);

// %% [markdown]
// Claims: eight gated slopes (SGD and Adam with the μP-consistent readout × 2 sweeps × {h_L, z}); the same four slopes
// for the reconstructed Adam code readout, ungated (FIGURES.md P1-T1 decision: its Δz slope tends to ½, derivation
// above); and the SP control (ungated; its band is the expected failure: the larger of the h_L and z slopes ≥ 0.3; a
// diverged SP run counts as the expected failure and is recorded with the value 10³).
//
// To take the figure elsewhere, change its grid in one cell, e.g. the same check at depth L = 4:
// `await fig.run({ grid: grid.with({ depth: 4 }) })`.

// %%
tl.recordClaims(out);
