// %% [markdown]
// # P1 Fig. 6b — pooled feature kernels across scales, initial and final (final-kernel convergence in H)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (b): heat maps of the pooled kernel
// Φ(x, x′) = (1/n) h̄(x)·h̄(x′) over 32 probe images, h̄ the token mean of the final-LN features (the readout input),
// at initialization and after training, for the base model and its H-, N- and L-scaled versions. As H → ∞ the kernel
// becomes deterministic (a mean field over heads, THEORY.md §3.2), so seed-averaged kernels of growing H converge.
//
// Claim (FIGURES.md P1-6b, second part): final pooled kernels converge in H: d(K̄_{H=8}, K̄_{H=16}) < d(K̄_{H=4}, K̄_{H=8}),
// d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged kernels. Recorded as the ratio of the two distances, band [0, 1],
// with jackknife SEs over seeds. (The initial-gap part of P1-6b, gap(L=8)/gap(L=2), is measured in the notebook
// p1-fig6b-initial-kernel-gap.)
//
// Setting: the P1-6 runs (notebook p1-fig6a-scaled-loss-curves): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}; batch 32, 600 steps, 2 seeds at quick scale; probes = the first 32 test images.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6b

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1ScaledFamilyRuns(scale);
const { family, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds`);
const note = `data: ${tl.p1ScaledDataLabel}; ${family.probeCount} test probes; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
const members = [
  ...tl.scaledAxisMembers(family, 'H').map((m) => ({ member: m.member, label: `H=${m.value}` })),
  { member: tl.scaledMemberName('N', Math.max(...family.headDims), family), label: `N=${Math.max(...family.headDims)}` },
  { member: tl.scaledMemberName('L', Math.max(...family.depths), family), label: `L=${Math.max(...family.depths)}` },
];

// %%
await tl.show(tl.scaledKernelHeatmaps(runs, members, 'pooledKernel', { title: `P1 Fig. 6b: pooled kernel Φ(x, x′) of the final-LN features<br><sub>${note}</sub>` }), { name: 'pooled-kernels' });

// %% [markdown]
// Distances between seed-averaged kernels along the H sweep (± jackknife SE over seeds).

// %%
const initial = tl.headKernelDistances(runs, family, 'pooledKernel', 'initial');
const final = tl.headKernelDistances(runs, family, 'pooledKernel', 'final');
console.log(tl.formatHeadKernelDistances(initial, 'initial'));
console.log(tl.formatHeadKernelDistances(final, 'final'));
const heads = final.heads;
await tl.show(
  tl.logLogFigure(
    [
      { name: 'initial: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: initial.consecutive.map((d) => d.value), error: initial.consecutive.map((d) => d.error) },
      { name: 'final: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: final.consecutive.map((d) => d.value), error: final.consecutive.map((d) => d.error) },
    ],
    { title: 'Pooled kernels converge in H', xTitle: 'H', yTitle: 'distance to the kernel at 2H', note: note },
  ),
  { name: 'pooled-kernel-distances' },
);

// %% [markdown]
// ## Claim

// %%
const r = tl.headConvergenceRatio(runs, family, 'pooledKernel', 'final', 'consecutive');
const k = heads.length;
void tl.recordClaim({
  figure: 'P1-6b',
  claim: `final pooled kernels converge in H: d(H=${heads[k - 2]}, H=${heads[k - 1]}) / d(H=${heads[k - 3]}, H=${heads[k - 2]})`,
  value: r.value,
  error: r.error,
  band: [0, 1],
  details: {
    data: tl.p1ScaledDataLabel,
    kernel: 'pooled final-LN features, seed-averaged',
    distances: final.consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
    initialDistances: initial.consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
    error: 'jackknife over seeds',
    ...family,
  },
});
