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
const rows = ordered.map((m) => ({
  member: m.member,
  initial: tl.exponentKernelDistance(runs, m.member, 'tokenKernel', 'initial'),
  final: tl.exponentKernelDistance(runs, m.member, 'tokenKernel', 'final'),
}));
for (const r of rows) console.log(`${r.member.padEnd(5)} d(αA=1, αA=½): initial ${r.initial.value.toFixed(4)} ± ${r.initial.error.toFixed(4)}   final ${r.final.value.toFixed(4)} ± ${r.final.error.toFixed(4)}`);
await tl.show(
  tl.lineFigure(
    [
      { name: 'initial', x: [0, 1, 2, 3], y: rows.map((r) => r.initial.value), error: rows.map((r) => r.initial.error), mode: 'markers' },
      { name: 'final', x: [0, 1, 2, 3], y: rows.map((r) => r.final.value), error: rows.map((r) => r.final.error), mode: 'markers' },
    ],
    { title: 'Token kernel: d(K̄(αA=1), K̄(αA=½)) per model (x: 0 base, 1 H-, 2 N-, 3 L-scaled)', xTitle: ordered.map((m, i) => `${i} = ${m.member}`).join(', '), yTitle: 'relative Frobenius distance', note: note },
  ),
  { name: 'alpha-distance' },
);

// %% [markdown]
// ## Claim

// %%
const margin = tl.headDimDistanceMargin(runs, ordered, family.seeds, 'tokenKernel', 'final');
void tl.recordClaim({
  figure: 'P1-7c',
  claim: 'token × token kernel: d(αA=1, αA=½) of the N-scaled model minus the largest of base, H-, L-scaled',
  value: margin.value,
  error: Number.isFinite(margin.error) ? margin.error : undefined,
  band: [0, Infinity],
  gated: false,
  details: {
    data: tl.p1LmDataLabel,
    kernel: 'token × token final-LN features of held-out sequence 0, seed-averaged',
    distances: rows.map((r) => ({ member: r.member, final: r.final.value, finalSE: r.final.error, initial: r.initial.value, initialSE: r.initial.error })),
    error: 'jackknife over seeds',
    note: 'weak at 2 seeds (FIGURES.md): reported, not gated',
    steps: family.steps,
    seeds: family.seeds,
    cut: family.cut,
  },
});

// %% [markdown]
// Diagnostic (not a FIGURES.md claim, not gated): at equal seeds the α_A = 1 and α_A = ½ networks share their weights
// up to the W^QK scale, so d(α_A = 1, α_A = ½) also carries a finite-width part of order n^{−1/2} (the kernel is an
// average over n coordinates). The base has n = 16, the H- and N-scaled models n = 64; comparing N with H (same n)
// isolates the N-dependence the caption describes.

// %%
const sameWidth = tl.headDimDistanceMargin(runs, ordered, family.seeds, 'tokenKernel', 'final', ['H']);
const sameWidthInitial = tl.headDimDistanceMargin(runs, ordered, family.seeds, 'tokenKernel', 'initial', ['H']);
console.log(`d_N − d_H: initial ${sameWidthInitial.value.toFixed(4)} ± ${sameWidthInitial.error.toFixed(4)}, final ${sameWidth.value.toFixed(4)} ± ${sameWidth.error.toFixed(4)}`);
void tl.recordClaim({
  figure: 'P1-7c',
  claim: 'diagnostic: token × token kernel, d(αA=1, αA=½) of the N-scaled minus the H-scaled model (equal width n)',
  value: sameWidth.value,
  error: Number.isFinite(sameWidth.error) ? sameWidth.error : undefined,
  band: [0, Infinity],
  gated: false,
  details: { data: tl.p1LmDataLabel, note: 'not a FIGURES.md claim: removes the n^(-1/2) finite-width part by comparing models of equal n', initial: sameWidthInitial.value, initialSE: sameWidthInitial.error, error: 'jackknife over seeds' },
});
