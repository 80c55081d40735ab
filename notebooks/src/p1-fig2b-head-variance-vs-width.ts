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
const settings = tl.fig2Settings(scale);
const options = { ...settings, scale };
const transfer = await tl.runTransferExperiment(options);
const optima = tl.transferOptima(transfer.records);
const largest = settings.headDims[settings.headDims.length - 1];
const bestRates: Record<number, number> = {};
for (const a of settings.attentionExponents) bestRates[a] = optima.find((o) => o.key.attentionExponent === a && o.key.headDim === largest)!.best;
const widths = [...settings.headDims, ...settings.extraWidths];
const { records, seconds } = await tl.runHeadVarianceExperiment(options, widths, bestRates);
console.log(`best η₀ (optimum at N = ${largest}): ${JSON.stringify(bestRates)}; N = ${widths.join(', ')}; new runs computed in ${seconds.toFixed(1)} s; not ok: ${records.filter((r) => r.status !== 'ok').length}`);

// %%
const fits: Record<number, tl.SeedSlope> = {};
const series: tl.Series[] = [];
settings.attentionExponents.forEach((a, i) => {
  const rows = records.filter((r) => r.attentionExponent === a);
  const fit = tl.slopeOverSeeds(rows.map((r) => ({ x: r.headDim, seed: r.seed, y: r.finalHeadVariance })));
  fits[a] = fit;
  series.push({ name: `trained, α_A = ${a} (slope ${fit.slope.toFixed(2)})`, x: fit.points.map((p) => p.x), y: fit.points.map((p) => p.mean), error: fit.points.map((p) => p.se), color: tl.color(i) });
  const init = tl.headVarianceByWidth(records, a, bestRates[a], 'initialHeadVariance');
  series.push({ name: `t = 0, α_A = ${a}`, x: init.map((p) => p.headDim), y: init.map((p) => p.mean), dash: 'dot', color: tl.color(i) });
});
const first = fits[1].points[0];
const figure = tl.logLogFigure(series, {
  title: `Head variance of A (last block) after ${settings.steps} steps against N`,
  xTitle: 'head dimension N',
  yTitle: 'variance over heads of A^a_{ss′}(x)',
  references: [
    { exponent: -2, prefactor: first.mean * first.x ** 2, xMin: widths[0], xMax: widths[widths.length - 1], name: 'N^{−2}' },
    { exponent: -1, prefactor: 0.25, xMin: widths[0], xMax: widths[widths.length - 1], name: '1/(4N) (t = 0, α_A = 1)' },
  ],
  note: `data: Fashion-MNIST (stand-in for CIFAR-5M); H = 4, L = 2, β₀ = 4, γ₀ = 0.25, ${settings.seeds} seed(s), scale ${scale}`,
});
await tl.show(figure, { name: 'p1-2b-head-variance' });

// %%
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, widths: widths, bestRates: bestRates };
const se = (f: tl.SeedSlope) => (Number.isFinite(f.slopeSE) ? f.slopeSE : undefined);
tl.recordClaim({ figure: 'P1-2b', claim: 'α_A = 1: slope of log head variance vs log N (caption ≈ −2)', value: fits[1].slope, error: se(fits[1]), band: [-Infinity, -0.7], details: { ...details, points: fits[1].points } });
tl.recordClaim({ figure: 'P1-2b', claim: 'α_A = ½: slope of log head variance vs log N (flat)', value: fits[0.5].slope, error: se(fits[0.5]), band: [-0.35, 0.35], details: { ...details, points: fits[0.5].points } });
tl.recordClaim({ figure: 'P1-2b', claim: 'slope(α_A = 1) − slope(α_A = ½)', value: fits[1].slope - fits[0.5].slope, band: [-Infinity, -0.6], details });
for (const a of settings.attentionExponents) {
  const init = tl.headVarianceByWidth(records, a, bestRates[a], 'initialHeadVariance');
  const ratios = init.map((p) => p.mean / (p.headDim ** (1 - 2 * a) / 4));
  tl.recordClaim({ figure: 'P1-2b', claim: `t = 0, α_A = ${a}: max over N of |head variance / (N^{1−2α_A}/4) − 1|`, value: Math.max(...ratios.map((r) => Math.abs(r - 1))), band: [0, 0.2], details: { ...details, ratios } });
}
