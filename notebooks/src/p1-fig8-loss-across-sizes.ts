// %% [markdown]
// # P1 Fig. 8 — training loss as H, N and L vary separately (the setting of Fig. 6)
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 8 (appendix): loss curves of the vision transformer of
// Fig. 6 when only the number of heads H, only the head dimension N, or only the depth L grows. Under the P1
// parameterization the curves converge as the size grows (THEORY.md §3.1–3.3); for heads the approach to the
// H → ∞ curve is a mean field over heads, with fluctuations ∝ H^{−1/2} (§3.2), and more heads do not hurt.
//
// Claims (FIGURES.md P1-8): (i) curves converge with width: the loss-curve distance (mean over all steps of
// |EMA difference| of the seed-averaged curves, half-life 10) between H = 8 and H = 16 is smaller than between H = 4 and
// H = 8 — recorded as the ratio, band [0, 1]; (ii) final loss at H = 16 ≤ final loss at H = 4 + 2 SE — recorded as the
// difference, band (−∞, 2 SE] with SE = the combined SE over seeds of the two final losses.
//
// Setting: the P1-6 runs (notebook p1-fig6a-scaled-loss-curves): base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16},
// L ∈ {2, 8}, (α_A, α_L, β₀, γ₀) = (1, 1, 4, 0.1), η₀ = 0.2, momentum 0.9; batch 32, 600 steps, 2 seeds at quick scale.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-8

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1ScaledFamilyRuns(scale);
const { family, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, batch ${family.batchSize}, ${family.seeds} seeds`);
const note = `data: ${tl.p1ScaledDataLabel}; ${family.steps} steps, batch ${family.batchSize}, ${family.seeds} seeds`;
for (const axis of ['H', 'N', 'L'] as const) {
  for (const m of tl.scaledAxisMembers(family, axis)) {
    const f = tl.finalLossSummary(tl.memberLosses(runs, m.member));
    console.log(`${axis}=${String(m.value).padEnd(3)} final loss ${f.mean.toFixed(4)} ± ${f.error.toFixed(4)}`);
  }
}

// %%
await tl.show(tl.scaledLossPanels(runs, family, { axes: ['H', 'N', 'L'], title: 'P1 Fig. 8: loss as H, N, L vary separately', note: note }), { name: 'loss-by-size' });

// %% [markdown]
// Loss-curve distances between consecutive sizes along each sweep.

// %%
for (const axis of ['H', 'N', 'L'] as const) {
  const ms = tl.scaledAxisMembers(family, axis);
  for (let i = 0; i + 1 < ms.length; i++) {
    const d = tl.lossCurveDistance(tl.memberLosses(runs, ms[i].member), tl.memberLosses(runs, ms[i + 1].member));
    console.log(`d(${axis}=${ms[i].value}, ${axis}=${ms[i + 1].value}) = ${d.toFixed(4)}`);
  }
}

// %% [markdown]
// ## Claims

// %%
const heads = tl.scaledAxisMembers(family, 'H');
const [h4, h8, h16] = heads.slice(-3);
const distance = (a: string, b: string, keep: number[]) => tl.lossCurveDistance(tl.pickSeeds(tl.memberLosses(runs, a), keep), tl.pickSeeds(tl.memberLosses(runs, b), keep));
const ratio = tl.jackknifeOverSeeds(family.seeds, (keep) => distance(h8.member, h16.member, keep) / distance(h4.member, h8.member, keep));
const all = Array.from({ length: family.seeds }, (_, i) => i);
const details = { data: tl.p1ScaledDataLabel, dLarge: distance(h8.member, h16.member, all), dSmall: distance(h4.member, h8.member, all), error: 'jackknife over seeds', ...family };
tl.recordClaim({ figure: 'P1-8', claim: `curves converge in H: d(H=${h8.value}, H=${h16.value}) / d(H=${h4.value}, H=${h8.value}) over all steps`, value: ratio.value, error: ratio.error, band: [0, 1], details });
const small = tl.finalLossSummary(tl.memberLosses(runs, h4.member));
const large = tl.finalLossSummary(tl.memberLosses(runs, h16.member));
const se = Math.sqrt(small.error ** 2 + large.error ** 2);
void tl.recordClaim({
  figure: 'P1-8',
  claim: `final loss(H=${h16.value}) − final loss(H=${h4.value}) ≤ 2 SE`,
  value: large.mean - small.mean,
  error: se,
  band: [-Infinity, 2 * se],
  details: { ...details, finalLossSmall: small, finalLossLarge: large, combinedSE: se },
});
