// %% [markdown]
// # P1 Fig. 7b — final-token kernels of the language model across scalings, α_A ∈ {1, ½}
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 7 (b): heat maps of the final-token kernel across 32
// held-out sequences, Φ(x, x′) = (1/n) u_S(x)·u_S(x′) with u_S the final-LN features (the readout input) at the last
// position: at initialization (row 1), after training with α_A = 1 (row 2) and with α_A = ½ (row 3), for the base model
// and its H-, N- and L-scaled versions. The caption: the learned kernels are identical across α_A except for a slight
// difference at large N. With QK-LayerNorm the logits A = q·k/N^{α_A} have spread N^{1/2−α_A}: α_A only matters
// through N, so only N-scaling should separate the two rows.
//
// Claim (FIGURES.md P1-7b): d(K̄_final(α_A = 1), K̄_final(α_A = ½)) is largest for the N-scaled model among
// {base, H, N, L}; d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged kernels. Recorded as the margin
// d_N − max(d_base, d_H, d_L), band [0, ∞), jackknife SE over seeds; all four distances with SEs in the details and
// printed below. Weak at 2 seeds: **not gated**.
//
// Setting: the P1-7a runs (notebook p1-fig7a-lm-loss-across-scalings): base (4, 4, 2), H = 16, N = 16, L = 8,
// α_A ∈ {1, ½}, context 32, batch 16, η₀ = 0.05, 50 warmup, cosine over 600 steps, 2 seeds at quick scale; probes =
// 32 held-out sequences evenly spaced over the held-out speeches.
//
// Data: State of the Union addresses, character level, split by speech (in place of C4 / T5 tokens).
//
// Rows: P1-7b

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1LmFamilyRuns(scale);
const { family, members, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds${family.cut ? `; cut: ${family.cut}` : ''}`);
if (loaded.notOk.length > 0) console.log('not ok:', loaded.notOk.join('; '));
const ordered = ['base', 'H', 'N', 'L'].map((axis) => members.find((m) => m.axis === axis)!);
const note = `data: ${tl.p1LmDataLabel}; ${family.probeCount} held-out sequences, context ${family.context}; seed mean of ${family.seeds} seeds, ${family.steps} steps`;

// %%
await tl.show(tl.lmKernelHeatmaps(runs, ordered, 'finalTokenKernel', { title: `P1 Fig. 7b: final-token kernel Φ(x, x′) across held-out sequences<br><sub>${note}</sub>` }), { name: 'final-token-kernels' });

// %% [markdown]
// Distance between the α_A = 1 and α_A = ½ kernels of each model (± jackknife SE over seeds), at initialization and
// after training.

// %%
const rows = tl.alphaKernelDistances(runs, ordered, 'finalTokenKernel');
for (const r of rows) console.log(`${r.member.padEnd(5)} d(αA=1, αA=½): initial ${r.initial.value.toFixed(4)} ± ${r.initial.error.toFixed(4)}   final ${r.final.value.toFixed(4)} ± ${r.final.error.toFixed(4)}`);
await tl.show(tl.alphaKernelDistanceFigure(rows, { title: 'd(K̄(αA=1), K̄(αA=½)) per model (x: 0 base, 1 H-, 2 N-, 3 L-scaled)', note: note }), { name: 'alpha-distance' });

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
  figure: 'P1-7b',
  kernelLabel: 'final-token kernel',
  kernelDescription: 'final-token final-LN features across held-out sequences, seed-averaged',
  runs: runs,
  members: ordered,
  family: family,
  kind: 'finalTokenKernel',
  rows: rows,
});
console.log(`margin ${claims.margin.value.toFixed(4)} ± ${claims.margin.error.toFixed(4)}`);
