// %% [markdown]
// # P1 Fig. 3b — density of the attention logit over heads as H grows, at small N
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3b: the density (log scale) of A^a_{ss′}(0)
// over heads × seeds at one input and one token pair, last block, one curve per H, with the Gaussian dashed. In the
// H → ∞ limit at fixed N each head is an i.i.d. draw from a non-Gaussian single-head law (THEORY.md §3.2, §4).
//
// **Claims (FIGURES.md P1-3b).**
// - LN ViT: samples pooled over heads, blocks and seeds at one (s, s′) pass a one-sample KS test against the exact law
//   of §4 at 99 % for every H (LN fixes |u_s|² = n, so the law is exact at every H).
// - LN ViT at N = 4, H = 128 (16 384 samples): KS distance to the equal-variance Gaussian ≥ 0.02 (exact value 0.033).
// - No-LN variant (§2.3; its attention inputs have random norms, so its law converges in H): plotted beside its **computed
//   H → ∞ law** (`tl.p1LimitingLogitLaw`: the §4 law with the query/key variances c·G_ss of the infinite-head kernel,
//   docs/theory/infinite-head-kernel.md §4); at the largest H the last-block samples pass a one-sample KS test against it
//   at 99 % (band from the sample size). The two-sample KS(H, H = 128) and KS(H, limit) at smaller H are reported, not gated.
//
// **Settings.** α_A = ½ (A(0) stays O(1); the paper's x-range [−1, 1] fits its ½ variance scale), L = 4, token pair
// (4, 4), one Gaussian 28×28 image (patch 7, S = 16), fixed-depth preset (β₀ = 4, b_L = β₀/L). Quick: N ∈ {4, 16},
// H ∈ {8, 32, 128}, 16 seeds (32 at H = 128); the paper used the no-LN variant, N = 16, H ∈ {32,…,256}, 32 seeds.
//
// **Data.** Gaussian inputs (as the paper).
//
// Rows: P1-3b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const cfg = tl.byScale({
  smoke: { headDims: [4, 16], heads: [2, 4, 8], seeds: 2, seedsAtLargest: 4 },
  quick: { headDims: [4, 16], heads: [8, 32, 128], seeds: 16, seedsAtLargest: 32 },
  paper: { headDims: [4, 16], heads: [32, 64, 128, 256], seeds: 32, seedsAtLargest: 32 },
});
const depth = 4;
const alpha = 0.5;
const largest = cfg.heads[cfg.heads.length - 1];
console.log(`scale ${scale}: N ∈ {${cfg.headDims}}, H ∈ {${cfg.heads}}, L = ${depth}, α_A = ${alpha}, ${cfg.seeds} seeds (${cfg.seedsAtLargest} at H = ${largest})`);

// %% [markdown]
// One cached sweep (shared with the P1-3c notebook): each run builds one network at initialization and returns
// A^a_{44}(x₀) for every head and block. Runs execute in worker threads.

// %%
const t0 = Date.now();
const sweep = await tl.sweep(
  {
    axes: { variant: ['vit', 'noLn'], headDim: cfg.headDims, heads: cfg.heads, attentionExponent: [alpha] },
    fixed: { depth: depth },
    seeds: cfg.seedsAtLargest,
    filter: (c) => c.heads === largest || (c.seed as number) < cfg.seeds,
  },
  tl.p1InitialLogitsRunReference,
  { name: 'p1-init-logits', scale: 'init', progress: false },
);
const sweepSeconds = (Date.now() - t0) / 1000;
console.log(`${sweep.records.length} runs (${sweep.progress.cached} cached, ${sweep.progress.errors} errors) in ${sweepSeconds.toFixed(1)} s`);
const runsOf = (variant: string, n: number, h: number) =>
  sweep.records.filter((r) => r.status === 'ok' && r.config.variant === variant && r.config.headDim === n && r.config.heads === h).map((r) => r.result as { samples: number[][] });

// %% [markdown]
// ## Densities (last block), log scale

// %%
// The no-LN network's H → ∞ law of A^a_{44}(x₀) in the last block: the §4 law at the limit kernel's variances.
const limitLaws = new Map();
const limitLawOf = (n: number) => {
  if (!limitLaws.has(n)) limitLaws.set(n, tl.p1LimitingLogitLaw({ variant: 'noLn', headDim: n, depth: depth, attentionExponent: alpha, inputs: 1, inputSeed: 777, layer: depth, query: 4, key: 4, heads: 256, replicates: 8 }));
  return limitLaws.get(n);
};
const panels = [];
for (const variant of ['vit', 'noLn']) {
  for (const n of cfg.headDims) {
    const law = new tl.AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
    const sd = law.standardDeviation;
    const series = [];
    cfg.heads.forEach((h, i) => {
      const last = tl.poolLogitSamples(runsOf(variant, n, h), [depth]);
      const hist = tl.densityHistogram(last, -4 * sd, 4 * sd, 28);
      const keep = hist.density.map((d, j) => (d > 0 ? j : -1)).filter((j) => j >= 0);
      series.push({ name: `H = ${h}`, x: keep.map((j) => hist.x[j]), y: keep.map((j) => hist.density[j]), color: tl.color(i), mode: 'lines+markers' });
    });
    const curves = tl.attentionLogitDensityCurves(law, 121, 4);
    if (variant === 'vit') {
      series.push({ name: 'exact law §4', x: curves.x, y: curves.exact, color: 'black', mode: 'lines' });
      series.push({ name: 'Gaussian', x: curves.x, y: curves.gaussian, color: 'black', dash: 'dash', mode: 'lines' });
    } else {
      // no LN: Gaussian with the variance of the largest-H samples (the law's scale is random, not ¼)
      const big = tl.poolLogitSamples(runsOf(variant, n, largest), [depth]);
      const v = tl.variance(big);
      series.push({ name: 'Gaussian (H max variance)', x: curves.x, y: curves.x.map((a) => Math.exp(-a * a / (2 * v)) / Math.sqrt(2 * Math.PI * v)), color: 'black', dash: 'dash', mode: 'lines' });
      const limitLaw = limitLawOf(n);
      series.push({ name: 'H → ∞ law (computed)', x: curves.x, y: curves.x.map((a) => limitLaw.density(a)), color: 'black', mode: 'lines' });
    }
    const fig = tl.lineFigure(series, { yLog: true, xTitle: 'A', yTitle: 'density (log)' });
    (fig.layout.yaxis as any).range = [-3, 0.5];
    panels.push({ title: `${variant === 'vit' ? 'LN ViT' : 'no-LN variant'}, N = ${n}`, figure: fig });
  }
}
await tl.show(tl.smallMultiples(panels, { columns: 2, width: 900, height: 700, title: `A^a_{44}(0) over heads × seeds, last block, α_A = ½ (colours: H = ${cfg.heads.join(', ')}; black: exact law (ViT) or computed H → ∞ law (no LN), dashed: Gaussian)` }), { name: 'density-over-heads' });
console.log('data: Gaussian 28×28 images, patch 7; colours in every panel: ' + cfg.heads.map((h, i) => `H = ${h} ${tl.color(i)}`).join(', '));

// %% [markdown]
// ## Kolmogorov–Smirnov distances

// %%
const vitRows = [];
for (const n of cfg.headDims) {
  const law = new tl.AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
  for (const h of cfg.heads) {
    const pooled = tl.poolLogitSamples(runsOf('vit', n, h));
    vitRows.push({
      N: n, H: h, samples: pooled.length,
      ksExact: tl.ksOneSample(pooled, (a) => law.cdf(a)), threshold: tl.ksThreshold99(pooled.length),
      ksGaussian: tl.ksOneSample(pooled, (a) => law.gaussianCdf(a)),
      exactKsToGaussian: law.distanceToGaussian().kolmogorov,
    });
  }
}
console.table(vitRows);
const noLnRows = [];
const noLnLimitRows = [];
for (const n of cfg.headDims) {
  const ref = tl.poolLogitSamples(runsOf('noLn', n, largest), [depth]);
  for (const h of cfg.heads.slice(0, -1)) {
    const last = tl.poolLogitSamples(runsOf('noLn', n, h), [depth]);
    noLnRows.push({ N: n, H: h, samples: last.length, reference: ref.length, ks: tl.ksTwoSample(last, ref), threshold: tl.ksTwoSampleThreshold99(last.length, ref.length), variance: tl.variance(last), referenceVariance: tl.variance(ref), ksLimit: tl.ksOneSample(last, (a) => limitLawOf(n).cdf(a)), limitThreshold: tl.ksThreshold99(last.length), limitVariance: limitLawOf(n).variance });
  }
  noLnLimitRows.push({ N: n, H: largest, samples: ref.length, ksLimit: tl.ksOneSample(ref, (a) => limitLawOf(n).cdf(a)), threshold: tl.ksThreshold99(ref.length), variance: tl.variance(ref), limitVariance: limitLawOf(n).variance });
}
console.table(noLnRows);
console.table(noLnLimitRows);

// %% [markdown]
// ## Claims

// %%
const details = { data: 'Gaussian 28×28 images, patch 7', depth: depth, attentionExponent: alpha, tokenPair: [4, 4], seeds: cfg.seeds, seedsAtLargest: cfg.seedsAtLargest };
for (const r of vitRows) {
  tl.recordClaim({ figure: 'P1-3b', claim: `LN ViT: KS(samples over heads·blocks·seeds, exact law), N = ${r.N}, H = ${r.H}`, value: r.ksExact, band: [0, r.threshold], details: { ...details, samples: r.samples } });
}
const target = vitRows.find((r) => r.N === 4 && r.H === largest);
tl.recordClaim({ figure: 'P1-3b', claim: `LN ViT: KS to the equal-variance Gaussian, N = 4, H = ${largest}`, value: target.ksGaussian, band: [0.02, 1], details: { ...details, samples: target.samples, exact: target.exactKsToGaussian } });
for (const r of noLnLimitRows) {
  tl.recordClaim({ figure: 'P1-3b', claim: `no-LN: KS(last-block samples, computed H → ∞ law), N = ${r.N}, H = ${r.H}`, value: r.ksLimit, band: [0, r.threshold], details: { ...details, samples: r.samples, variance: r.variance, limitVariance: r.limitVariance } });
}
for (const r of noLnRows) {
  tl.recordClaim({ figure: 'P1-3b', claim: `no-LN: KS(H = ${r.H}, H = ${largest}), last block, N = ${r.N}`, value: r.ks, band: [0, r.threshold], gated: false, details: { ...details, samples: r.samples, reference: r.reference } });
}
console.log(`sweep time ${sweepSeconds.toFixed(1)} s`);
