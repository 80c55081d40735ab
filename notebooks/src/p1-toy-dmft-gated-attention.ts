// %% [markdown]
// # Toy DMFT — gated attention on XOR: finite networks converge to the DMFT as N grows
//
// **Figure.** Validation row V-DMFT (not a paper figure; the model comes from a notebook in the authors' code, THEORY.md
// §5). G gates with input-dependent gains e^{A^g(x)}, A^g = N^{−1} q^g(x)·k^g, trained by full-batch gradient descent on
// XOR; its discrete-time DMFT (§5.4, with the corrected initial query kernel Q^g(0) = ρ_g² a^g a^{gᵀ} + (1 − ρ_g²) C^x) is
// the N → ∞ limit of the loss curve. This is the one model whose DMFT the toolkit integrates.
//
// **Claims (FIGURES.md V-DMFT).**
// - The corrected DMFT reproduces the §5.5 reference losses to 5 significant digits (max relative error ≤ 5·10⁻⁵).
// - Slope of log(time-averaged squared loss error, seed mean) against log N in [−1.3, −0.6] (random u_g per seed).
// - At N = 16000 every seed is within 0.2 decades of the DMFT at every step (deterministic u_g of §5.5).
//
// **Settings.** G = 6, η = 0.002, γ = 2.5, 1000 steps, warm start, α = 1; N ∈ {250, 1000, 4000, 16000}, 4 seeds, each
// with the §5.5 deterministic gate directions and with random ones (the DMFT is then integrated per seed).
//
// **Data.** XOR (4 points).
//
// Rows: V-DMFT

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const cfg = tl.byScale({
  smoke: { widths: [100, 250, 1000], seeds: 2, steps: 1000 },
  quick: { widths: [250, 1000, 4000, 16000], seeds: 4, steps: 1000 },
  paper: { widths: [250, 1000, 4000, 16000, 64000], seeds: 8, steps: 1000 },
});
console.log(`scale ${scale}: N ∈ {${cfg.widths}}, ${cfg.seeds} seeds, ${cfg.steps} steps`);

// %%
const reference = tl.toyDmftReferenceError(cfg.steps);
const notebookQ = tl.gatedToyDmft({ steps: cfg.steps, gateDirections: 'deterministic', initialQueryKernel: 'notebook' }).losses;
console.table(Object.entries(tl.toyDmftReferenceLosses).map(([t, v]) => ({ step: +t, reference: v, dmft: reference.losses[+t], notebookQ0: notebookQ[+t] })));
console.log(`max relative error of the corrected DMFT against §5.5: ${reference.maxRelativeError.toExponential(3)}`);

// %% [markdown]
// Finite networks (hand-written exact gradient descent, float64), one cached run per (N, u_g mode, seed), in workers.

// %%
const t0 = Date.now();
const sweep = await tl.sweep(
  { axes: { width: cfg.widths, gateDirections: ['deterministic', 'random'] }, fixed: { steps: cfg.steps }, seeds: cfg.seeds },
  tl.p1ToyNetworkRunReference,
  { name: 'p1-toy-dmft', scale: 'toy', progress: false },
);
const sweepSeconds = (Date.now() - t0) / 1000;
console.log(`${sweep.records.length} runs (${sweep.progress.cached} cached, ${sweep.progress.errors} errors) in ${sweepSeconds.toFixed(1)} s`);
const runs = (mode: string) => sweep.records.filter((r) => r.status === 'ok' && r.config.gateDirections === mode)
  .map((r) => ({ width: r.config.width as number, seed: r.config.seed as number, losses: (r.result as { losses: number[] }).losses }));
const dmftCache = new Map<string, ArrayLike<number>>();
const dmftFor = (mode: 'deterministic' | 'random') => (seed: number) => {
  const id = `${mode}:${mode === 'random' ? seed : 0}`;
  if (!dmftCache.has(id)) dmftCache.set(id, tl.toyDmftLosses(seed, mode, cfg.steps));
  return dmftCache.get(id);
};
const det = tl.toyDmftConvergence(runs('deterministic'), dmftFor('deterministic'));
const rnd = tl.toyDmftConvergence(runs('random'), dmftFor('random'));
console.table([...det.rows.map((r) => ({ u: 'deterministic', ...r, maxLogRatio: r.maxLogRatio.map((v) => +v.toFixed(3)).join(' ') })), ...rnd.rows.map((r) => ({ u: 'random', ...r, maxLogRatio: r.maxLogRatio.map((v) => +v.toFixed(3)).join(' ') }))]);
console.log(`slopes: deterministic u_g ${det.slope.toFixed(3)} ± ${det.slopeSE.toFixed(3)}, random u_g ${rnd.slope.toFixed(3)} ± ${rnd.slopeSE.toFixed(3)}`);

// %%
const steps = Array.from({ length: cfg.steps }, (_, t) => t);
const every = (y: ArrayLike<number>) => steps.filter((t) => t % 5 === 0).map((t) => y[t]);
const xs = steps.filter((t) => t % 5 === 0);
const lossSeries = [];
cfg.widths.forEach((n, i) => runs('deterministic').filter((r) => r.width === n).forEach((r, k) =>
  lossSeries.push({ name: k === 0 ? `network N = ${n}` : `N = ${n}, seed ${r.seed}`, x: xs, y: every(r.losses), color: tl.color(i), mode: 'lines' })));
lossSeries.push({ name: 'DMFT (corrected Q(0))', x: xs, y: every(reference.losses), color: 'black', mode: 'lines' });
lossSeries.push({ name: 'DMFT, notebook Q(0) = C^x', x: xs, y: every(notebookQ), color: 'black', dash: 'dot', mode: 'lines' });
await tl.show(tl.lineFigure(lossSeries, { title: 'Gated-attention toy: loss of finite networks against the DMFT', xTitle: 'step', yTitle: 'loss', yLog: true, note: 'data: XOR; G = 6, η = 0.002, γ = 2.5, deterministic u_g' }), { name: 'loss-curves' });

// %%
const convFig = tl.logLogFigure(
  [
    { name: 'random u_g', x: rnd.rows.map((r) => r.width), y: rnd.rows.map((r) => r.squaredError), error: rnd.rows.map((r) => r.squaredErrorSE) },
    { name: 'deterministic u_g', x: det.rows.map((r) => r.width), y: det.rows.map((r) => r.squaredError), error: det.rows.map((r) => r.squaredErrorSE) },
  ],
  {
    title: 'Time-averaged squared loss error against N',
    xTitle: 'width N', yTitle: 'mean_t (ℒ_N − ℒ_DMFT)² (seed mean ± SE)',
    references: [{ exponent: -1, prefactor: rnd.rows[0].squaredError * rnd.rows[0].width, xMin: cfg.widths[0], xMax: cfg.widths[cfg.widths.length - 1], name: 'N^{-1}' }],
    note: `data: XOR; ${cfg.seeds} seeds per N`,
  },
);
await tl.show(convFig, { name: 'squared-error-vs-N' });

// %% [markdown]
// ## Claims

// %%
const details = { data: 'XOR', gates: 6, learningRate: 0.002, richness: 2.5, steps: cfg.steps, widths: cfg.widths, seeds: cfg.seeds };
tl.recordClaim({ figure: 'V-DMFT', claim: 'corrected DMFT vs THEORY §5.5 losses: max relative error', value: reference.maxRelativeError, band: [0, 5e-5], details });
tl.recordClaim({ figure: 'V-DMFT', claim: 'slope of log squared loss error vs log N (random u_g)', value: rnd.slope, band: [-1.3, -0.6], error: rnd.slopeSE, details: { ...details, squaredError: rnd.rows.map((r) => r.squaredError), deterministicSlope: det.slope } });
const lastDet = det.rows[det.rows.length - 1];
const lastRnd = rnd.rows[rnd.rows.length - 1];
tl.recordClaim({
  figure: 'V-DMFT', claim: `max over seeds and steps of |log₁₀(ℒ_N/ℒ_DMFT)| at N = ${lastDet.width} (deterministic u_g)`,
  value: Math.max(...lastDet.maxLogRatio), band: [0, 0.2],
  details: { ...details, perSeed: lastDet.maxLogRatio, randomPerSeed: lastRnd.maxLogRatio },
});
console.log(`sweep time ${sweepSeconds.toFixed(1)} s`);
