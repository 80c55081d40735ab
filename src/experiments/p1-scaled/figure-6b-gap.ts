/**
 * P1-6b (initial-gap part) as data (FIGURES.md P1-6b; THEORY.md §3.3): with branches scaled by b_L = β₀/L (α_L = 1) the
 * seed-averaged gap between the final and read-in raw-stream token kernels at initialization falls like 1/L,
 * E[Φ^{final} − Φ^{read-in}] ≈ 2β₀²L^{1−2α_L}k̄, while at α_L = ½ it tends to a constant. The grid: L × α_L × seeds of the
 * LN ViT (N, H) = (4, 4), fixed-depth P1 preset; every point one forward pass on 32 probe images.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, activeBackend } from '../../backend';
import { findFashionMnistDir } from '../../data/fashion-mnist';
import { forwardFlops } from '../../sweep/cost';
import { buildVit } from '../../models/builders';
import type { Scale } from '../../notebook/scale';
import { color, logLogFigure } from '../../plot/figure';
import { tokenKernel } from '../../probes/kernels';
import { SpecGrid, type GridPoint } from '../../sweep/spec-grid';
import { specRun } from '../../sweep/spec-run';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, type FigureOutput } from '../figure';
import { p1InitSpec } from '../p1-init/common';
import { initialKernelGap, p1ProbeImages } from '../p1-init/kernels';

type ProbeData = 'fashion-mnist' | 'shapes' | 'gaussian';
const probeMemo = new Map<string, { inputs: tf.Tensor3D; dataset: string }>();

/**
 * One point of the initial gap: the LN ViT of `spec` with weights from the seed, one forward pass on `settings.probes`
 * probe images of `settings.data` (p1ProbeImages: the first test images, standardized, patch 7); returns the token-level
 * raw-stream kernels Φ^{read-in} and Φ^{final}, Φ(x, x′) = (1/(S n)) Σ_s h_s(x)·h_s(x′) (row-major B×B, THEORY.md §3.3).
 */
export const p1InitialGap = specRun(async (spec, _table, { seed, settings }) => {
  if (activeBackend() === null) await initBackend();
  const data = settings.data as ProbeData;
  if (!['fashion-mnist', 'shapes', 'gaussian'].includes(data)) throw new Error(`data: expected 'fashion-mnist', 'shapes' or 'gaussian', got ${String(data)}`);
  const probes = settings.probes as number;
  if (!Number.isInteger(probes) || probes < 1) throw new Error(`probes: expected a positive integer, got ${String(probes)}`);
  const id = `${data}:${probes}`;
  if (!probeMemo.has(id)) probeMemo.set(id, p1ProbeImages(probes, data));
  const { inputs, dataset } = probeMemo.get(id)!;
  const model = buildVit(spec, seed);
  try {
    const result = model.forward(inputs, { internals: true });
    const stream = result.internals!.residual;
    const out = { readIn: Array.from(tokenKernel(stream[0])), final: Array.from(tokenKernel(stream[stream.length - 1])), dataset };
    tf.dispose(result as unknown as tf.TensorContainer);
    return out;
  } finally {
    model.dispose();
  }
});

/** Sweep run reference of p1InitialGap (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1InitialGapReference = { module: __filename, name: 'p1InitialGap', version: '1' };

const sizes: Record<Scale, { depths: number[]; seeds: number }> = {
  smoke: { depths: [2, 8], seeds: 2 },
  quick: { depths: [2, 4, 8, 16], seeds: 8 },
  paper: { depths: [2, 4, 8, 16, 32, 64], seeds: 32 },
};

/**
 * The grid: L × α_L ∈ {1, ½} × seeds, (N, H) = (4, 4), β₀ = 4, α_A = 1 (p1InitSpec, LN ViT); probes = the first 32
 * Fashion-MNIST test images (the Shapes set when Fashion-MNIST is not on disk).
 */
export function p1InitialGapGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  if (!s) throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
  return new SpecGrid({
    base: p1InitSpec({ variant: 'vit', headDim: 4, heads: 4, depth: s.depths[0], residualExponent: 1 }),
    axes: { depth: s.depths, residualExponent: [1, 0.5] },
    settings: { data: findFashionMnistDir() ? 'fashion-mnist' : 'shapes', probes: 32 },
    seeds: s.seeds,
  });
}

type GapRun = { readIn: number[]; final: number[]; dataset: string };

/** Gap per (α_L, L) with jackknife SEs over seeds, the plot against L, and the claim gap(L = 8)/gap(L = 2) at α_L = 1. */
export function analyseInitialGap(records: SweepRecord[]): FigureOutput {
  const ok = records.filter((r) => r.status === 'ok');
  const dataset = (ok[0].result as GapRun).dataset;
  const depths = [...new Set(ok.map((r) => r.spec!.depth))].sort((a, b) => a - b);
  const seeds = new Set(ok.map((r) => r.config.seed)).size;
  const runsOf = (depth: number, alphaL: number) => ok.filter((r) => r.spec!.depth === depth && r.spec!.residualExponent === alphaL).map((r) => r.result as GapRun);
  const out = figureOutput();
  out.notes.push(`${records.length} runs (${records.length - ok.length} not ok); data: ${dataset}`);
  const rows: { alphaL: number; depth: number; seeds: number; gap: number; se: number }[] = [];
  for (const alphaL of [1, 0.5]) {
    for (const depth of depths) {
      const runs = runsOf(depth, alphaL);
      // SE of the gap by leave-one-seed-out jackknife
      const gap = initialKernelGap(runs);
      const loo = runs.map((_, k) => initialKernelGap(runs.filter((__, j) => j !== k)));
      const m = loo.reduce((a, b) => a + b, 0) / loo.length;
      const se = Math.sqrt(((loo.length - 1) / loo.length) * loo.reduce((a, b) => a + (b - m) ** 2, 0));
      rows.push({ alphaL, depth, seeds: runs.length, gap, se });
    }
  }
  out.frames.push({ name: 'Initial gap ‖mean(Φ^{final} − Φ^{read-in})‖_F / ‖mean Φ^{read-in}‖_F (± jackknife SE)', rows });
  const spec = ok[0].spec!;
  out.plots.push({
    name: 'initial-gap-vs-depth',
    figure: logLogFigure(
      [1, 0.5].map((alphaL, i) => {
        const r = rows.filter((x) => x.alphaL === alphaL);
        return { name: `α_L = ${alphaL === 1 ? '1' : '½'}`, x: r.map((x) => x.depth), y: r.map((x) => x.gap), error: r.map((x) => x.se), color: color(i) };
      }),
      {
        title: 'Initial gap between final and read-in token kernels (seed-averaged)',
        xTitle: 'depth L', yTitle: '‖mean(Φ^{final} − Φ^{read-in})‖_F / ‖mean Φ^{read-in}‖_F',
        references: [{ exponent: -1, prefactor: rows[0].gap * depths[0], xMin: depths[0], xMax: depths[depths.length - 1], name: 'L^{-1}' }],
        note: `data: ${dataset}; LN ViT N = ${spec.headDim}, H = ${spec.heads}, β₀ = ${spec.branchScale}, ${seeds} seeds`,
      },
    ),
  });
  const g2 = rows.find((r) => r.alphaL === 1 && r.depth === 2);
  const g8 = rows.find((r) => r.alphaL === 1 && r.depth === 8);
  if (!g2 || !g8) throw new Error(`depth: the claim needs L = 2 and L = 8 at α_L = 1 (have L ∈ {${depths.join(', ')}})`);
  const ratio = g8.gap / g2.gap;
  const ratioSE = ratio * Math.sqrt((g8.se / g8.gap) ** 2 + (g2.se / g2.gap) ** 2);
  out.claims.push({
    figure: 'P1-6b', claim: 'initial gap(L = 8)/gap(L = 2), α_L = 1, raw-stream token kernel', value: ratio, band: [0.15, 0.45], error: ratioSE,
    details: { data: dataset, seeds, gapL2: g2.gap, gapL8: g8.gap, headDim: spec.headDim, heads: spec.heads, branchScale: spec.branchScale, halfGaps: rows.filter((r) => r.alphaL === 0.5).map((r) => r.gap) },
  });
  return out;
}

export const p1Figure6bGap = definePaperFigure({
  id: 'P1-6b-gap',
  title: 'At α_L = 1 the initial stream stays close to its read-in as L grows (initial-gap part of P1-6b)',
  rows: ['P1-6b'],
  notebook: 'p1-fig6b-initial-kernel-gap.ipynb',
  grid: p1InitialGapGrid,
  runReference: p1InitialGapReference,
  cacheName: 'p1-init-gap',
  analyse: (records) => analyseInitialGap(records),
  /** One forward pass over the probe images (no training). */
  cost: (point: GridPoint) => ({ flops: forwardFlops(point.spec) * (point.settings.probes as number), steps: 0 }),
});
