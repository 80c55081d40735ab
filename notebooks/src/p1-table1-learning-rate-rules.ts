// %% [markdown]
// # P1 Table 1 — learning-rate rules, checked as a coordinate check
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Table 1: the learning-rate scalings that keep
// updates at the right size — SGD η = η₀γ₀²n·L^{2α_L−1} (here with momentum 0.9, the P1 default) and Adam η = η₀/√n
// (released code; ε = 10⁻²⁰). As a measurement: after t = 20 steps the RMS change of the last residual stream h_L and
// of the centred logits z should not depend on the width n = N·H.
//
// **Claims (FIGURES.md P1-T1):** ViT L = 2, batch 32, 2 seeds; sweep (a) N = 8, H ∈ {2, 4, 8, 16}; sweep (b) H = 4,
// N ∈ {4, 8, 16, 32}. Slope of log RMS(h_L(t) − h_L(0)) against log n in [−0.2, 0.2] for both rules and both sweeps;
// the same for z(t). **Control:** the standard parameterization (SP: N(0, 1/fan-in), no centring, α_A = ½) at a
// fixed rate η = 0.05 is *expected to fail* (slope ≥ 0.3 or divergence); it is recorded as an ungated claim whose band
// is the expected failure.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M. One fixed data order; seeds change the weights only.
//
// Rows: P1-T1

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const options = {
  ...tl.byScale({
    smoke: { headsSweep: { headDim: 8, heads: [2, 4] }, headDimSweep: { heads: 4, headDims: [4, 8] }, seeds: 1, steps: 2 },
    quick: { headsSweep: { headDim: 8, heads: [2, 4, 8, 16] }, headDimSweep: { heads: 4, headDims: [4, 8, 16, 32] }, seeds: 2, steps: 20 },
    paper: { headsSweep: { headDim: 8, heads: [2, 4, 8, 16, 32] }, headDimSweep: { heads: 4, headDims: [4, 8, 16, 32, 64] }, seeds: 4, steps: 20 },
  }),
  scale,
};
const { records, seconds } = await tl.runTable1Experiment(options);
console.log(`${records.length} runs computed in ${seconds.toFixed(1)} s; not ok: ${records.filter((r) => r.status !== 'ok').map((r) => `${r.rule} n=${r.width}: ${r.status}`).join(', ') || 'none'}`);
for (const r of tl.table1Rules) console.log(`${r.rule}: preset ${r.preset}, ${r.optimizer}, η₀ = ${r.learningRate}`);

// %% [markdown]
// Coordinate check: RMS change after t steps against the width n, one panel per (quantity, sweep).

// %%
const note = `data: Fashion-MNIST (stand-in for CIFAR-5M); L = 2, t = ${options.steps}, ${options.seeds} seed(s), scale ${scale}`;
const fits: Record<string, tl.SeedSlope> = {};
const panels = [];
for (const field of ['residualChange', 'outputChange'] as const) {
  for (const axis of ['heads', 'headDim'] as const) {
    const series = tl.table1Rules.map((r, i) => {
      const fit = tl.table1Slope(records, options, r.rule, axis, field);
      fits[`${r.rule}:${axis}:${field}`] = fit;
      return { name: `${r.rule} (slope ${fit.slope.toFixed(2)})`, x: fit.points.map((p) => p.x), y: fit.points.map((p) => p.mean), dash: (r.rule === 'sp' ? 'dash' : 'solid') as 'dash' | 'solid', color: tl.color(i) };
    });
    const what = field === 'residualChange' ? 'RMS Δh_L' : 'RMS Δz';
    const sweepName = axis === 'heads' ? '(a) N = 8, H varies' : '(b) H = 4, N varies';
    panels.push({ title: `${what}, ${sweepName}`, figure: tl.logLogFigure(series, { xTitle: 'width n', yTitle: what }) });
  }
}
console.log(note);
const grid = tl.smallMultiples(panels, { columns: 2, height: 640, title: 'Coordinate check: blue SGD, red Adam, green dashed SP control (Fashion-MNIST)' });
await tl.show(grid, { name: 'p1-t1-coordinate-check' });
for (const [k, f] of Object.entries(fits)) console.log(`${k}: slope ${f.slope.toFixed(3)} ± ${f.slopeSE.toFixed(3)}; means ${f.points.map((p) => p.mean.toExponential(2)).join(', ')}`);

// %% [markdown]
// Claims: eight gated slopes (2 rules × 2 sweeps × {h_L, z}) and the SP control (ungated; its band is the expected
// failure: the larger of the h_L and z slopes ≥ 0.3; a diverged SP run counts as the expected failure and is recorded
// with the value 10³).

// %%
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', steps: options.steps, seeds: options.seeds, depth: 2, batchSize: 32, rules: tl.table1Rules };
for (const rule of ['sgd', 'adam']) {
  for (const axis of ['heads', 'headDim'] as const) {
    for (const field of ['residualChange', 'outputChange'] as const) {
      const f = fits[`${rule}:${axis}:${field}`];
      const what = field === 'residualChange' ? 'RMS(h_L(t) − h_L(0))' : 'RMS(z(t) − z(0))';
      tl.recordClaim({ figure: 'P1-T1', claim: `${rule.toUpperCase()} rule: slope of log ${what} vs log n, sweep ${axis === 'heads' ? '(a) over H' : '(b) over N'}`, value: f.slope, error: Number.isFinite(f.slopeSE) ? f.slopeSE : undefined, band: [-0.2, 0.2], details: { ...details, means: f.points } });
    }
  }
}
for (const axis of ['heads', 'headDim'] as const) {
  const [h, z] = [fits[`sp:${axis}:residualChange`], fits[`sp:${axis}:outputChange`]];
  const diverged = records.filter((r) => r.rule === 'sp' && r.status !== 'ok').length;
  const value = h.complete && z.complete ? Math.max(h.slope, z.slope) : 1e3;
  tl.recordClaim({ figure: 'P1-T1', claim: `SP control at fixed rate (EXPECTED to fail the check): max of the Δh_L and Δz slopes vs log n, sweep ${axis === 'heads' ? '(a)' : '(b)'}`, value, band: [0.3, Infinity], gated: false, details: { ...details, divergedRuns: diverged, slopeH: h.slope, slopeZ: z.slope, meansH: h.points, meansZ: z.points } });
}
