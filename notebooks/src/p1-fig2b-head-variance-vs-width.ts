// %% [markdown]
// # P1 Fig 2b — variance of the trained attention over heads against N
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 2b: the variance over heads of the trained
// attention logits A^a_{ss′}(x) against the head dimension N (log-log), reference N^{−2}. With α_A = 1 all heads
// collapse to one as N grows (the variance decays); with α_A = ½ heads stay distinct (flat). THEORY §3.1.
//
// **Claims (FIGURES.md P1-2b):** the P1-2a runs at each α_A's best η₀ (the optimum of the N = 16 curve), plus N = 32
// (2 seeds, same settings, 200 steps); statistic = variance over the 4 heads of A in the last block, averaged over the
// 32 probe images and all (s, s′). Slope against log N: α_A = 1 ≤ −0.7 (caption ≈ −2; the initial part alone gives
// −1, THEORY §9 item 2); α_A = ½ in [−0.35, 0.35]; slope(1) − slope(½) ≤ −0.6. At t = 0 the statistic (averaged over
// both blocks) equals 1/(4N) (α_A = 1) and 1/4 (α_A = ½) within 20 %.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M.
//
// Rows: P1-2b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const fig = tl.figures['P1-2b'];
const grid = fig.grid(scale);
console.log(grid.describe());

// %% [markdown]
// P1-2b runs on P1-2a's grid and cache: the transfer runs (cache hits after P1-2a, η₀ grid extended as there), then for
// each α_A the widths N ∪ extraWidths at that α_A's best η₀ (the optimum of the largest-N curve); only the new N are
// computed. The analysis fits the slope of the trained head variance against log N and checks t = 0 against
// N^{1−2α_A}/4.

// %%
const out = await fig.run({ scale: scale }); // (tslab: no shorthand { scale } for a variable of an earlier cell)
tl.printTables(out);

// %%
await tl.showPlots(out);

// %% [markdown]
// To take the figure elsewhere, change its grid in one cell, e.g. more widths at the best η₀:
// `await fig.run({ grid: grid.with({ extraWidths: [32, 64] }) })`.
//
// ## Claims

// %%
tl.recordClaims(out);
