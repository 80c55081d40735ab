// %% [markdown]
// # P1 Fig. 12 — language-model loss against compute for the base and its N-, H- and L-scaled versions, α_A ∈ {1, ½}
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 12: loss against compute C = 6 × parameters × tokens for
// the LM of Fig. 7 (base (N, H, L) = (8, 8, 4) scaled in N, H or L), α_A = 1 and ½. Compute uses the exact parameter
// count of THEORY.md §2.4, P = 2Vn + (S + 1)n + V + 6Ln² (embedding, positional table of S + 1 rows, readout, readout
// bias, six n × n matrices per block). At the paper's T5 vocabulary (V = 32 101) the embedding and readout dominate,
// so L-scaling from 4 to 64 blocks adds only ×1.35 compute.
//
// Claims (FIGURES.md P1-12): the parameter counter reproduces 4 255 781 (base), 5 730 341 (L = 64) and 91 203 941
// (H = 128 or N = 128) at V = 32 101, context 256 — deterministic, one claim per count, band = the exact integer.
// The α_A ordering at fixed compute conflicts with the Fig. 7a caption (THEORY.md §9 item 4): plotted and reported
// (the Fig. 12 caption's "α_A = 1 better at fixed compute" for the N- and H-scaled models as **non-gated** records),
// not asserted. With a character vocabulary embeddings no longer dominate: said on the plot.
//
// Setting: the P1-7a runs (notebook p1-fig7a-lm-loss-across-scalings): base (4, 4, 2), H = 16, N = 16, L = 8,
// α_A ∈ {1, ½}, context 32, batch 16, η₀ = 0.05, 50 warmup, cosine over 600 steps, 2 seeds at quick scale. Compute
// after step t: 6 · P · (t + 1) · batch · context.
//
// Data: State of the Union addresses, character level (V ≈ 99), split by speech (in place of C4 / T5 tokens, V = 32 101).
//
// The runs are P1-7a's (one grid, one cache: whichever of the P1-7/12 notebooks runs first computes, the others read).
// The analysis counts the paper's LMs at V = 32 101, tabulates parameters, embedding share and compute of the SOTU
// members, draws loss against compute and reports the α_A ordering at fixed compute: final loss(α_A = ½) − final
// loss(α_A = 1) per model (same model, same step, so the same compute; positive = α_A = 1 better, the Fig. 12 caption
// for N- and H-scaling; the Fig. 7a caption says N-scaling favours α_A = ½).
//
// Rows: P1-12

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P1-12'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. twice the steps (the cosine follows):
// `await fig.run({ grid: grid.with({ steps: 2 * grid.settings.steps }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
