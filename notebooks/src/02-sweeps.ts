// %% [markdown]
// # Sweeps: a learning-rate × width grid, cached, in worker threads
//
// A tour of the experiment plumbing every figure notebook uses:
// - **src/data**: Fashion-MNIST as patch tokens, seeded batches that every run reads in the same order;
// - **src/sweep**: `tl.sweep(grid, run, options)` expands a grid × seeds, runs each point in worker threads, appends
//   every finished run to an on-disk cache and returns a tidy DataFrame; a live progress line shows in the notebook;
// - **src/analysis**: `printFrame`, `meanOverSeeds` (mean ± standard error over seeds) and `argminPerGroup` (the best
//   learning rate per width, with a parabolic refinement on log η₀).
//
// The experiment: a tiny ViT with P1's parameterization (L = 2 blocks, head dimension N = 8, width n = N·H), trained
// for a few hundred images with SGD + momentum 0.9, at several base learning rates η₀ and widths n. The run function
// lives in `src/experiments/tour-sweep.ts` (`tourSweepRun`), referenced as `tl.experiments.tourSweepRunReference`.
//
// **Data:** Fashion-MNIST (60k train / 10k test, 28×28, 10 classes), the offline stand-in for CIFAR-5M.

// %%
import * as tl from 'transformer-limits';
const scale = tl.currentScale();
const images = tl.loadImageData({ source: 'fashion-mnist' });
const geometry = tl.patchGeometry(28, { patch: 7 });
console.log(`${images.train.name}: ${images.train.count} train / ${images.test.count} test images, ${images.train.classes} classes; pixel mean ${images.statistics.mean.toFixed(3)}, std ${images.statistics.std.toFixed(3)}`);
console.log(`patch 7 → S = ${geometry.tokens} tokens of ${geometry.features} values; scale: ${scale}`);
const demo = tl.imageBatches(images.train, { batchSize: 8, seed: 0, statistics: images.statistics }).batch(0);
console.log(`batch 0 of the seed-0 order: inputs ${demo.batchSize}×${demo.tokens}×${demo.features}, labels ${Array.from(demo.labels).map((c) => tl.fashionMnistClassNames[c]).join(', ')}`);

// %%
const picture = (k) => Array.from({ length: 28 }, (_, r) => Array.from(images.train.images.subarray(demo.indices[k] * 784 + r * 28, demo.indices[k] * 784 + r * 28 + 28)));
const thumbs = [0, 1, 2, 3].map((k) => ({ title: tl.fashionMnistClassNames[demo.labels[k]], figure: tl.heatmapFigure(picture(k), { colorscale: 'Greys', showScale: false }) }));
const thumbGrid = tl.smallMultiples(thumbs, { columns: 4, width: 720, height: 250, xTitle: 'pixel column', yTitle: 'pixel row' });
for (const key of Object.keys(thumbGrid.layout).filter((k) => /^[xy]axis/.test(k))) thumbGrid.layout[key] = { ...(thumbGrid.layout[key] as object), showticklabels: false, showgrid: false };
await tl.show(thumbGrid, { name: 'fashion-mnist-batch' });

// %% [markdown]
// ## The grid and the sweep
//
// `axes` form a cartesian product (first axis slowest), `fixed` is merged into every config and `seeds` is the
// innermost axis. Each config is plain JSON; its cache key is a hash of (config, run name, run version, scale).
// The run reference `{ module, name, version }` lets `tl.sweep` start one worker thread per core. In a notebook a
// sweep keeps one output line up to date while it runs (runs done, cached, errors, ETA) without being asked; pass
// `onProgress` to do something else with the counts.

// %%
const settings = tl.byScale({
  smoke: { widths: [8, 16], learningRates: [0.1, 0.4, 1.6], seeds: 1, steps: 8, batchSize: 16, evalCount: 128 },
  quick: { widths: [16, 32, 64], learningRates: [0.1, 0.4, 1.6, 6.4], seeds: 2, steps: 60, batchSize: 32, evalCount: 512 },
  paper: { widths: [16, 32, 64, 128], learningRates: [0.0125, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4], seeds: 4, steps: 500, batchSize: 64, evalCount: 2000 },
});
const grid = {
  axes: { width: settings.widths, learningRate: settings.learningRates },
  fixed: { headDim: 8, depth: 2, steps: settings.steps, batchSize: settings.batchSize, evalCount: settings.evalCount },
  seeds: settings.seeds,
};
console.log(`${tl.expandGrid(grid).length} runs; first config: ${JSON.stringify(tl.expandGrid(grid)[0])}`);
const t0 = Date.now();
const swept = await tl.sweep(grid, tl.experiments.tourSweepRunReference, { name: 'tour-sweep', scale: scale });
const sweepSeconds = (Date.now() - t0) / 1000;
console.log(`${swept.progress.computed} computed, ${swept.progress.cached} from the cache, ${swept.progress.diverged} diverged, ${swept.progress.errors} errors in ${sweepSeconds.toFixed(1)} s`);
console.log(`cache: ${swept.cachePath}`);

// %% [markdown]
// ## The results as a DataFrame
//
// `swept.frame` is a danfojs DataFrame with one row per run: bookkeeping (status, seconds, cached), the config's
// keys, then the run's result fields (the per-step `losses` list is stored as JSON text). A run whose loss exceeds
// 2 ln 10 or is not finite is `diverged` with loss NaN; a run that throws is `error` with its message.

// %%
const columns = ['width', 'learningRate', 'seed', 'status', 'cached', 'seconds', 'loss', 'testLoss', 'testAccuracy', 'msPerStep'];
console.log(`swept.frame: ${swept.rows.length} rows; columns ${swept.frame.columns.join(', ')}`);
tl.printFrame(swept.rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), { digits: 3, maxRows: 12 });

// %% [markdown]
// ## Mean ± standard error over seeds, and the best learning rate per width
//
// `meanOverSeeds` groups by (width, η₀) and reports `v_mean`, `v_se` = s/√k, `v_n` (finite values) and `v_dropped`
// (diverged seeds) for each value column. `argminPerGroup` then takes, per width, η₀* = argmin of the mean test
// loss on the grid, flags an optimum at the edge of the grid, and refines it with the vertex of the parabola through
// the three points around it on a log η₀ axis.

// %%
const summary = tl.meanOverSeeds(swept.rows, { by: ['width', 'learningRate'], values: ['testLoss', 'testAccuracy'] });
tl.printFrame(summary, { digits: 3 });
const best = tl.argminPerGroup(summary, { by: ['width'], x: 'learningRate', metric: 'testLoss_mean' });
tl.printFrame(best.map((b) => ({ width: b.key.width, bestLearningRate: b.best, refined: b.refined, testLoss: b.metric, atEdge: b.atEdge })), { digits: 3 });

// %%
const widthList = settings.widths;
const lossSeries = widthList.map((w, i) => {
  const rows = summary.filter((r) => r.width === w);
  return { name: `n = ${w}`, x: rows.map((r) => r.learningRate as number), y: rows.map((r) => r.testLoss_mean as number), error: rows.map((r) => r.testLoss_se as number), color: tl.color(i) };
});
const bestSeries = {
  name: 'refined best η₀', mode: 'markers' as const, color: 'black',
  x: best.map((b) => b.refined),
  y: best.map((b) => b.metric),
};
const lossFigure = tl.lineFigure([...lossSeries, bestSeries], {
  title: 'Test loss vs base learning rate η₀, one line per width (P1 ViT)',
  xTitle: 'η₀ (base learning rate)', yTitle: `test cross-entropy after ${settings.steps} steps`, xLog: true,
  note: `data: Fashion-MNIST (first ${settings.evalCount} test images), L = 2, N = 8, batch ${settings.batchSize}, momentum 0.9, mean ± SE over ${settings.seeds} seed(s), diverged seeds left out`,
});
await tl.show(lossFigure, { name: 'test-loss-vs-learning-rate' });

// %% [markdown]
// With P1's table the rates already carry the width (η = η₀γ₀²n for SGD), so the best *base* rate η₀ should barely
// move as n grows: learning-rate transfer, which notebooks/p1-fig2a-learning-rate-transfer measures at larger scale.

// %% [markdown]
// ## Re-running reuses the cache
//
// Every finished run was stored as its own file in `data/cache/tour-sweep/runs/`. Calling `tl.sweep` again with the same grid,
// run reference and scale computes nothing (re-running this notebook does the same; killing it mid-sweep loses no
// finished run, and the next call resumes). Bump the reference's `version` when the run function changes. Here the
// second call also asks for `explode: 'losses'`, which turns the per-step loss list into one row per (run, step).

// %%
const t1 = Date.now();
const again = await tl.sweep(grid, tl.experiments.tourSweepRunReference, { name: 'tour-sweep', scale: scale, explode: 'losses' });
console.log(`second call: ${again.progress.computed} computed, ${again.progress.cached} cached, ${((Date.now() - t1) / 1000).toFixed(2)} s; exploded frame: ${again.rows.length} rows (run × step)`);
const curves = best.map((b, i) => {
  const rows = again.rows.filter((r) => r.width === b.key.width && r.learningRate === b.best);
  const steps = Array.from(new Set<number>(rows.map((r) => r.step as number))).sort((a, c) => a - c);
  const mean = steps.map((t) => {
    const at = rows.filter((r) => r.step === t).map((r) => r.losses as number);
    return at.reduce((s, v) => s + v, 0) / at.length;
  });
  return { name: `n = ${b.key.width}, η₀ = ${b.best}`, x: steps, y: mean, color: tl.color(i), mode: 'lines' as const };
});
await tl.show(tl.lineFigure(curves, { title: 'Training loss at the best η₀ of each width', xTitle: 'step', yTitle: 'training loss (seed mean)', note: 'data: Fashion-MNIST (training batches, one shared order)' }), { name: 'loss-curves-at-best-rate' });
