// %% [markdown]
// # Parameterizations: one spec, one table, one coordinate check
//
// A network here is a plain-JSON **spec** (sizes N = head dimension, H = heads, L = depth; exponents α_A, α_L;
// constants β₀, γ₀; optimizer). `tl.resolve(spec)` turns it into the **parameter table**: for every trainable tensor
// its init std σ, the multiplier μ applied in the forward pass, and its learning rate η. The builders, the
// optimizers and these docs all read that one table (THEORY.md §2.5–2.6, §7).
//
// This notebook
// 1. prints the table of P1 ("Infinite Limits of Multi-head Transformer Dynamics") for SGD and for Adam;
// 2. puts the presets side by side for one weight group (the query weights W^Q): SP, NTK, μP, mean-field,
//    depth-μP, CompleteP and P2's shaped transformer, with how each entry scales with the width n = N·H and depth L;
// 3. runs a **coordinate check**: a few training steps at growing N and growing H on the same batches, measuring how
//    much every activation moves, for the P1 table and μP (whose rates follow the width) against the standard
//    parameterization (SP) at a fixed learning rate. A well-defined limit shows flat lines (log-log slope ≈ 0);
// 4. contrasts the two Adam readouts of the ViT: the reconstructed code row (`adamReadout: 'code'`, the default) and
//    the μP-consistent row (`adamReadout: 'muP'`, the LM's), with the same coordinate check.
//
// **Data:** Fashion-MNIST (28×28 images cut into 16 patches of 7×7), the offline stand-in for CIFAR-5M.

// %%
import * as tf from '@tensorflow/tfjs';
import * as tl from 'transformer-limits';
const backend = await tl.initBackend();
const scale = tl.currentScale();
console.log(`backend: ${backend}, scale: ${scale}`);

// %% [markdown]
// ## 1. P1's parameter table
//
// A small ViT (N = 8, H = 4, L = 2, 16 patch tokens of 49 values, 10 classes), α_A = 1, α_L = 1, β₀ = 4, γ₀ = 1/4.
// `describeSpec` returns the table, a danfojs DataFrame and this text. With SGD every rate carries the global factor
// η = η₀γ₀²n·L^{2α_L−1}; with Adam it is η₀/√n (P1's released code, ε = 10⁻²⁰).

// %%
const p1Sizes = { headDim: 8, heads: 4, depth: 2 };
const p1Sgd = tl.describeSpec(tl.preset('p1', { ...p1Sizes, optimizer: { kind: 'sgd', learningRate: 0.1 } }));
console.log(p1Sgd.text);

// %%
const p1Adam = tl.describeSpec(tl.preset('p1', { ...p1Sizes, optimizer: { kind: 'adam', learningRate: 0.02 } }));
console.log(p1Adam.text);
console.log(`\nthe same table as a DataFrame: ${p1Adam.frame.index.length} rows × ${p1Adam.frame.columns.length} columns (${p1Adam.frame.columns.join(', ')})`);

// %% [markdown]
// ## 2. The presets side by side, for the query weights W^Q of block 1
//
// Every preset at the same size (N = 8, H = 4, L = 4), SGD with η₀ = 0.1 and Adam with η₀ = 0.01. The second table
// gives the exponents: how each entry scales with the width n (through H, 4 → 16) and with the depth L (4 → 16),
// read off the tables themselves. `logitScale` is the factor in A = q·k·logitScale (N^{−α_A}, or 1/τ for shaped
// attention) and `branch` the residual-branch multiplier b_L = β₀(L/L_b)^{−α_L}.

// %%
const presetList = ['sp', 'ntk', 'mup', 'meanField', 'p1', 'depthMup', 'completeP', 'shaped'];
const rowName = 'block1.query';
const baseSizes = { headDim: 8, heads: 4, depth: 4 };
function queryRow(name, sizes, kind) {
  const spec = tl.preset(name, { ...sizes, optimizer: { kind: kind, learningRate: kind === 'sgd' ? 0.1 : 0.01 } });
  const table = tl.resolve(spec);
  return { table: table, row: table.rows.find((r) => r.name === rowName) };
}
const exponent = (a, b, ratio) => Math.log(b / a) / Math.log(ratio);
const side = [];
const exponents = [];
for (const name of presetList) {
  const sgd = queryRow(name, baseSizes, 'sgd');
  const adam = queryRow(name, baseSizes, 'adam');
  side.push({
    preset: name, family: sgd.table.family, alphaA: sgd.table.spec.attentionExponent, alphaL: sgd.table.spec.residualExponent,
    initStd: sgd.row.initStd, multiplier: sgd.row.multiplier, lrSgd: sgd.row.learningRate, lrAdam: adam.row.learningRate,
    logitScale: sgd.table.logitScale, branch: sgd.table.branchMultiplier,
  });
  const wide = { ...baseSizes, heads: 4 * baseSizes.heads };
  const deep = { ...baseSizes, depth: 4 * baseSizes.depth };
  const [sgdW, adamW, sgdD, adamD] = [queryRow(name, wide, 'sgd'), queryRow(name, wide, 'adam'), queryRow(name, deep, 'sgd'), queryRow(name, deep, 'adam')];
  exponents.push({
    preset: name,
    'initStd~n^': exponent(sgd.row.initStd, sgdW.row.initStd, 4),
    'mult~n^': exponent(sgd.row.multiplier, sgdW.row.multiplier, 4),
    'lrSgd~n^': exponent(sgd.row.learningRate, sgdW.row.learningRate, 4),
    'lrAdam~n^': exponent(adam.row.learningRate, adamW.row.learningRate, 4),
    'branch~L^': exponent(sgd.table.branchMultiplier, sgdD.table.branchMultiplier, 4),
    'lrSgd~L^': exponent(sgd.row.learningRate, sgdD.row.learningRate, 4),
    'lrAdam~L^': exponent(adam.row.learningRate, adamD.row.learningRate, 4),
  });
}
console.log(`W^Q of block 1 at N = ${baseSizes.headDim}, H = ${baseSizes.heads}, L = ${baseSizes.depth} (n = ${baseSizes.headDim * baseSizes.heads}):`);
tl.printFrame(side, { digits: 3 });
console.log('\nexponents (n through H; L through depth):');
tl.printFrame(exponents.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]))), { digits: 3 });

// %% [markdown]
// Reading the exponents: SP and NTK keep one rate for every width; μP (multiplier 1, init 1/√fan-in) keeps the
// hidden weights' SGD rate O(1) and scales their Adam rate as 1/fan-in; and the mean-field family (P1, depth-μP, CompleteP) moves the 1/√n into the multiplier
// and scales the global SGD rate with n (η₀γ₀²n). The depth columns separate depth-μP (b_L ∝ L^{−1/2}) from CompleteP
// and P1 (b_L ∝ L^{−1}, SGD rate ∝ L^{2α_L−1}; with Adam, depth-μP and CompleteP add the factor L^{α_L−1}).
//
// ## 3. Coordinate check: P1 and μP against SP at a fixed learning rate
//
// For each parameterization: the ViT at base size N = 8, H = 4, L = 2 (quick scale), then N swept at fixed H and H
// swept at fixed N, trained for t = 1…T steps (momentum 0.9, each preset's default η₀) on the same Fashion-MNIST
// batches. Measured on 32 fixed test images: the mean coordinate change ⟨|x(t) − x(0)|⟩ of every activation.
// The verdict fits the log-log slope against the swept size for the stream-level modules (read-in, residual
// stream after each block, attention and MLP branches, pooled features, output) and flags |slope| > 0.3.

// %%
const cc = tl.byScale({
  smoke: { headDim: 4, heads: 2, headDims: [4, 8], headCounts: [2, 4], steps: 2, batchSize: 16, probeCount: 8, seeds: [0] },
  quick: { headDim: 8, heads: 4, headDims: [8, 16, 32, 64], headCounts: [4, 8, 16, 32], steps: 3, batchSize: 32, probeCount: 32, seeds: [0] },
  paper: { headDim: 8, heads: 4, headDims: [8, 16, 32, 64, 128], headCounts: [4, 8, 16, 32, 64], steps: 3, batchSize: 32, probeCount: 64, seeds: [0, 1, 2] },
});
const data = tl.loadImageData({ source: 'fashion-mnist' });
const stream = tl.imageBatches(data.train, { batchSize: cc.batchSize, seed: 0, statistics: data.statistics });
const toTensors = (b) => ({ inputs: tf.tensor3d(b.inputs, [b.batchSize, b.tokens, b.features]), targets: tf.tensor1d(b.labels, 'int32') });
const batches = (step) => toTensors(stream.batch(step));
const probe = toTensors(tl.data.imageBatch(data.test, Int32Array.from({ length: cc.probeCount }, (_, i) => i), data.statistics));
const ccSizes = { headDim: cc.headDim, heads: cc.heads, depth: 2 };
const parameterizations = [
  { label: 'P1', spec: tl.preset('p1', ccSizes) },
  { label: 'μP', spec: tl.preset('mup', ccSizes) },
  { label: 'SP (fixed η)', spec: tl.preset('sp', ccSizes) },
];
const checks = [];
for (const p of parameterizations) {
  const t0 = Date.now();
  const result = tl.coordinateCheck({ spec: p.spec, headDims: cc.headDims, heads: cc.headCounts, batches: batches, probeInputs: probe.inputs, steps: cc.steps, seeds: cc.seeds });
  const widths = [cc.headCounts[0], cc.headCounts[cc.headCounts.length - 1]];
  const rates = widths.map((h) => tl.resolve({ ...p.spec, heads: h }).rows.find((r) => r.name === 'block1.value').learningRate);
  console.log(`${p.label}: ${p.spec.optimizer.kind} η₀ = ${p.spec.optimizer.learningRate}; η of W^V at n = ${cc.headDim * widths[0]} … ${cc.headDim * widths[1]}: ${rates.map((r) => r.toPrecision(3)).join(' … ')}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  checks.push({ label: p.label, result: result });
}

// %% [markdown]
// The plot: coordinate change after T steps against the width n = N·H, one line per module (the same colour in
// every panel), rows = parameterization, left column N grows, right column H grows.

// %%
const shownModule = (m) => tl.analysis.defaultVerdictModule(m) && m !== 'stream.0';
const moduleNames: string[] = Array.from(new Set<string>(checks[0].result.records.map((r) => r.module).filter(shownModule)));
const panels = [];
for (const c of checks) {
  for (const axis of ['headDim', 'heads']) {
    const sizes = axis === 'headDim' ? cc.headDims : cc.headCounts;
    const widthOf = (size) => (axis === 'headDim' ? size * cc.heads : cc.headDim * size);
    const series = moduleNames.map((module, i) => {
      const y = sizes.map((size) => {
        const rows = c.result.records.filter((r) => r.sweptAxis === axis && r.sweptSize === size && r.step === cc.steps && r.module === module);
        return rows.length > 0 ? rows.reduce((s, r) => s + r.coordinateChange, 0) / rows.length : NaN;
      });
      return { name: module, x: sizes.map(widthOf), y: y, color: tl.color(i) };
    });
    const verdict = c.result.verdict.flagged.some((f) => f.sweptAxis === axis) ? 'flagged' : 'flat';
    const title = `${c.label}: ${axis === 'headDim' ? `N grows (H = ${cc.heads})` : `H grows (N = ${cc.headDim})`} — ${verdict}`;
    panels.push({ title: title, figure: tl.logLogFigure(series, { xTitle: 'width n', yTitle: '⟨|x(t) − x(0)|⟩' }) });
  }
}
const grid = tl.smallMultiples(panels, { columns: 2, width: 980, height: 300 * checks.length + 130, title: `Coordinate check: ⟨|x(t) − x(0)|⟩ at t = ${cc.steps} vs width n (log-log)<br><sub>data: Fashion-MNIST (16 patches of 7×7), ViT L = 2, momentum 0.9, ${cc.seeds.length} seed(s), scale ${scale}</sub>` });
const seen = new Set();
for (const trace of grid.data) {
  trace.legendgroup = trace.name;
  trace.showlegend = !seen.has(trace.name);
  seen.add(trace.name);
}
grid.layout.showlegend = true;
grid.layout.margin = { l: 50, r: 160, t: 130, b: 40 };
await tl.show(grid, { name: 'coordinate-check-p1-mup-sp' });

// %% [markdown]
// Verdicts and fitted slopes (log-log slope of the change against the swept size, at the last step; `*` marks a
// module the verdict judges).

// %%
for (const c of checks) {
  const v = c.result.verdict;
  console.log(`${c.label}: ${tl.verdictText(v.pass, { words: ['PASS', 'FAIL'] })} — ${v.flagged.length} flag(s)`);
  for (const f of v.flagged.slice(0, 6)) console.log(`   ${f.sweptAxis} ${f.module} t=${f.step}: ${Number.isFinite(f.slope) ? `slope ${f.slope.toFixed(2)}` : f.reason}`);
  if (v.flagged.length > 6) console.log(`   … ${v.flagged.length - 6} more`);
}
const slopeRows = [];
for (const module of Array.from(new Set<string>(checks[0].result.slopes.map((s) => s.module)))) {
  const row = { module: (tl.analysis.defaultVerdictModule(module) ? '* ' : '  ') + module };
  for (const c of checks) {
    for (const axis of ['headDim', 'heads']) {
      const s = c.result.slopes.find((x) => x.module === module && x.sweptAxis === axis && x.step === cc.steps);
      row[`${c.label.split(' ')[0]} ${axis === 'headDim' ? 'N' : 'H'}`] = (s ? s.slope.toFixed(2) : '—').padStart(5);
    }
  }
  slopeRows.push(row);
}
tl.printFrame(slopeRows, { digits: 3, maxWidth: 28 });

// %% [markdown]
// What to look for: with the P1 table and with μP every judged slope stays within ±0.3 of 0 (the residual stream,
// the branches and the output move by the same amount at every width, up to finite-size corrections of order
// n^{−1/2}); with SP at a fixed rate the output change grows roughly like n^{0.6} and the read-in change shrinks like
// n^{−1/2}, so the check fails — a rate that is right at one width is wrong at another.
//
// With α_A = 1 the logits start near 0 (Var A(0) = N^{1−2α_A}/4), so attention is almost uniform at first and the
// stream-level curves of the N sweep and the H sweep nearly coincide. Per-head keys, queries and logits are in the
// slope table but not judged: their laws (Δk ∝ N^{α_A−1}, ΔA = O(1)) only emerge after ~10–50 steps, once W^O has
// aligned with the head outputs (THEORY.md §2.9); notebooks/p1-table3-update-sizes measures them there.

// %% [markdown]
// ## 4. Adam: the readout row decides whether the output is width-stable
//
// P1's released ViT code trains with Adam (η = η₀/√n) a readout drawn with std 1 and multiplied by n^{−½}: effective
// scale n^{−½}, as in SP. The LM's readout is drawn with std n^{−½} and multiplied by n^{−½}: effective n^{−1}, the
// μP/mean-field scale. `adamReadout: 'muP'` gives the ViT the LM's row (the default `'code'` keeps the reconstructed
// row, for reproduction). Why it matters: Adam normalises away the *size* of the backward signal μ_r W_out(0)e
// reaching the pooled features, so they move by O(1) per coordinate along sign(W_out(0)e) whatever the readout's
// scale; the readout then sums n aligned terms, μ_r W_out(0)ᵀΔh̄ = O(n · std · μ_r) = O(n^{½}) for the code row and
// O(1) for the μP row (derivation in notebooks/p1-table1-learning-rate-rules, which gates the μP row at t = 20).

// %%
const adamSpec = (readout) => tl.preset('p1', { ...ccSizes, adamReadout: readout, optimizer: { kind: 'adam', learningRate: 0.02 } });
for (const readout of ['code', 'muP']) {
  const r = tl.resolve(adamSpec(readout)).rows.find((x) => x.name === 'readout');
  console.log(`adamReadout '${readout}': readout std ${r.initStd.toPrecision(3)}, multiplier ${r.multiplier.toPrecision(3)}, effective ${(r.initStd * r.multiplier).toPrecision(3)} at n = ${cc.headDim * cc.heads}; η ${r.learningRate.toPrecision(3)}`);
}
const adamChecks = ['code', 'muP'].map((readout) => ({
  readout: readout,
  result: tl.coordinateCheck({ spec: adamSpec(readout), headDims: cc.headDims, heads: cc.headCounts, batches: batches, probeInputs: probe.inputs, steps: cc.steps, seeds: cc.seeds }),
}));
const adamSeries = [];
adamChecks.forEach((c, i) => {
  for (const axis of ['headDim', 'heads']) {
    const sizes = axis === 'headDim' ? cc.headDims : cc.headCounts;
    const widthOf = (size) => (axis === 'headDim' ? size * cc.heads : cc.headDim * size);
    const y = sizes.map((size) => {
      const rows = c.result.records.filter((r) => r.sweptAxis === axis && r.sweptSize === size && r.step === cc.steps && r.module === 'output');
      return rows.length > 0 ? rows.reduce((s, r) => s + r.coordinateChange, 0) / rows.length : NaN;
    });
    const slope = c.result.slopes.find((x) => x.module === 'output' && x.sweptAxis === axis && x.step === cc.steps);
    adamSeries.push({ name: `${c.readout} readout, ${axis === 'headDim' ? 'N' : 'H'} grows (slope ${slope ? slope.slope.toFixed(2) : '—'})`, x: sizes.map(widthOf), y: y, color: tl.color(i), dash: axis === 'headDim' ? 'solid' : 'dash' });
  }
  console.log(`Adam, ${c.readout} readout: verdict ${tl.verdictText(c.result.verdict.pass, { words: ['PASS', 'FAIL'] })}; flagged: ${c.result.verdict.flagged.map((f) => `${f.sweptAxis} ${f.module} ${Number.isFinite(f.slope) ? f.slope.toFixed(2) : f.reason}`).join(', ') || 'none'}`);
});
tf.dispose([probe.inputs, probe.targets]);
await tl.show(tl.logLogFigure(adamSeries, { title: `Adam: output change ⟨|z(t) − z(0)|⟩ at t = ${cc.steps} vs width n, code vs μP-consistent readout`, xTitle: 'width n', yTitle: 'output change', note: `data: Fashion-MNIST; ViT L = 2, η₀ = 0.02, ${cc.seeds.length} seed(s), scale ${scale}` }), { name: 'adam-readout-contrast' });
