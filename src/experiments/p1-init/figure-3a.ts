/**
 * P1-3a as data (docs/FIGURES.md P1-3a): initial pooled kernels of the LN ViT (§2.2) and the no-LN variant (§2.3)
 * converge in the number of heads like 1/H (THEORY.md §3.2). The grid: architecture × H × seeds at N = 4, L = 4;
 * every point one forward pass on 8 Gaussian probe images; the analysis measures the error against the computed limit
 * (docs/theory/infinite-head-kernel.md) and against the seed mean at a large H.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, activeBackend } from '../../backend';
import { buildSimpleTransformer, buildVit } from '../../models/builders';
import { pooledKernel } from '../../probes/kernels';
import { SpecGrid } from '../../sweep/spec-grid';
import { specRun } from '../../sweep/spec-run';
import type { SweepRecord } from '../../sweep/sweep';
import type { Scale } from '../../notebook/scale';
import { logLogFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { median } from '../../analysis/statistics';
import { fitPowerLaw } from '../../analysis/fit';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { gaussianPatchInputs, p1InitSpec, type P1InitVariant } from './common';
import { kernelConvergenceInHeads } from './kernels';
import { chiSquare999, kernelConvergenceToLimit, p1InitialLimit } from './limit';

/** Settings of a P1-3a run: `inputs` Gaussian probe images drawn from `inputSeed` (the same for every point). */
export interface P1KernelSettings {
  inputs: number;
  inputSeed: number;
}

/** What a P1-3a run returns: kernels[ℓ] = the pooled raw-stream kernel Φ_ℓ (row-major B×B), ℓ = 0 … L. */
export interface P1KernelRunResult {
  kernels: number[][];
}

/**
 * One point of P1-3a: the network of `spec` with weights from the seed, one forward pass on `settings.inputs` Gaussian
 * images (seed `settings.inputSeed`, the same for every point); kernels[ℓ] = pooled raw-stream kernel Φ_ℓ (row-major
 * B×B) for ℓ = 0 (read-in) … L.
 */
export const p1InitialKernels = specRun<P1KernelSettings, P1KernelRunResult>(async (spec, _table, { seed, settings }) => {
  if (activeBackend() === null) await initBackend();
  const model = spec.architecture === 'vit' ? buildVit(spec, seed) : buildSimpleTransformer(spec, seed);
  const x = gaussianPatchInputs(settings.inputs, settings.inputSeed);
  try {
    const result = model.forward(x, { internals: true });
    const kernels = result.internals!.residual.map((h) => Array.from(pooledKernel(h)));
    tf.dispose(result as unknown as tf.TensorContainer);
    return { kernels };
  } finally {
    x.dispose();
    model.dispose();
  }
});

/** Sweep run reference of p1InitialKernels (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1InitialKernelsReference = { module: __filename, name: 'p1InitialKernels', version: '1' };

/** The analysis parameters of P1-3a: the reference H and its seeds, seeds per fitted H, head draws of the limit. */
export interface P1Figure3aAnalysis {
  referenceHeads: number;
  seedsPerHead: number;
  referenceSeeds: number;
  limitHeads: number;
}

const sizes: Record<Scale, { heads: number[]; seeds: number; referenceHeads: number; referenceSeeds: number; limitHeads: number }> = {
  smoke: { heads: [2, 4, 8], seeds: 6, referenceHeads: 32, referenceSeeds: 4, limitHeads: 256 },
  quick: { heads: [4, 8, 16, 32, 64], seeds: 64, referenceHeads: 256, referenceSeeds: 32, limitHeads: 1024 },
  paper: { heads: [8, 16, 32, 64, 128, 256, 512], seeds: 64, referenceHeads: 2048, referenceSeeds: 16, limitHeads: 4096 },
};

/**
 * The grid of P1-3a: architecture ∈ {vit, simple} × H ∈ {fitted H…, reference H} × seeds (fewer at the reference H),
 * N = 4, L = 4, the fixed-depth P1 preset, 28×28 single-channel images cut into 16 patches of 7×7.
 */
export function p1Figure3aGrid(scale: Scale): SpecGrid<P1KernelSettings, P1Figure3aAnalysis> {
  const s = sizes[scale];
  return new SpecGrid<P1KernelSettings, P1Figure3aAnalysis>({
    base: p1InitSpec({ variant: 'vit', headDim: 4, heads: s.heads[0], depth: 4 }),
    axes: { architecture: ['vit', 'simple'], heads: [...s.heads, s.referenceHeads] },
    settings: { inputs: 8, inputSeed: 12345 },
    analysis: { referenceHeads: s.referenceHeads, seedsPerHead: s.seeds, referenceSeeds: s.referenceSeeds, limitHeads: s.limitHeads },
    seeds: Math.max(s.seeds, s.referenceSeeds),
    filter: (v, p) => (v.seed as number) < (v.heads === p.referenceHeads ? p.referenceSeeds : p.seedsPerHead),
  });
}

const variantOf = (architecture: string): P1InitVariant => (architecture === 'vit' ? 'vit' : 'noLn');
const variantName = (v: P1InitVariant) => (v === 'vit' ? 'LN ViT' : 'no-LN');
const layerName = (layer: number) => (layer === 0 ? 'read-in' : `ℓ = ${layer}`);

/** Errors against the computed limit and against the large-H proxy, their slopes in H, the plots and the claims. */
export function analyseFigure3a(records: SweepRecord<P1KernelRunResult>[], grid: SpecGrid<P1KernelSettings, P1Figure3aAnalysis>): FigureOutput {
  const a = grid.analysis;
  const ok = records.filter((r) => r.status === 'ok');
  const runs = ok.map((r) => ({ variant: variantOf(r.spec!.architecture), heads: r.spec!.heads, seed: r.config.seed as number, kernels: r.result!.kernels }));
  const heads = [...new Set(runs.map((r) => r.heads))].filter((h) => h !== a.referenceHeads).sort((x, y) => x - y);
  const variants = [...new Set(runs.map((r) => r.variant))];
  const first = ok[0].spec!;
  const settings = settingsOf<P1KernelSettings>(ok[0]);
  const seedsAt = (h: number) => runs.filter((r) => r.heads === h && r.variant === variants[0]).length;
  const out = figureOutput();
  const t0 = Date.now();
  const limits = Object.fromEntries(variants.map((v) => [v, p1InitialLimit({ variant: v, headDim: first.headDim, depth: first.depth, inputs: settings.inputs, inputSeed: settings.inputSeed, heads: a.limitHeads })]));
  out.notes.push(`${records.length} runs; limits (${a.limitHeads} head draws per layer, ${limits[variants[0]].replicates} chains) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const proxy = variants.map((v) => kernelConvergenceInHeads(runs, v, heads, a.referenceHeads));
  const toLimit = variants.map((v) => ({ variant: v, layers: kernelConvergenceToLimit(runs, v, heads, limits[v]) }));
  const data = `${settings.inputs} Gaussian 28×28 images, patch 7`;
  toLimit.forEach((res, k) => {
    const last = res.layers[res.layers.length - 1];
    const series = res.layers.flatMap((l) => [
      { name: `${layerName(l.layer)}: vs limit`, x: heads, y: l.meanError, error: l.errorSE, color: color(l.layer) },
      { name: `${layerName(l.layer)}: vs H = ${a.referenceHeads} proxy`, x: heads, y: proxy[k].layers[l.layer].meanError, color: color(l.layer), dash: 'dot' as const },
    ]);
    out.plots.push({
      name: `error-vs-heads-${res.variant}`,
      figure: logLogFigure(series, {
        title: `${res.variant === 'vit' ? 'LN ViT' : 'no-LN variant'}: relative squared error of the initial pooled kernel`,
        xTitle: 'heads H', yTitle: '‖Φ_ℓ − Φ_ref‖²/‖Φ_ref‖² (mean over seeds)',
        references: [{ exponent: -1, prefactor: last.prefactor, xMin: heads[0], xMax: heads[heads.length - 1], name: 'C/H (last block)' }],
        note: `${data}; N = ${first.headDim}, L = ${first.depth}; ${seedsAt(heads[0])} seeds/H; solid: vs computed limit; dotted: vs H = ${a.referenceHeads} seed mean`,
      }),
    });
  });
  const hMax = heads[heads.length - 1];
  out.frames.push({
    name: 'Against the computed limit (slope over every H; H·err = C + D/H)',
    rows: toLimit.flatMap((res) => res.layers.map((l) => ({
      variant: res.variant, layer: l.layer, slope: +l.fit.slope.toFixed(3), lsqSE: +l.fit.slopeSE.toFixed(3), bootstrapSE: +l.fit.bootstrapSE.toFixed(3),
      C: +l.prefactor.toFixed(3), D: +l.correction.toFixed(3), chiSquare: +l.chiSquare.toFixed(2), dof: l.dof, mcFloor: +l.floor.toPrecision(2),
      HtimesErrorAtHmax: +(l.meanError[l.meanError.length - 1] * hMax).toPrecision(3),
    }))),
  });
  out.frames.push({
    name: `Against the H = ${a.referenceHeads} proxy`,
    rows: proxy.flatMap((res) => res.layers.map((l) => ({
      variant: res.variant, layer: l.layer, slope: +l.fit.slope.toFixed(3), lsqSE: +l.fit.slopeSE.toFixed(3), bootstrapSE: +l.fit.bootstrapSE.toFixed(3),
      errorAtHmax: +l.meanError[l.meanError.length - 1].toPrecision(3), HtimesErrorAtHmax: +(l.meanError[l.meanError.length - 1] * hMax).toPrecision(3),
    }))),
  });
  // Diagnostic (not a claim): at small H the no-LN errors are heavy-tailed, so the seed mean at the smallest H sits above
  // the median and steepens the fitted slope; the median-based slope shows the bulk.
  out.frames.push({
    name: 'Mean over median at the smallest H, and the median-based slope (diagnostic)',
    rows: proxy.flatMap((res) => res.layers.map((l) => ({
      variant: res.variant, layer: l.layer, meanOverMedianAtHmin: +(l.meanError[0] / median(l.errors[0])).toFixed(2),
      medianSlope: +fitPowerLaw(heads, l.errors.map((e) => median(e))).slope.toFixed(3),
    }))),
  });
  for (const res of toLimit) {
    for (const l of res.layers) {
      if (l.layer === 0) continue;
      const details = { data, heads, seeds: seedsAt(heads[0]), limitHeadDraws: limits[res.variant].heads, limitReplicates: limits[res.variant].replicates, mcFloor: l.floor, lsqSE: l.fit.slopeSE, meanError: l.meanError, prefactor: l.prefactor, correction: l.correction };
      out.claims.push({ figure: 'P1-3a', claim: `${variantName(res.variant)}: slope of log error vs log H against the computed limit (every H), block ℓ = ${l.layer}`, value: l.fit.slope, band: [-1.25, -0.75], error: l.fit.bootstrapSE, details });
      out.claims.push({ figure: 'P1-3a', claim: `${variantName(res.variant)}: χ² of H·err = C + D/H against the limit (${l.dof} dof, 99.9 % quantile), block ℓ = ${l.layer}`, value: l.chiSquare, band: [0, chiSquare999[l.dof]], details });
    }
  }
  for (const res of proxy) {
    for (const l of res.layers) {
      if (l.layer === 0) continue;
      out.claims.push({
        figure: 'P1-3a', claim: `${variantName(res.variant as P1InitVariant)}: slope of log error vs log H against the H = ${a.referenceHeads} proxy, block ℓ = ${l.layer}`,
        value: l.fit.slope, band: [-1.25, -0.75], error: l.fit.bootstrapSE,
        details: { data, heads, seeds: seedsAt(heads[0]), referenceHeads: a.referenceHeads, referenceSeeds: res.referenceSeeds, lsqSE: l.fit.slopeSE, meanError: l.meanError, readInSlope: res.layers[0].fit.slope },
      });
    }
  }
  return out;
}

export const p1Figure3a = definePaperFigure<P1KernelRunResult, P1KernelSettings, P1Figure3aAnalysis>({
  id: 'P1-3a',
  title: 'Initial kernels converge in the number of heads like 1/H',
  rows: ['P1-3a'],
  notebook: 'p1-fig3a-kernel-convergence-in-heads.ipynb',
  grid: p1Figure3aGrid,
  runReference: p1InitialKernelsReference,
  cacheName: 'p1-init-kernels',
  analyse: (records, context) => analyseFigure3a(records, context.grid),
});
