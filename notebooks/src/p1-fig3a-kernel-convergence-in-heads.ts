// %% [markdown]
// # P1 Fig. 3a — initial kernels converge in the number of heads like 1/H
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3a: relative squared error of the initial
// residual-stream kernel in each layer against H (log–log), with the H^{−1} reference. As H → ∞ at fixed N the
// attention output is a mean over i.i.d. heads and every stream kernel becomes deterministic, with squared fluctuations
// ∝ 1/H (THEORY.md §3.2).
//
// **Measured.** Pooled kernel of the raw stream after the read-in (ℓ = 0) and after each block ℓ,
// Φ_ℓ(x, x′) = (1/n) h̄_ℓ(x)·h̄_ℓ(x′), h̄ the token mean. Reference: the **computed limit** Φ_∞,ℓ = lim_{H→∞} Φ_ℓ at
// N = 4 (`tl.infiniteHeadKernels`, docs/theory/infinite-head-kernel.md: heads sampled exactly in law, values integrated,
// MC standard error of every entry from 8 replicate chains). Error of one seed = ‖Φ_ℓ − Φ_∞,ℓ‖²_F/‖Φ_∞,ℓ‖²_F minus the
// limit's own MC floor Σ SE²/‖Φ_∞,ℓ‖², averaged over 64 seeds per H; slope of log mean error against log H over **every**
// H ∈ {4,…,64} (the reference is the limit itself), ± least-squares SE and bootstrap-over-seeds SE; and the weighted fit
// H·err = C + D/H (the CLT over heads with its first correction), whose χ² tests that the limit is right (a limit off by δ
// would add δ²·H). The old proxy, the seed mean at H = 256 over 32 seeds, is kept as a second (dashed) curve.
//
// **Claims (FIGURES.md P1-3a).** Slope against the limit, fitted over every H, in [−1.25, −0.75] for every block ℓ ≥ 1, for
// the LN ViT (§2.2) and the no-LN variant (§2.3). Against the limit also: χ² of H·err = C + D/H below its 99.9 % quantile
// for every block (the band comes from the seeds' sampling error).
//
// **Settings.** N = 4, L = 4, α_A = 1, fixed-depth preset (β₀ = 4, b_L = β₀/L, positional table), 8 Gaussian 28×28 inputs
// (patch 7, S = 16 tokens of 49). Paper: no-LN variant, N = 4, L = 8 (notebook 5), H = 8…2048 against H = 2049, 64 seeds,
// 15 Gaussian 32×32×3 inputs, patch 4.
//
// **Data.** Gaussian inputs (as the paper).
//
// Rows: P1-3a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-3a'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread: build the network of its spec with its seed, one forward
// pass on the 8 probe images, return the pooled kernel of each layer (float64 from the float32 stream). The analysis
// then computes the limit on the same 8 images and every run's error against it and against the large-H proxy.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// The no-LN variant's fluctuations are heavy-tailed at small H (see the diagnostic table above): its mean-based slopes
// are steeper than the LN ViT's and sit closer to the lower edge of the band.
//
// To take the figure elsewhere, change its grid in one cell, e.g. α_A = ½ at more heads:
// `await fig.run({ grid: grid.with({ attentionExponent: 0.5 }).axis('heads', [4, 8, 16, 32, 64, 128, 256]) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
