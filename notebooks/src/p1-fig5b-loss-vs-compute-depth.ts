// %% [markdown]
// # P1 Fig 5b — loss against compute for a depth sweep (reconstructed grid)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 5b: training loss against compute
// (6 × parameters × tokens) for depths L, solid α_L = ½, dashed α_L = 1. The caption's message: at large depth the
// α_L = 1 scaling (every block keeps learning, THEORY §3.3) trains better than α_L = ½.
//
// **Claim (FIGURES.md P1-5b, R: grid):** same runs as P1-5a (depth-sweep ViT, N = H = 4, β₀ = 6, γ₀ = 0.1, α_A = 1,
// η₀ = 0.2, batch 32, L ∈ {2, 4, 8, 16}, 2 seeds): at L = 16, final loss(α_L = 1) ≤ final loss(α_L = ½) + 2 SE
// (SE of the difference over seeds). Scale-sensitive: reported as measured.
// **Scale used:** FIGURES.md's quick grid with 1000 steps (the native kernels made the L = 16 runs cheap enough).
// Compute counts tokens as patches: C = 6 × parameters × steps × batch × 16. At L = L₀ = 2 both α_L give the same
// network (b_L = β₀(L/2)^{−α_L} = β₀), so the two L = 2 curves coincide.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M.
//
// Rows: P1-5b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-5b'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// The runs are P1-5a's (same grid, same cache: cache hits after P1-5a). The analysis averages each (α_L, L) loss curve
// over seeds in windows of `lossWindow` steps and plots it against compute C = 6 × parameters × steps × batch × 16.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. a smaller branch scale:
// `await fig.run({ grid: grid.with({ branchScale: 4 }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
