// %% [markdown]
// # P1 Fig 5b — loss against compute for a depth sweep (reconstructed grid)
//
// **Figure:** "Infinite Limits of Multi-head Transformer Dynamics" (P1), Fig 5b: training loss against compute
// (6 × parameters × tokens) for depths L, solid α_L = ½, dashed α_L = 1. The caption's message: at large depth the
// α_L = 1 scaling (every block keeps learning, THEORY §3.3) trains better than α_L = ½.
//
// **Claim (FIGURES.md P1-5b, R: grid):** same runs as P1-5a (depth-sweep ViT, N = H = 4, β₀ = 6, γ₀ = 0.1, α_A = 1,
// η₀ = 0.2, batch 32, L ∈ {2, 4, 8, 16}, 2 seeds): at L = 16, final loss(α_L = 1) ≤ final loss(α_L = ½) + 2 SE
// (SE of the difference over seeds). Scale-sensitive: reported as measured.
// **Scale used:** FIGURES.md's quick grid with 1000 steps (the native kernels made the L = 16 runs cheap enough).
// Compute counts tokens as patches: C = 6 × parameters × steps × batch × 16. At L = L₀ = 2 both α_L give the same
// network (b_L = β₀(L/2)^{−α_L} = β₀), so the two L = 2 curves coincide.
//
// **Data:** Fashion-MNIST (patch 7 → 16 tokens × 49), in place of CIFAR-5M.
//
// Rows: P1-5b

// %%
import * as tl from 'transformer-limits';
await tl.initBackend();
const scale = tl.currentScale();
const settings = tl.fig5Settings(scale);
const { records, seconds } = await tl.runDepthExperiment({ ...settings, scale });
console.log(`${records.length} runs computed in ${seconds.toFixed(1)} s (shared with P1-5a); not ok: ${records.filter((r) => r.status !== 'ok').length}`);

// %%
const batch = tl.depthDefaults({ ...settings, scale: scale }).batchSize;
const series: tl.Series[] = [];
settings.residualExponents.forEach((a) => {
  settings.depths.forEach((L, i) => {
    const curve = tl.lossAgainstCompute(records, a, L, batch, scale === 'smoke' ? 5 : 25);
    series.push({ name: `L = ${L}, α_L = ${a}`, x: curve.compute, y: curve.loss, dash: a === 1 ? 'dash' : 'solid', color: tl.color(i), mode: 'lines' });
  });
});
const figure = tl.lineFigure(series, {
  title: 'Loss against compute, depth sweep (solid α_L = ½, dashed α_L = 1)',
  xTitle: 'compute C = 6 × parameters × tokens',
  yTitle: 'training loss (window mean)',
  xLog: true,
  note: `data: Fashion-MNIST (stand-in for CIFAR-5M); N = H = 4, β₀ = 6, γ₀ = 0.1, η₀ = 0.2, ${settings.steps} steps, ${settings.seeds} seed(s), scale ${scale}`,
});
await tl.show(figure, { name: 'p1-5b-loss-vs-compute' });
for (const L of settings.depths) {
  const [h, o] = [tl.depthFinalLoss(records, 0.5, L), tl.depthFinalLoss(records, 1, L)];
  console.log(`L = ${L}: final loss α_L = ½ ${h.mean.toFixed(4)} ± ${h.se.toFixed(4)}, α_L = 1 ${o.mean.toFixed(4)} ± ${o.se.toFixed(4)}`);
}

// %%
const deepest = settings.depths[settings.depths.length - 1];
const [half, one] = [tl.depthFinalLoss(records, 0.5, deepest), tl.depthFinalLoss(records, 1, deepest)];
const se = Math.sqrt((half.se || 0) ** 2 + (one.se || 0) ** 2);
tl.recordClaim({
  figure: 'P1-5b',
  claim: `L = ${deepest}: final loss(α_L = 1) − final loss(α_L = ½) ≤ 2 SE`,
  value: one.mean - half.mean,
  error: se,
  band: [-Infinity, 2 * se],
  details: { data: 'Fashion-MNIST (stand-in for CIFAR-5M)', ...settings, stepsInFigures: 1000, finalLossHalf: half, finalLossOne: one },
});
