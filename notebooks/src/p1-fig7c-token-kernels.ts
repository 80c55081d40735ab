// %% [markdown]
// # P1 Fig. 7c — token × token kernel of one held-out sequence, initial and final, across scalings and α_A
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 7 (c): heat maps of the token × token kernel of one
// held-out sequence, Φ_{ss′} = (1/n) u_s·u_{s′} with u_s the final-LN features (the readout input) at position s, at
// initialization (row 1), after training with α_A = 1 (row 2) and with α_A = ½ (row 3), for the base model and its
// H-, N- and L-scaled versions. The causal mask makes early positions see few tokens; training builds structure
// between positions that share context.
//
// Claim (FIGURES.md P1-7c, "same claim as P1-7b"): d(K̄_final(α_A = 1), K̄_final(α_A = ½)) of the token kernel is
// largest for the N-scaled model among {base, H, N, L}; d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged
// kernels. Recorded as the margin d_N − max(d_base, d_H, d_L), band [0, ∞), jackknife SE over seeds; the four
// distances in the details. Weak at 2 seeds: **not gated**.
//
// Setting: the P1-7a runs (notebook p1-fig7a-lm-loss-across-scalings): base (4, 4, 2), H = 16, N = 16, L = 8,
// α_A ∈ {1, ½}, context 32, batch 16, η₀ = 0.05, 50 warmup, cosine over 600 steps, 2 seeds at quick scale; the
// sequence is the first of the 32 held-out probe sequences (the same for every run).
//
// Data: State of the Union addresses, character level, split by speech (in place of C4 / T5 tokens).
//
// Rows: P1-7c

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1LmFamilyRuns(scale);
const { family, members, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds${family.cut ? `; cut: ${family.cut}` : ''}`);
if (loaded.notOk.length > 0) console.log('not ok:', loaded.notOk.join('; '));
const ordered = ['base', 'H', 'N', 'L'].map((axis) => members.find((m) => m.axis === axis)!);
const note = `data: ${tl.p1LmDataLabel}; held-out sequence 0, context ${family.context}; seed mean of ${family.seeds} seeds, ${family.steps} steps`;

// %%
await tl.show(tl.lmKernelHeatmaps(runs, ordered, 'tokenKernel', { title: `P1 Fig. 7c: token × token kernel Φ_ss′ of one held-out sequence<br><sub>${note}</sub>` }), { name: 'token-kernels' });

// %% [markdown]
// Distance between the α_A = 1 and α_A = ½ token kernels of each model (± jackknife SE over seeds).

// %%
const rows = tl.alphaKernelDistances(runs, ordered, 'tokenKernel');
for (const r of rows) console.log(`${r.member.padEnd(5)} d(αA=1, αA=½): initial ${r.initial.value.toFixed(4)} ± ${r.initial.error.toFixed(4)}   final ${r.final.value.toFixed(4)} ± ${r.final.error.toFixed(4)}`);
await tl.show(tl.alphaKernelDistanceFigure(rows, { title: 'Token kernel: d(K̄(αA=1), K̄(αA=½)) per model (x: 0 base, 1 H-, 2 N-, 3 L-scaled)', note: note }), { name: 'alpha-distance' });

// %% [markdown]
// ## Claim
//
// The margin d_N − max(d_base, d_H, d_L) after training (band [0, ∞), not gated), and a diagnostic (not a FIGURES.md
// claim, not gated): at equal seeds the α_A = 1 and α_A = ½ networks share their weights up to the W^QK scale, so
// d(α_A = 1, α_A = ½) also carries a finite-width part of order n^{−1/2} (the kernel is an average over n coordinates).
// The base has n = 16, the H- and N-scaled models n = 64; comparing N with H (same n) isolates the N-dependence the
// caption describes.

// %%
const claims = tl.recordAlphaKernelClaims({
  figure: 'P1-7c',
  kernelLabel: 'token × token kernel',
  kernelDescription: 'token × token final-LN features of held-out sequence 0, seed-averaged',
  runs: runs,
  members: ordered,
  family: family,
  kind: 'tokenKernel',
  rows: rows,
});
console.log(`margin ${claims.margin.value.toFixed(4)} ± ${claims.margin.error.toFixed(4)}`);
