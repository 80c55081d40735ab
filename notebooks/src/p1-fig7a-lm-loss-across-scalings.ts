// %% [markdown]
// # P1 Fig. 7a — causal language model: loss of the base and its H-, N- and L-scaled versions, α_A ∈ {1, ½} (reconstructed η₀, batch)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 7 (a): training loss against step for a decoder-only
// language model (THEORY.md §2.4: QK-LayerNorm, GELU after LN, causal mask, readout bias; Adam ε = 10⁻²⁰ at peak η₀/√n,
// linear warmup then cosine decay, §2.5, §2.7) and for copies scaled in one size at a time — more heads H, larger head
// dimension N, more blocks L — each at α_A = 1 (solid) and α_A = ½ (dashed).
//
// Claims (FIGURES.md P1-7a), with Δ_X(α_A) = final loss(base) − final loss(X-scaled), final loss = mean train loss over
// the last 10 % of steps, seed mean, SE = SD/√seeds, combined SEs = √(Σ SE²):
// (i) H-scaling lowers the final loss for both α_A by more than 2 SE: Δ_H(α_A) ≥ 2 SE (one claim per α_A);
// (ii) N-scaling helps α_A = ½ more than α_A = 1: Δ_N(½) − Δ_N(1) ≥ 2 × combined SE — scale-sensitive, **not gated**;
// (iii) L-scaling helps less than H-scaling: Δ_H(α_A) − Δ_L(α_A) ≥ 0 for both α_A.
//
// Setting (quick): base (N, H, L) = (4, 4, 2), scaled to H = 16, N = 16, L = 8; (α_L, β₀, γ₀) = (1, 4, 0.25);
// context 32, batch 16, η₀ = 0.05 (peak η₀/√n), 50 warmup steps, cosine to 0 over 600 steps, 2 seeds, one window
// order shared by every run (seeds change only the initial weights). The paper: base (8, 8, 4) on C4 with the T5
// vocabulary, context 256, batch 128, 100 warmup, 10 000 steps, scaled to H = 128, N = 128, L = 64; η₀ and the batch
// size come from run scripts (reconstructed).
//
// Throughput (measured on the 2-core box, wasm backend with the native kernels): wall time per training step ≈ 5 / 19 /
// 11 / 20 ms for base / H = 16 / N = 16 / L = 8; the whole quick sweep (16 runs, ≈ 1.1×10¹² FLOPs) took 69 s cold with
// 2 workers (348 s with tfjs's own wasm kernels). That is within the ≈ 6 min budget, so nothing was cut.
//
// Data: State of the Union addresses, character level (≈ 99 symbols), split by speech (in place of C4 / T5 tokens).
// (reconstructed)
//
// Rows: P1-7a

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1LmFamilyRuns(scale);
const { family, members, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s (summed run time ${loaded.runSeconds.toFixed(0)} s)`);
console.log(`settings: base (N,H,L) = (${family.base.headDim},${family.base.heads},${family.base.depth}), η₀ = ${family.learningRate}, warmup ${family.warmupSteps}, ${family.steps} steps, context ${family.context}, batch ${family.batchSize}, ${family.seeds} seeds${family.cut ? `; cut: ${family.cut}` : ''}`);
if (loaded.notOk.length > 0) console.log('not ok:', loaded.notOk.join('; '));
for (const m of members) {
  for (const a of family.attentionExponents) {
    const f = tl.lmFinalLoss(runs, m.member, a);
    const h = tl.lmHeldOutLoss(runs, m.member, a);
    const r = tl.lmGroup(runs, m.member, a)[0].result;
    console.log(`${m.member.padEnd(5)} αA=${String(a).padEnd(3)} N=${m.headDim} H=${m.heads} L=${m.depth}  params ${r.parameters}  final train loss ${f.mean.toFixed(4)} ± ${f.error.toFixed(4)}  held-out ${h.mean.toFixed(4)} ± ${h.error.toFixed(4)}  ${loaded.msPerStep[m.member].toFixed(0)} ms/step`);
  }
}

// %% [markdown]
// Loss curves (EMA, half-life 10 steps, of the seed-mean train loss), one panel per scaled axis.

// %%
const data = tl.lmGroup(runs, 'base', 1)[0].result.data;
const note = `data: ${tl.p1LmDataLabel} [${data}]; context ${family.context}, batch ${family.batchSize}, ${family.steps} steps, ${family.seeds} seeds (reconstructed η₀, batch)`;
await tl.show(tl.lmLossPanels(runs, family, members, { title: 'P1 Fig. 7a: LM loss across H, N, L', note: note }), { name: 'lm-loss-curves' });

// %% [markdown]
// ## Claims

// %%
const H = members.find((m) => m.axis === 'H')!.member;
const N = members.find((m) => m.axis === 'N')!.member;
const L = members.find((m) => m.axis === 'L')!.member;
const finite = (x: number) => (Number.isFinite(x) ? x : undefined);
const half = (a: number) => (a === 1 ? '1' : '½');
const detailsBase = { data: tl.p1LmDataLabel, corpus: data, base: family.base, scaled: { H: family.scaledHeads, N: family.scaledHeadDim, L: family.scaledDepth }, learningRate: family.learningRate, warmupSteps: family.warmupSteps, steps: family.steps, context: family.context, batchSize: family.batchSize, seeds: family.seeds, cut: family.cut, finalLoss: 'mean train loss over the last 10 % of steps' };
const gains: Record<string, unknown> = {};
for (const a of family.attentionExponents) {
  for (const m of [H, N, L]) {
    const g = tl.scalingGain(runs, m, a);
    gains[`Δ(${m}, αA=${a})`] = { value: g.value, se: g.error };
    console.log(`Δ(${m}, αA=${half(a)}) = ${g.value.toFixed(4)} ± ${g.error.toFixed(4)}`);
  }
}
for (const a of family.attentionExponents) {
  const g = tl.scalingGain(runs, H, a);
  void tl.recordClaim({
    figure: 'P1-7a',
    claim: `(i) H-scaling lowers the final loss, αA=${half(a)}: Δ_H = loss(base) − loss(${H}) ≥ 2 SE`,
    value: g.value,
    error: finite(g.error),
    band: [2 * g.error, Infinity],
    details: { ...detailsBase, attentionExponent: a, base: tl.lmFinalLoss(runs, 'base', a), scaledModel: tl.lmFinalLoss(runs, H, a) },
  });
}
const d = tl.gainDifference(runs, N);
void tl.recordClaim({
  figure: 'P1-7a',
  claim: `(ii) N-scaling helps αA=½ more than αA=1: Δ_N(½) − Δ_N(1) ≥ 2 SE (${N})`,
  value: d.value,
  error: finite(d.error),
  band: [2 * d.error, Infinity],
  gated: false,
  details: { ...detailsBase, gains: gains, note: 'scale-sensitive (FIGURES.md): reported, not gated; see THEORY.md §9 item 4 for the conflict with the Fig. 12 caption' },
});
for (const a of family.attentionExponents) {
  const gh = tl.scalingGain(runs, H, a);
  const gl = tl.scalingGain(runs, L, a);
  void tl.recordClaim({
    figure: 'P1-7a',
    claim: `(iii) L-scaling helps less than H-scaling, αA=${half(a)}: Δ_H − Δ_L ≥ 0`,
    value: gh.value - gl.value,
    error: finite(Math.sqrt(gh.error ** 2 + gl.error ** 2)),
    band: [0, Infinity],
    details: { ...detailsBase, attentionExponent: a, deltaH: gh, deltaL: gl, note: 'point estimate against the band (FIGURES.md "Statistics"); the error is the combined SE, correlated through the shared base' },
  });
}
