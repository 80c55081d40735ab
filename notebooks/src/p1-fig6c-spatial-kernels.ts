// %% [markdown]
// # P1 Fig. 6c — spatial kernel of one probe image across scales, initial and final
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (c): the spatial (token × token) kernel
// Φ_{ss′} = (1/n) u_s(x)·u_{s′}(x) of one test image x (S = 16 patches), at initialization and after training, for the
// base model and its H-, N- and L-scaled versions. Here u = LN(h_L) are the final-LN token features (the tokens the
// readout averages); the raw stream h_L after the last block is shown too. As H → ∞ the kernel becomes deterministic
// (THEORY.md §3.2), so seed-averaged kernels of growing H converge.
//
// Claims (FIGURES.md P1-6c): the convergence-in-H inequality of P1-6b for the spatial kernel, at initialization and
// after training: d(K̄_{H=8}, K̄_{H=16}) < d(K̄_{H=4}, K̄_{H=8}), d(K₁, K₂) = ‖K₁ − K₂‖_F/‖K₂‖_F between seed-averaged
// kernels; recorded as the ratio of the two distances, band [0, 1], jackknife SE over seeds.
//
// Setting: the P1-6 runs (notebook p1-fig6a-scaled-loss-curves): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}; batch 32, 600 steps, 2 seeds at quick scale; probe image = test image 0.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6c

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1ScaledFamilyRuns(scale);
const { family, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds`);
const note = `data: ${tl.p1ScaledDataLabel}; test image 0; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
const members = [
  ...tl.scaledAxisMembers(family, 'H').map((m) => ({ member: m.member, label: `H=${m.value}` })),
  { member: tl.scaledMemberName('N', Math.max(...family.headDims), family), label: `N=${Math.max(...family.headDims)}` },
  { member: tl.scaledMemberName('L', Math.max(...family.depths), family), label: `L=${Math.max(...family.depths)}` },
];

// %%
await tl.show(tl.scaledKernelHeatmaps(runs, members, 'spatialKernel', { title: `P1 Fig. 6c: spatial kernel Φ_ss′ of the final-LN token features<br><sub>${note}</sub>` }), { name: 'spatial-kernels' });
await tl.show(tl.scaledKernelHeatmaps(runs, members, 'rawSpatialKernel', { title: `Spatial kernel of the raw stream h_L after the last block<br><sub>${note}</sub>` }), { name: 'raw-spatial-kernels' });

// %% [markdown]
// Distances between seed-averaged spatial kernels along the H sweep (± jackknife SE over seeds).

// %%
const distances = {
  initial: tl.headKernelDistances(runs, family, 'spatialKernel', 'initial'),
  final: tl.headKernelDistances(runs, family, 'spatialKernel', 'final'),
  rawInitial: tl.headKernelDistances(runs, family, 'rawSpatialKernel', 'initial'),
  rawFinal: tl.headKernelDistances(runs, family, 'rawSpatialKernel', 'final'),
};
for (const [label, d] of Object.entries(distances)) console.log(tl.formatHeadKernelDistances(d, label));
const heads = distances.final.heads;
await tl.show(
  tl.logLogFigure(
    [
      { name: 'initial: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: distances.initial.consecutive.map((d) => d.value), error: distances.initial.consecutive.map((d) => d.error) },
      { name: 'final: d(K̄_H, K̄_2H)', x: heads.slice(0, -1), y: distances.final.consecutive.map((d) => d.value), error: distances.final.consecutive.map((d) => d.error) },
    ],
    { title: 'Spatial kernels converge in H', xTitle: 'H', yTitle: 'distance to the kernel at 2H', note: note },
  ),
  { name: 'spatial-kernel-distances' },
);

// %% [markdown]
// ## Claims

// %%
const k = heads.length;
for (const when of ['initial', 'final'] as const) {
  const r = tl.headConvergenceRatio(runs, family, 'spatialKernel', when, 'consecutive');
  const raw = tl.headConvergenceRatio(runs, family, 'rawSpatialKernel', when, 'consecutive');
  tl.recordClaim({
    figure: 'P1-6c',
    claim: `${when} spatial kernels converge in H: d(H=${heads[k - 2]}, H=${heads[k - 1]}) / d(H=${heads[k - 3]}, H=${heads[k - 2]})`,
    value: r.value,
    error: r.error,
    band: [0, 1],
    details: {
      data: tl.p1ScaledDataLabel,
      kernel: 'spatial kernel of test image 0, final-LN token features, seed-averaged',
      distances: distances[when].consecutive.map((d, i) => ({ from: heads[i], to: heads[i + 1], value: d.value, se: d.error })),
      rawStreamRatio: raw.value,
      error: 'jackknife over seeds',
      ...family,
    },
  });
}
