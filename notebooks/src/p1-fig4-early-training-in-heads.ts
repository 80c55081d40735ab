// %% [markdown]
// # P1 Fig. 4 — early training converges as the number of heads grows (reconstructed)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 4 as inferred from the authors' early-training scripts
// (no caption recovered): the LN ViT trained with growing H at fixed N and L; loss curves against step, and the
// squared deviation of the network's predictions from the large-H limit against H at several steps, with reference
// slope H^{−1}. In the H → ∞ limit the attention output is a mean over heads, so predictions converge with squared
// deviation ∝ 1/H (CLT over heads, THEORY.md §3.2) — during training, not only at initialization.
//
// Claims (FIGURES.md P1-4): the slope of log mean‖z_H − z̄_ref‖² (output deviation: mean over 64 probe images and 10
// classes of the squared difference of centred logits to the seed mean at the reference H) against log H lies in
// [−1.4, −0.6] at every checkpoint (wide band: 4 seeds, 3 points); the loss-curve distance to the reference
// (mean over steps of |EMA difference| of seed-averaged curves) decreases with H — recorded as the largest ratio of
// consecutive distances, band [0, 1].
//
// Setting (quick): N = 4, L = 2, β₀ = 4, γ₀ = 0.2, α_A = 1, momentum 0.9, η₀ = 1, batch 8, 200 steps, 4 seeds;
// H ∈ {4, 8, 16} fitted against the seed mean at H = 64; checkpoints 50/100/200. Paper (inferred): batch 128,
// 2500 steps, 10 seeds, H up to 512. The depth panel of the inferred figure (loss for L ∈ {2, …, 64}) is not part of
// the quick reproduction.
//
// **Gates after the quick-scale measurement (FIGURES.md P1-4 decision and outcome).** The claims are also measured
// over a larger range H ∈ {8, 16, 32} (same reference H = 64). Gated: the deviation slope at the first checkpoint
// (step 50) and the loss-curve ordering over the larger range. Reported ungated, with the evidence below: the
// deviation slopes at steps 100 and 200 (both ranges) and the loss-curve ordering over H ∈ {4, 8, 16}. Evidence: the
// squared deviation (z_H − z̄_64)² is the seed variance of z_H plus a bias; the §3.2 law needs that seed variance to
// fall like 1/H. It falls from H = 4 to H = 8 at step 50 but much more slowly beyond (so the step-50 slope over the
// larger range is flat), and by step 200 the seed variance of z at H = 64 is as large as at H = 4 (the diagnostic
// cell; CLT over heads predicts a ratio 1/16): with η₀ = 1 and batch 8 training amplifies the finite-H fluctuations
// instead of averaging them, at every H we can afford — the larger range gives the same later slopes — so those
// slopes measure that amplification, not the approach to the H → ∞ limit.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49. (reconstructed)
//
// Rows: P1-4

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const settings = tl.p1EarlySettings(scale);
const t0 = Date.now();
const swept = await tl.sweep(tl.p1EarlyGrid(settings), tl.p1EarlyRunReference, { name: 'p1-fig4-early-training', scale, onProgress: tl.notebookProgress('P1-4') });
console.log(`scale ${scale}: ${swept.progress.computed} runs computed, ${swept.progress.cached} cached, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log('settings:', JSON.stringify(settings));
const byHeads = new Map<number, tl.P1EarlyRunResult[]>();
for (const r of swept.records) {
  const h = (r.config as { heads: number }).heads;
  if (r.status !== 'ok') console.log(`H=${h} seed ${String(r.config.seed)}: ${r.status} ${r.error ?? ''}`);
  byHeads.set(h, [...(byHeads.get(h) ?? []), r.result as unknown as tl.P1EarlyRunResult]);
}
const allHeads = [...byHeads.keys()].sort((a, b) => a - b);
for (const h of allHeads) {
  const list = byHeads.get(h)!;
  const f = tl.finalLossSummary(list.map((r) => r.losses));
  console.log(`H=${String(h).padEnd(3)} params ${list[0].parameters}  final loss ${f.mean.toFixed(4)} ± ${f.error.toFixed(4)}  ${(list.reduce((s, r) => s + r.msPerStep, 0) / list.length).toFixed(0)} ms/step`);
}

// %%
const note = `data: ${tl.p1ScaledDataLabel}; N = ${settings.headDim}, L = ${settings.depth}, batch ${settings.batchSize}, ${settings.seeds} seeds (reconstructed)`;
await tl.show(
  tl.lineFigure(
    allHeads.map((h, i) => {
      const y = tl.exponentialMovingAverage(tl.seedMeanSeries(byHeads.get(h)!.map((r) => r.losses)), 10);
      return { name: `H=${h}`, x: y.map((_, t) => t), y, color: tl.color(i), mode: 'lines' as const };
    }),
    { title: 'P1 Fig. 4: loss during early training across H (EMA of the seed mean)', xTitle: 'step', yTitle: 'loss', note: note },
  ),
  { name: 'loss-by-heads' },
);

// %% [markdown]
// Output deviation from the reference against H, at each checkpoint.

// %%
const slopesOver = (range: number[]) =>
  settings.checkpoints.map((step) => {
    const outputs = new Map<number, number[][]>();
    for (const h of [...range, settings.referenceHeads]) outputs.set(h, byHeads.get(h)!.map((r) => r.outputs.find((o) => o.step === step)!.z));
    return { step, ...tl.outputDeviationSlope(tl.outputDeviations(outputs, settings.referenceHeads)) };
  });
const slopes = slopesOver(settings.heads);
const largerSlopes = slopesOver(settings.largerHeads);
for (const s of largerSlopes) console.log(`larger range, step ${s.step}: deviations ${s.means.map((m) => m.toExponential(3)).join(', ')} at H = ${s.heads.join(', ')}; slope ${s.slope.toFixed(3)} ± ${s.bootstrapSE.toFixed(3)} (bootstrap)`);
for (const s of slopes) console.log(`step ${s.step}: deviations ${s.means.map((m) => m.toExponential(3)).join(', ')} at H = ${s.heads.join(', ')}; slope ${s.slope.toFixed(3)} ± ${s.bootstrapSE.toFixed(3)} (bootstrap)`);
await tl.show(
  tl.logLogFigure(
    [
      ...slopes.map((s, i) => ({ name: `step ${s.step}, H ≤ ${Math.max(...s.heads)} (slope ${s.slope.toFixed(2)})`, x: s.heads, y: s.means, color: tl.color(i) })),
      ...largerSlopes.map((s, i) => ({ name: `step ${s.step}, H ≥ ${Math.min(...s.heads)} (slope ${s.slope.toFixed(2)})`, x: s.heads, y: s.means, color: tl.color(i), dash: 'dot' as const })),
    ],
    {
      title: `Prediction deviation from H = ${settings.referenceHeads} against H`,
      xTitle: 'H',
      yTitle: `mean (z_H − z̄_${settings.referenceHeads})²`,
      note: note,
      references: [{ exponent: -1, prefactor: slopes[slopes.length - 1].means[0] * slopes[0].heads[0], xMin: slopes[0].heads[0], xMax: slopes[0].heads[slopes[0].heads.length - 1], name: '∝ H^{-1}' }],
    },
  ),
  { name: 'deviation-vs-heads' },
);

// %% [markdown]
// Diagnostic: the spread of z over seeds at each H (mean over probes and classes of the variance over seeds). In the
// H → ∞ limit the trajectory is deterministic given the data order, so this spread should fall like 1/H; if it stops
// falling at later checkpoints, finite-H fluctuations are amplified by training (large η₀ with batch 8) rather than
// averaged out, and the slope claim below flattens for that reason.

// %%
for (const step of settings.checkpoints) {
  const cells = allHeads.map((h) => {
    const zs = byHeads.get(h)!.map((r) => r.outputs.find((o) => o.step === step)!.z);
    const spread = tl.seedSpread(zs);
    return `H=${h}: ${spread.toFixed(3)}`;
  });
  console.log(`step ${step}: seed variance of z  ${cells.join('  ')}`);
}

// %% [markdown]
// ## Claims

// %%
const details = { data: tl.p1ScaledDataLabel, ...settings };
const firstCheckpoint = settings.checkpoints[0];
for (const s of slopes) {
  tl.recordClaim({
    figure: 'P1-4',
    claim: `step ${s.step}: slope of log mean (z_H − z̄_${settings.referenceHeads})² vs log H over H = ${s.heads.join(', ')}`,
    value: s.slope,
    error: s.bootstrapSE,
    band: [-1.4, -0.6],
    ...(s.step === firstCheckpoint ? {} : { gated: false }),
    details: { ...details, deviations: s.means, error: 'bootstrap over seeds', ...(s.step === firstCheckpoint ? {} : { note: 'ungated: the seed variance of z stops falling with H (see the diagnostic claim)' }) },
  });
}
const lossLosses = new Map<number, number[][]>([...byHeads].filter(([h]) => h === settings.referenceHeads || settings.heads.includes(h)).map(([h, list]) => [h, list.map((r) => r.losses)]));
const gaps = tl.lossGapsToReference(lossLosses, settings.referenceHeads);
const gapList = [...gaps.values()];
console.log([...gaps].map(([h, d]) => `d(H=${h}, H=${settings.referenceHeads}) = ${d.toFixed(4)}`).join('\n'));
let worst = -Infinity;
for (let i = 0; i + 1 < gapList.length; i++) worst = Math.max(worst, gapList[i + 1] / gapList[i]);
void tl.recordClaim({
  figure: 'P1-4',
  claim: `loss-curve distance to H = ${settings.referenceHeads} decreases with H (max ratio of consecutive distances)`,
  value: worst,
  band: [0, 1],
  gated: false,
  details: { ...details, distances: Object.fromEntries(gaps) },
});

// %% [markdown]
// ## The same claims over the larger range H ∈ {8, 16, 32} (FIGURES.md P1-4 decision: the claim at two sizes)

// %%
for (const s of largerSlopes) {
  tl.recordClaim({
    figure: 'P1-4',
    claim: `larger range, step ${s.step}: slope of log mean (z_H − z̄_${settings.referenceHeads})² vs log H over H = ${s.heads.join(', ')}`,
    value: s.slope,
    error: s.bootstrapSE,
    band: [-1.4, -0.6],
    gated: false,
    details: { ...details, deviations: s.means, error: 'bootstrap over seeds' },
  });
}
const largerLosses = new Map<number, number[][]>([...byHeads].filter(([h]) => h === settings.referenceHeads || settings.largerHeads.includes(h)).map(([h, list]) => [h, list.map((r) => r.losses)]));
const largerGaps = [...tl.lossGapsToReference(largerLosses, settings.referenceHeads).values()];
let largerWorst = -Infinity;
for (let i = 0; i + 1 < largerGaps.length; i++) largerWorst = Math.max(largerWorst, largerGaps[i + 1] / largerGaps[i]);
console.log(`larger range: loss-curve distances ${largerGaps.map((d) => d.toFixed(4)).join(', ')}`);
void tl.recordClaim({
  figure: 'P1-4',
  claim: `larger range H = ${settings.largerHeads.join(', ')}: loss-curve distance to H = ${settings.referenceHeads} decreases with H (max ratio of consecutive distances)`,
  value: largerWorst,
  band: [0, 1],
  details: { ...details, distances: largerGaps },
});
const lastCheckpoint = settings.checkpoints[settings.checkpoints.length - 1];
const spreadAt = (h: number) => tl.seedSpread(byHeads.get(h)!.map((r) => r.outputs.find((o) => o.step === lastCheckpoint)!.z));
const smallestH = Math.min(...settings.heads);
void tl.recordClaim({
  figure: 'P1-4',
  claim: `diagnostic, step ${lastCheckpoint}: seed variance of z at H = ${settings.referenceHeads} / at H = ${smallestH} (CLT over heads: ${smallestH}/${settings.referenceHeads})`,
  value: spreadAt(settings.referenceHeads) / spreadAt(smallestH),
  band: [0, (2 * smallestH) / settings.referenceHeads],
  gated: false,
  details: { ...details, note: 'evidence for ungating the later-checkpoint slopes: training amplifies finite-H fluctuations at this recipe', spreads: Object.fromEntries(allHeads.map((h) => [h, spreadAt(h)])) },
});
