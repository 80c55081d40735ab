// %% [markdown]
// # P1 Fig. 3a — initial kernels converge in the number of heads like 1/H
//
// **Figure.** "Infinite Limits of Multi-head Transformer Dynamics", Fig. 3a: relative squared error of the initial
// residual-stream kernel in each layer against H (log–log), with the H^{−1} reference. As H → ∞ at fixed N the
// attention output is a mean over i.i.d. heads and every stream kernel becomes deterministic, with squared fluctuations
// ∝ 1/H (THEORY.md §3.2).
//
// **Measured.** Pooled kernel of the raw stream after the read-in (ℓ = 0) and after each block ℓ,
// Φ_ℓ(x, x′) = (1/n) h̄_ℓ(x)·h̄_ℓ(x′), h̄ the token mean; reference Φ̄_ℓ = seed mean at H = 256 over 32 seeds; error of one
// seed = ‖Φ_ℓ − Φ̄_ℓ‖²_F/‖Φ̄_ℓ‖²_F, averaged over 64 seeds per H; slope of log mean error against log H over
// H ∈ {4,…,64} (≤ H_ref/4, THEORY.md §3.2), ± least-squares SE and bootstrap-over-seeds SE.
//
// **Claim (FIGURES.md P1-3a).** Slope in [−1.25, −0.75] for every block ℓ ≥ 1, for the LN ViT (§2.2) and the no-LN
// variant (§2.3).
//
// **Settings.** N = 4, L = 4, α_A = 1, fixed-depth preset (β₀ = 4, b_L = β₀/L, positional table), 8 Gaussian 28×28 inputs
// (patch 7, S = 16 tokens of 49). Paper: no-LN variant, N = 4, L = 8 (notebook 5), H = 8…2048 against H = 2049, 64 seeds,
// 15 Gaussian 32×32×3 inputs, patch 4.
//
// **Data.** Gaussian inputs (as the paper).
//
// Rows: P1-3a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const cfg = tl.byScale({
  smoke: { heads: [2, 4, 8], seeds: 6, referenceHeads: 32, referenceSeeds: 4 },
  quick: { heads: [4, 8, 16, 32, 64], seeds: 64, referenceHeads: 256, referenceSeeds: 32 },
  paper: { heads: [8, 16, 32, 64, 128, 256, 512], seeds: 64, referenceHeads: 2048, referenceSeeds: 16 },
});
const network = { headDim: 4, depth: 4, inputs: 8, inputSeed: 12345 };
const variants = ['vit', 'noLn'];
console.log(`scale ${scale}: H ∈ {${cfg.heads}} × ${cfg.seeds} seeds, reference H = ${cfg.referenceHeads} × ${cfg.referenceSeeds} seeds; N = 4, L = 4, 8 Gaussian inputs`);

// %% [markdown]
// Every (variant, H, seed) is one cached run in a worker thread: build the network, one forward pass on the 8 inputs,
// return the pooled kernel of each layer (float64 from the float32 stream).

// %%
const t0 = Date.now();
const sweep = await tl.sweep(
  {
    axes: { variant: variants, heads: [...cfg.heads, cfg.referenceHeads] },
    fixed: network,
    seeds: Math.max(cfg.seeds, cfg.referenceSeeds),
    filter: (c) => (c.heads === cfg.referenceHeads ? (c.seed as number) < cfg.referenceSeeds : (c.seed as number) < cfg.seeds),
  },
  tl.p1InitialKernelsRunReference,
  { name: 'p1-init-kernels', scale: 'init', progress: false },
);
const sweepSeconds = (Date.now() - t0) / 1000;
console.log(`${sweep.records.length} runs (${sweep.progress.cached} cached, ${sweep.progress.errors} errors) in ${sweepSeconds.toFixed(1)} s`);
const records = sweep.records.filter((r) => r.status === 'ok').map((r) => ({ variant: r.config.variant as string, heads: r.config.heads as number, seed: r.config.seed as number, kernels: (r.result as { kernels: number[][] }).kernels }));
const results = variants.map((v) => tl.kernelConvergenceInHeads(records, v, cfg.heads, cfg.referenceHeads));

// %%
for (const res of results) {
  const series = res.layers.map((l) => ({ name: l.layer === 0 ? 'read-in (ℓ = 0)' : `block ℓ = ${l.layer}`, x: cfg.heads, y: l.meanError, error: l.errorSE, color: tl.color(l.layer) }));
  const top = res.layers[res.layers.length - 1].meanError[0] * cfg.heads[0];
  const fig = tl.logLogFigure(series, {
    title: `${res.variant === 'vit' ? 'LN ViT' : 'no-LN variant'}: relative squared error of the initial pooled kernel`,
    xTitle: 'heads H', yTitle: '‖Φ_ℓ − Φ̄_ℓ^{ref}‖²/‖Φ̄_ℓ^{ref}‖² (mean over seeds)',
    references: [{ exponent: -1, prefactor: top, xMin: cfg.heads[0], xMax: cfg.heads[cfg.heads.length - 1], name: 'H^{-1}' }],
    note: `data: 8 Gaussian 28×28 images, patch 7; N = 4, L = 4; ${cfg.seeds} seeds per H; reference H = ${cfg.referenceHeads} (${res.referenceSeeds} seeds)`,
  });
  await tl.show(fig, { name: `error-vs-heads-${res.variant}` });
}

// %%
const table = results.flatMap((res) => res.layers.map((l) => ({
  variant: res.variant, layer: l.layer, slope: +l.fit.slope.toFixed(3), lsqSE: +l.fit.slopeSE.toFixed(3), bootstrapSE: +l.fit.bootstrapSE.toFixed(3),
  errorAtHmax: +l.meanError[l.meanError.length - 1].toPrecision(3), HtimesErrorAtHmax: +(l.meanError[l.meanError.length - 1] * cfg.heads[cfg.heads.length - 1]).toPrecision(3),
})));
console.table(table);
// Diagnostic (not a claim): at small H the no-LN errors are heavy-tailed (random attention-input norms), so the seed
// mean at H = 4 sits well above the median and steepens the fitted slope; the median-based slope shows the bulk.
const medianSlopes = results.flatMap((res) => res.layers.map((l) => ({
  variant: res.variant, layer: l.layer,
  meanOverMedianAtHmin: +(l.meanError[0] / tl.median(l.errors[0])).toFixed(2),
  medianSlope: +tl.fitPowerLaw(cfg.heads, l.errors.map((e) => tl.median(e))).slope.toFixed(3),
})));
console.table(medianSlopes);

// %% [markdown]
// The no-LN variant's fluctuations are heavy-tailed at small H (see the diagnostic above): its mean-based slopes are
// steeper than the LN ViT's and sit closer to the lower edge of the band.
//
// ## Claims

// %%
for (const res of results) {
  for (const l of res.layers) {
    if (l.layer === 0) continue;
    tl.recordClaim({
      figure: 'P1-3a', claim: `${res.variant === 'vit' ? 'LN ViT' : 'no-LN'}: slope of log error vs log H, block ℓ = ${l.layer}`,
      value: l.fit.slope, band: [-1.25, -0.75], error: l.fit.bootstrapSE,
      details: { data: '8 Gaussian 28×28 images, patch 7', heads: cfg.heads, seeds: cfg.seeds, referenceHeads: cfg.referenceHeads, referenceSeeds: res.referenceSeeds, lsqSE: l.fit.slopeSE, meanError: l.meanError, readInSlope: res.layers[0].fit.slope },
    });
  }
}
console.log(`sweep time ${sweepSeconds.toFixed(1)} s`);
