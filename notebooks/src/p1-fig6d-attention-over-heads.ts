// %% [markdown]
// # P1 Fig. 6d — distribution of the attention logits over heads across N, for α_A = 1 and α_A = ½
//
// "Infinite Limits of Multi-head Transformer Dynamics", Fig. 6 (d): the distribution over heads a of the last block's
// attention logits A^a_{ss′}(x), at initialization and after training, as the head dimension N grows, for α_A = 1 and
// α_A = ½. With α_A = 1 the initial spread collapses, Var A(0) = 1/(4N), and heads move together (the model becomes a
// single effective head, THEORY.md §3.1); with α_A = ½ the initial spread stays 1/4 at every N and heads stay distinct.
// Samples are pooled over token pairs (s, s′), 8 probe images and seeds; the "over heads" spread at fixed (x, s, s′)
// is shown as the deviation from the head mean, A^a − (1/H) Σ_b A^b.
// Beside the initial raw values: the **computed H → ∞ law** of A^a_{ss′}(x) over heads (`tl.p1ScaledInitialLogitDensity`:
// the §4 law with the query/key variances of the infinite-head kernel on the same probe images, pooled over (x, s, s′);
// docs/theory/infinite-head-kernel.md §4). For the LN ViT it has Var A = N^{1−2α_A}/4 at every H.
//
// Claims (FIGURES.md P1-6d; head variance = variance over heads of A^a_{ss′}(x), last block, averaged over (s, s′) and
// 32 probe images; head-mean update = RMS over (x, s, s′) of the mean over heads of A(t) − A(0)):
// - α_A = 1: initial head variance ratio N=16/N=4 in [0.18, 0.33] (exact 0.25); head-mean update ratio N=16/N=4 in [0.5, 2].
// - α_A = ½: initial head variance 0.25 within 20 % at N = 4 and at N = 16; final head-variance ratio N=16/N=4 in [0.5, 2].
//
// Setting: the P1-6 runs (notebook p1-fig6a-scaled-loss-curves): H = 4, L = 2, N ∈ {4, 16}, α_A ∈ {1, ½}; batch 32,
// 600 steps, 2 seeds at quick scale.
//
// Data: Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49.
//
// Rows: P1-6d

// %%
import * as tl from 'transformer-limits';

const scale = tl.currentScale();
const loaded = await tl.p1ScaledFamilyRuns(scale);
const { family, runs } = loaded;
console.log(`scale ${scale}: ${loaded.computed} runs computed, ${loaded.cached} cached, ${loaded.seconds.toFixed(1)} s; ${family.steps} steps, ${family.seeds} seeds`);
const note = `data: ${tl.p1ScaledDataLabel}; last block, ${family.logitProbes} probes × all (s, s′) × ${family.seeds} seeds, H = ${family.base.heads}`;
const smallN = Math.min(...family.headDims);
const largeN = Math.max(...family.headDims);
const groups = [
  { exponent: 1, label: 'α_A = 1', member: (n: number) => tl.scaledMemberName('N', n, family) },
  { exponent: 0.5, label: 'α_A = ½', member: (n: number) => tl.scaledMemberName('half', n, family) },
];
const lastBlock = (s: tl.P1ScaledSnapshot) => s.headVariance[s.headVariance.length - 1];
for (const g of groups) {
  for (const n of [smallN, largeN]) {
    const init = tl.seedMeanWithError(tl.memberSnapshots(runs, g.member(n), 'initial').map(lastBlock));
    const fin = tl.seedMeanWithError(tl.memberSnapshots(runs, g.member(n), 'final').map(lastBlock));
    const update = tl.seedMeanWithError(tl.memberSnapshots(runs, g.member(n), 'final').map((s) => s.headMeanChange ?? NaN));
    const change = tl.seedMeanWithError(tl.memberSnapshots(runs, g.member(n), 'final').map((s) => s.logitChange ?? NaN));
    console.log(`${g.label} N=${String(n).padEnd(3)} head variance: initial ${init.mean.toFixed(4)} ± ${init.error.toFixed(4)} (theory ${(n ** (1 - 2 * g.exponent) / 4).toFixed(4)}), final ${fin.mean.toFixed(4)} ± ${fin.error.toFixed(4)};  head-mean update ${update.mean.toFixed(4)} ± ${update.error.toFixed(4)};  RMS ΔA ${change.mean.toFixed(4)}`);
  }
}

// %% [markdown]
// Distributions over heads: deviations from the head mean (top) and the raw values A (bottom), pooled.

// %%
const samples = (member: string, when: 'initial' | 'final', centred: boolean) =>
  tl.memberSnapshots(runs, member, when).flatMap((s) => (centred ? tl.headDeviations(s.logits, s.logitShape) : s.logits));
// The H → ∞ law of the initial logits over heads, per (α_A, N), on the grid limitX.
const limitX = Array.from({ length: 201 }, (_, i) => -2.5 + i * 0.025);
const limitLaw = new Map<string, { density: number[]; variance: number }>();
for (const g of groups) for (const n of [smallN, largeN]) limitLaw.set(`${g.exponent}:${n}`, tl.p1ScaledInitialLogitDensity({ headDim: n, depth: family.base.depth, attentionExponent: g.exponent, probes: family.logitProbes, x: limitX }));
for (const g of groups) for (const n of [smallN, largeN]) console.log(`${g.label} N=${n}: H → ∞ law of A(0) over heads has variance ${limitLaw.get(`${g.exponent}:${n}`)!.variance.toFixed(4)}`);
for (const centred of [true, false]) {
  const panels = groups.flatMap((g) =>
    (['initial', 'final'] as const).map((when) => ({
      title: `${g.label}, ${when}: blue N=${smallN}, red N=${largeN}`,
      figure: (() => {
        const fig = tl.densityFigure([], [smallN, largeN].map((n) => ({ name: `N=${n}`, samples: samples(g.member(n), when, centred), bins: 80 })), { xTitle: centred ? 'A − head mean' : 'A', yTitle: 'density' });
        if (!centred && when === 'initial') {
          [smallN, largeN].forEach((n, i) => fig.data.push({ type: 'scatter', mode: 'lines', name: `H → ∞ law, N=${n}`, x: limitX, y: limitLaw.get(`${g.exponent}:${n}`)!.density, line: { color: tl.color(i), width: 2 } }));
        }
        return fig;
      })(),
    })),
  );
  const figure = tl.smallMultiples(panels, {
    columns: 2,
    width: 900,
    height: 700,
    title: `P1 Fig. 6d: ${centred ? 'A^a − head mean' : 'A^a (lines: computed H → ∞ law at init)'} over heads (x: value, y: density)<br><sub>${note}</sub>`,
  });
  figure.layout.barmode = 'overlay';
  figure.layout.margin = { l: 50, r: 20, t: 130, b: 40 };
  await tl.show(figure, { name: centred ? 'head-deviations' : 'logit-values' });
}

// %% [markdown]
// ## Claims

// %%
const perSeed = (member: string, when: 'initial' | 'final', f: (s: tl.P1ScaledSnapshot) => number) => tl.memberSnapshots(runs, member, when).map(f);
const ratio = (num: number[], den: number[]) =>
  tl.jackknifeOverSeeds(family.seeds, (keep) => {
    const m = (x: number[]) => tl.pickSeeds(x, keep).reduce((s, v) => s + v, 0) / keep.length;
    return m(num) / m(den);
  });
const details = { data: tl.p1ScaledDataLabel, block: 'last', error: 'jackknife / SE over seeds', ...family };
const [one, half] = groups;
const r1 = ratio(perSeed(one.member(largeN), 'initial', lastBlock), perSeed(one.member(smallN), 'initial', lastBlock));
tl.recordClaim({ figure: 'P1-6d', claim: `α_A = 1: initial head variance ratio N=${largeN}/N=${smallN} (exact 0.25)`, value: r1.value, error: r1.error, band: [0.18, 0.33], details });
const update = (s: tl.P1ScaledSnapshot) => s.headMeanChange ?? NaN;
const r2 = ratio(perSeed(one.member(largeN), 'final', update), perSeed(one.member(smallN), 'final', update));
tl.recordClaim({ figure: 'P1-6d', claim: `α_A = 1: head-mean update (RMS over x, s, s′) ratio N=${largeN}/N=${smallN}`, value: r2.value, error: r2.error, band: [0.5, 2], details });
for (const n of [smallN, largeN]) {
  const v = tl.seedMeanWithError(perSeed(half.member(n), 'initial', lastBlock));
  tl.recordClaim({ figure: 'P1-6d', claim: `α_A = ½: initial head variance at N=${n} (theory 0.25, ± 20 %)`, value: v.mean, error: v.error, band: [0.2, 0.3], details });
}
const r3 = ratio(perSeed(half.member(largeN), 'final', lastBlock), perSeed(half.member(smallN), 'final', lastBlock));
void tl.recordClaim({ figure: 'P1-6d', claim: `α_A = ½: final head-variance ratio N=${largeN}/N=${smallN}`, value: r3.value, error: r3.error, band: [0.5, 2], details });
