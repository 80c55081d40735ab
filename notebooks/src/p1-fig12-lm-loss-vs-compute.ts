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
// Rows: P1-12

// %%
import * as tl from 'transformer-limits';

const counts = tl.paperLmParameterCounts(32101, 256);
for (const c of counts) console.log(`${c.label.padEnd(15)} parameterCount ${c.counted}   2Vn + 257n + V + 6Ln² = ${c.formula}`);
const quoted: Record<string, number> = { 'base (8, 8, 4)': 4255781, 'L = 64': 5730341, 'H = 128': 91203941, 'N = 128': 91203941 };
const byLabel = Object.fromEntries(counts.map((c) => [c.label, c]));
const depthRatio = byLabel['L = 64'].counted / byLabel['base (8, 8, 4)'].counted;
console.log(`L = 64 / base = ×${depthRatio.toFixed(3)}; H = 128 and N = 128 give the same count: ${byLabel['H = 128'].counted === byLabel['N = 128'].counted}`);

// %% [markdown]
// ## Claims: the parameter counter

// %%
for (const label of ['base (8, 8, 4)', 'L = 64', 'H = 128']) {
  const c = byLabel[label];
  void tl.recordClaim({
    figure: 'P1-12',
    claim: `parameter counter at V = 32 101, context 256: ${label === 'H = 128' ? 'H = 128 (and N = 128)' : label}`,
    value: c.counted,
    band: [quoted[label], quoted[label]],
    details: { headDim: c.headDim, heads: c.heads, depth: c.depth, formula: '2Vn + 257n + V + 6Ln²', formulaValue: c.formula, nScaledCount: byLabel['N = 128'].counted, depthComputeRatio: depthRatio },
  });
}

// %% [markdown]
// ## Loss against compute on SOTU characters

// %%
const scale = tl.currentScale();
const loaded = await tl.p1LmFamilyRuns(scale);
const { family, members, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds${family.cut ? `; cut: ${family.cut}` : ''}`);
if (loaded.notOk.length > 0) console.log('not ok:', loaded.notOk.join('; '));
const vocabulary = tl.lmGroup(runs, 'base', 1)[0].result.vocabulary;
const ordered = ['base', 'H', 'N', 'L'].map((axis) => members.find((m) => m.axis === axis)!);
for (const m of ordered) {
  const p = tl.lmGroup(runs, m.member, 1)[0].result.parameters;
  const share = tl.embeddingShare(m, vocabulary, family.context);
  console.log(`${m.member.padEnd(5)} P = ${p} (= ${tl.lmParameterFormula(vocabulary, m.headDim * m.heads, m.depth, family.context)} by the formula), embedding + readout share ${(100 * share).toFixed(0)} %, total compute ${tl.lmGroup(runs, m.member, 1)[0].result.compute.toExponential(2)} FLOPs`);
}
const baseShare = tl.embeddingShare(family.base, vocabulary, family.context);
const paperShare = tl.embeddingShare({ headDim: 8, heads: 8, depth: 4 }, 32101, 256);
const L = ordered[3];
const charDepthRatio = tl.lmGroup(runs, L.member, 1)[0].result.parameters / tl.lmGroup(runs, 'base', 1)[0].result.parameters;
const note =
  `data: ${tl.p1LmDataLabel}, V = ${vocabulary}; ${family.steps} steps, ${family.seeds} seeds.<br>` +
  `With characters, embeddings no longer dominate: embedding + readout = ${(100 * baseShare).toFixed(0)} % of the base's parameters<br>` +
  `(paper, V = 32 101: ${(100 * paperShare).toFixed(0)} %), so ${L.member} costs ×${charDepthRatio.toFixed(2)} the base's compute here (paper, L = 64: ×${depthRatio.toFixed(2)}). H=16 and N=16 have equal P.`;
await tl.show(tl.lmLossVersusCompute(runs, family, members, { title: 'P1 Fig. 12: LM loss vs compute (solid αA=1, dashed αA=½)', note: note }), { name: 'loss-vs-compute' });

// %% [markdown]
// The α_A ordering at fixed compute (same model, same step, so the same compute): final loss(α_A = ½) − final
// loss(α_A = 1) per model. Positive = α_A = 1 better (the Fig. 12 caption for N- and H-scaling); the Fig. 7a caption
// says N-scaling favours α_A = ½. Reported, not asserted (THEORY.md §9 item 4).

// %%
const ordering = ordered.map((m) => {
  const one = tl.lmFinalLoss(runs, m.member, 1);
  const halfExp = tl.lmFinalLoss(runs, m.member, 0.5);
  return { member: m.member, axis: m.axis, value: halfExp.mean - one.mean, error: Math.sqrt(one.error ** 2 + halfExp.error ** 2) };
});
for (const o of ordering) console.log(`${o.member.padEnd(5)} loss(αA=½) − loss(αA=1) = ${o.value.toFixed(4)} ± ${o.error.toFixed(4)}`);
for (const o of ordering.filter((x) => x.axis === 'N' || x.axis === 'H')) {
  void tl.recordClaim({
    figure: 'P1-12',
    claim: `Fig. 12 caption ordering, ${o.member}: at fixed compute loss(αA=½) − loss(αA=1) ≥ 0 (αA = 1 better)`,
    value: o.value,
    error: Number.isFinite(o.error) ? o.error : undefined,
    band: [0, Infinity],
    gated: false,
    details: { data: tl.p1LmDataLabel, vocabulary: vocabulary, note: 'conflicts with the Fig. 7a caption (THEORY.md §9 item 4): plotted and reported, not asserted', ordering: ordering, steps: family.steps, seeds: family.seeds, cut: family.cut },
  });
}
