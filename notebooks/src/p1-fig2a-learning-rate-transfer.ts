// %% [markdown]
// # P1 Fig 2a — learning-rate transfer across the head dimension N (reconstructed variant)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 2a: final loss against the base learning
// rate η₀ (log), one curve per head dimension N; solid α_A = 1, dashed α_A = ½. With the P1 parameterization
// (SGD η = η₀γ₀²nL) the optimal η₀ should not move as N grows, for both α_A.
//
// **Claims (FIGURES.md P1-2a, R: model variant):** LN ViT (fixed depth, positional table), H = 4, N ∈ {4, 8, 16}, L = 2,
// β₀ = 4, γ₀ = 0.25, SGD momentum 0.9, batch 32, 200 steps, 2 seeds, η₀ ∈ 10^{−2, −1.5, …, 0.5} (extended by one
// half-decade if an optimum sits on the grid edge). For each α_A the argmin grid index of the final loss differs by
// ≤ 1 between N = 4 and N = 16. Secondary: at the N = 4 optimum, final loss is non-increasing in N within 2 SE.
// (reconstructed: the paper's panel may use the no-LN variant or momentum 0; this notebook runs the LN ViT with momentum 0.9.)
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M. One fixed data order; seeds change the weights only.
// A run whose loss exceeds 2 ln 10 or is non-finite is recorded as diverged and ranked worst.
//
// Rows: P1-2a

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const settings = tl.fig2Settings(scale);
const { records, logRates, seconds } = await tl.runTransferExperiment({ ...settings, scale });
console.log(`${records.length} runs computed in ${seconds.toFixed(1)} s; η₀ grid 10^[${logRates.join(', ')}]; diverged: ${records.filter((r) => r.status === 'diverged').length}, errors: ${records.filter((r) => r.status === 'error').length}`);
for (const N of settings.headDims) console.log(`N = ${N}: ${(records.filter((r) => r.headDim === N).reduce((a, r) => a + r.msPerStep, 0) / records.filter((r) => r.headDim === N).length).toFixed(0)} ms per step (wall, in a worker)`);

// %%
const curves = tl.transferCurves(records);
const series: tl.Series[] = [];
settings.attentionExponents.forEach((a) => {
  settings.headDims.forEach((N, i) => {
    const pts = curves.filter((c) => c.attentionExponent === a && c.headDim === N).sort((p, q) => p.learningRate - q.learningRate);
    series.push({ name: `N = ${N}, α_A = ${a}`, x: pts.map((p) => p.learningRate), y: pts.map((p) => p.loss), error: pts.map((p) => p.se), dash: a === 1 ? 'solid' : 'dash', color: tl.color(i) });
  });
});
const figure = tl.lineFigure(series, {
  title: 'Final loss against η₀ (solid α_A = 1, dashed α_A = ½)',
  xTitle: 'base learning rate η₀',
  yTitle: `final loss (mean of last 10 % of ${settings.steps} steps)`,
  xLog: true,
  note: `data: Fashion-MNIST (stand-in for CIFAR-5M); H = 4, L = 2, β₀ = 4, γ₀ = 0.25, batch 32, ${settings.seeds} seed(s), scale ${scale}; gaps = diverged`,
});
await tl.show(figure, { name: 'p1-2a-learning-rate-transfer' });
const optima = tl.transferOptima(records);
for (const o of optima) console.log(`α_A = ${o.key.attentionExponent}, N = ${o.key.headDim}: best η₀ = ${o.best.toPrecision(3)} (index ${o.index}${o.atEdge ? ', at the grid edge' : ''}), loss ${o.metric.toFixed(4)}`);

// %%
const [small, large] = [settings.headDims[0], settings.headDims[settings.headDims.length - 1]];
const details = { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, logRatesUsed: logRates, model: 'LN ViT, momentum 0.9 (reconstructed variant)' };
for (const a of settings.attentionExponents) {
  const at = (N: number) => optima.find((o) => o.key.attentionExponent === a && o.key.headDim === N)!;
  tl.recordClaim({ figure: 'P1-2a', claim: `α_A = ${a}: |argmin index(N = ${small}) − argmin index(N = ${large})| of final loss over η₀`, value: Math.abs(at(small).index - at(large).index), band: [0, 1], details: { ...details, bestRates: settings.headDims.map((N) => at(N).best) } });
  const eta = at(small).best;
  const pts = settings.headDims.map((N) => curves.find((c) => c.attentionExponent === a && c.headDim === N && c.learningRate === eta)!);
  const excess = pts.slice(1).map((p, i) => p.loss - pts[i].loss - 2 * Math.sqrt((pts[i].se || 0) ** 2 + (p.se || 0) ** 2));
  tl.recordClaim({ figure: 'P1-2a', claim: `α_A = ${a}, at the N = ${small} optimum η₀: max over consecutive N of loss(N′) − loss(N) − 2 SE (non-increasing in N)`, value: Math.max(...excess), band: [-Infinity, 0], details: { ...details, learningRate: eta, losses: pts.map((p) => p.loss), errors: pts.map((p) => p.se) } });
}
