// %% [markdown]
// # P1 Fig. 3c — the law of the initial attention logit A(0) as N grows
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3c: densities of A(0) = N^{−α_A} Σᵢ kᵢqᵢ for
// growing N and α_A ∈ {1, ½}. The limit is Gaussian with variance N^{1−2α_A}/4: it vanishes for α_A = 1 (all heads start
// with uniform attention) and stays ¼ for α_A = ½ (heads start random and distinct). At finite N the law is
// non-Gaussian (variance-gamma, THEORY.md §4) with excess kurtosis 6/N.
//
// **Claims (FIGURES.md P1-3c, V-A0).**
// - Sampled sums (10⁵ draws per (N, α_A)): sample variance / (N^{1−2α_A}/4) within 1 ± 4√((2 + 6/N)/M).
// - Total-variation distance to the equal-variance Gaussian matches the THEORY.md §4.5 table to 10⁻³, and N·TV ∈ [0.23, 0.36].
// - Network samples (LN ViT at initialization, over heads × layers × seeds at one token pair) pass a one-sample KS test
//   against the exact law at 99 %.
// - V-A0: Fourier inversion agrees with the closed forms to 10⁻⁶ at N ∈ {2, 4, 8}; sampled sums pass the KS test
//   against the exact CDF at 99 %.
//
// **Data.** None for the law (analytic + sampling); the network samples use Gaussian 28×28 images, patch 7 (S = 16).
//
// Rows: P1-3c, V-A0

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const headDims = [1, 2, 4, 8, 16, 64];
const exponents = [1, 0.5];
const draws = tl.byScale({ smoke: 10000, quick: 100000, paper: 1000000 });
const net = tl.byScale({
  smoke: { headDims: [4, 16], heads: 8, depth: 2, seeds: 2 },
  quick: { headDims: [4, 16], heads: 32, depth: 4, seeds: 16 },
  paper: { headDims: [4, 16], heads: 128, depth: 4, seeds: 32 },
});
console.log(`scale ${scale}: ${draws} sampled sums per (N, α_A); network N ∈ {${net.headDims}}, H = ${net.heads}, L = ${net.depth}, ${net.seeds} seeds`);

// %% [markdown]
// ## The exact law, sampled sums and the Gaussian limit
// For each (N, α_A): exact density (closed form, §4.3; Fourier inversion, §4.4, for N ≥ 3), a density histogram of the
// sampled sums, and the equal-variance Gaussian (dashed).

// %%
const t0 = Date.now();
const table = tl.attentionLogitLawTable(headDims, exponents, draws, 31);
const lawSeconds = (Date.now() - t0) / 1000;
console.table(table.map((r) => ({
  N: r.headDim, alphaA: r.attentionExponent, varA: r.variance.toPrecision(4), varianceRatio: r.varianceRatio.toFixed(4),
  tolerance: r.varianceTolerance.toFixed(4), KS: r.ks.toFixed(4), KS99: r.ksThreshold.toFixed(4),
  TV: r.totalVariation.toFixed(4), tableTV: r.tableTotalVariation, NTV: r.scaledTotalVariation.toFixed(4),
})));
console.log(`law table in ${lawSeconds.toFixed(1)} s`);

// %%
for (const alpha of exponents) {
  const series = [];
  headDims.forEach((n, i) => {
    const law = new tl.AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
    const curves = tl.attentionLogitDensityCurves(law, 161, 4);
    const c = tl.color(i);
    series.push({ name: `N = ${n} exact`, x: curves.x, y: curves.exact, color: c, mode: 'lines', reference: true });
    if (curves.fourier) series.push({ name: `N = ${n} Fourier`, x: curves.x.filter((_, j) => j % 8 === 4), y: curves.fourier.filter((_, j) => j % 8 === 4), color: c, mode: 'markers' });
    // α_A = ½: every N has the same Gaussian limit (variance ¼), drawn once in black
    if (alpha === 1) series.push({ name: `N = ${n} Gaussian`, x: curves.x, y: curves.gaussian, color: c, dash: 'dash', mode: 'lines', reference: true });
    else if (i === headDims.length - 1) series.push({ name: 'Gaussian, variance ¼', x: curves.x, y: curves.gaussian, color: 'black', dash: 'dash', mode: 'lines', reference: true });
    const sd = law.standardDeviation;
    const h = tl.densityHistogram(law.sample(20000, 500 + i), -4 * sd, 4 * sd, 40);
    series.push({ name: `N = ${n} sampled`, x: h.x, y: h.density, color: c, mode: 'markers' });
  });
  const fig = tl.lineFigure(series, {
    title: `Density of A(0), α_A = ${alpha === 1 ? '1' : '½'}: exact law (lines), Fourier (dots), sampled sums (markers), Gaussian (dashed)`,
    xTitle: 'A(0)', yTitle: 'density', width: 900, height: 520,
    note: 'data: none (exact law of §4, sampled sums of N Gaussian products)',
  });
  if (alpha === 1) (fig.layout.xaxis as any).range = [-1.2, 1.2];
  else (fig.layout.xaxis as any).range = [-2, 2];
  (fig.layout.yaxis as any).range = [0, alpha === 1 ? 7 : 1.6];
  await tl.show(fig, { name: `density-alpha-${alpha === 1 ? '1' : 'half'}` });
}

// %%
const varFig = tl.logLogFigure(
  exponents.map((alpha, i) => {
    const rows = table.filter((r) => r.attentionExponent === alpha);
    return { name: `sample variance, α_A = ${alpha === 1 ? '1' : '½'}`, x: rows.map((r) => r.headDim), y: rows.map((r) => r.sampleVariance), mode: 'markers' as const, color: tl.color(i) };
  }),
  {
    title: 'Var A(0) against N: N^{1−2α_A}/4',
    xTitle: 'N', yTitle: 'Var A(0)',
    references: [
      { exponent: -1, prefactor: 0.25, xMin: 1, xMax: 64, name: 'N^{-1}/4 (α_A = 1)' },
      { exponent: 0, prefactor: 0.25, xMin: 1, xMax: 64, name: '1/4 (α_A = ½)' },
    ],
    note: `data: none (${draws} sampled sums per point)`,
  },
);
await tl.show(varFig, { name: 'variance-vs-N' });

// %%
const tvRows = table.filter((r) => r.attentionExponent === 1);
const tvFig = tl.logLogFigure(
  [
    { name: 'TV(law, Gaussian) computed', x: tvRows.map((r) => r.headDim), y: tvRows.map((r) => r.totalVariation), mode: 'lines+markers' },
    { name: 'THEORY §4.5 table', x: tvRows.map((r) => r.headDim), y: tvRows.map((r) => r.tableTotalVariation), mode: 'markers' },
    { name: 'KS(law, Gaussian)', x: tvRows.map((r) => r.headDim), y: tvRows.map((r) => r.kolmogorov), mode: 'lines+markers' },
  ],
  { title: 'Distance of the law of A(0) to its Gaussian limit', xTitle: 'N', yTitle: 'distance', references: [{ exponent: -1, prefactor: 0.35, xMin: 1, xMax: 64, name: '0.35/N' }], note: 'data: none (exact law)' },
);
await tl.show(tvFig, { name: 'tv-vs-N' });

// %% [markdown]
// ## Network samples (LN ViT at initialization)
// A^a_{ss′}(x₀) at the token pair (4, 4) of one Gaussian image, over heads, blocks and seeds: i.i.d. draws from the
// exact law, since LN fixes |u_s|² = n and each block's W^{QK} is fresh (THEORY.md §2.8, §4.1). Cached sweep, shared with
// the P1-3b notebook. Weights come from the same seeded streams for both α_A and μ_QK·std(W^{QK}) does not depend on
// α_A (THEORY.md §2.6), so block-1 samples for α_A = 1 are the α_A = ½ ones times N^{−1/2}; later blocks differ (the
// softmax, hence the stream, depends on α_A) but follow the same standardized law.

// %%
const t1 = Date.now();
const sweep = await tl.sweep(
  { axes: { variant: ['vit'], headDim: net.headDims, heads: [net.heads], attentionExponent: exponents }, fixed: { depth: net.depth }, seeds: net.seeds },
  tl.p1InitialLogitsRunReference,
  { name: 'p1-init-logits', scale: 'init', progress: false },
);
const networkSeconds = (Date.now() - t1) / 1000;
console.log(`network samples: ${sweep.records.length} runs (${sweep.progress.cached ?? 0} cached) in ${networkSeconds.toFixed(1)} s`);
const networkRows = [];
const panels = [];
for (const alpha of exponents) {
  for (const n of net.headDims) {
    const runs = sweep.records.filter((r) => r.status === 'ok' && r.config.headDim === n && r.config.attentionExponent === alpha).map((r) => r.result as { samples: number[][] });
    const pooled = tl.poolLogitSamples(runs);
    const law = new tl.AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
    const ks = tl.ksOneSample(pooled, (a) => law.cdf(a));
    networkRows.push({ headDim: n, alpha, samples: pooled.length, ks, threshold: tl.ksThreshold99(pooled.length) });
    const curves = tl.attentionLogitDensityCurves(law, 121, 4);
    const sd = law.standardDeviation;
    const h = tl.densityHistogram(pooled, -4 * sd, 4 * sd, 32);
    panels.push({
      title: `N = ${n}, α_A = ${alpha === 1 ? '1' : '½'} (${pooled.length} samples)`,
      figure: tl.lineFigure([
        { name: 'network', x: h.x, y: h.density, mode: 'markers' },
        { name: 'exact law', x: curves.x, y: curves.exact, mode: 'lines', reference: true },
        { name: 'Gaussian', x: curves.x, y: curves.gaussian, mode: 'lines', dash: 'dash', reference: true },
      ], { xTitle: 'A(0)', yTitle: 'density' }),
    });
  }
}
console.table(networkRows);
await tl.show(tl.smallMultiples(panels, { columns: 2, title: 'LN ViT A(0) samples (markers), exact law (line), Gaussian (dashed)' }), { name: 'network-samples' });

// %% [markdown]
// ## Claims

// %%
const data = 'none (exact law, sampled sums)';
for (const r of table) {
  tl.recordClaim({
    figure: 'P1-3c', claim: `sample variance / (N^{1−2α_A}/4), N = ${r.headDim}, α_A = ${r.attentionExponent}`,
    value: r.varianceRatio, band: [1 - r.varianceTolerance, 1 + r.varianceTolerance], error: r.varianceTolerance / 4,
    details: { data, draws: r.draws },
  });
}
for (const r of tvRows) {
  tl.recordClaim({
    figure: 'P1-3c', claim: `TV to the Gaussian vs THEORY §4.5 table (${r.tableTotalVariation}), N = ${r.headDim}`,
    value: r.totalVariation, band: [r.tableTotalVariation - 1e-3, r.tableTotalVariation + 1e-3], details: { data: 'none (exact law)' },
  });
  tl.recordClaim({ figure: 'P1-3c', claim: `N·TV, N = ${r.headDim}`, value: r.scaledTotalVariation, band: [0.23, 0.36], details: { data: 'none (exact law)' } });
}
for (const r of networkRows) {
  tl.recordClaim({
    figure: 'P1-3c', claim: `KS(LN ViT samples, exact law), N = ${r.headDim}, α_A = ${r.alpha}`, value: r.ks, band: [0, r.threshold],
    details: { data: 'Gaussian 28×28 images, patch 7', samples: r.samples, heads: net.heads, depth: net.depth, seeds: net.seeds, tokenPair: [4, 4] },
  });
}
for (const n of [2, 4, 8]) {
  tl.recordClaim({ figure: 'V-A0', claim: `max |Fourier − closed form| of p_Y, N = ${n}`, value: tl.fourierClosedFormGap(n), band: [0, 1e-6], details: { data: 'none' } });
}
for (const r of table) {
  tl.recordClaim({
    figure: 'V-A0', claim: `KS(sampled sums, exact CDF), N = ${r.headDim}, α_A = ${r.attentionExponent}`, value: r.ks, band: [0, r.ksThreshold],
    details: { data, draws: r.draws },
  });
}
console.log(`timings: law table ${lawSeconds.toFixed(1)} s, network samples ${networkSeconds.toFixed(1)} s`);
