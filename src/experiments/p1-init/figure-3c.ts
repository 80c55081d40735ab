/**
 * P1-3c and V-A0 as data (docs/FIGURES.md P1-3c, V-A0): the law of the initial attention logit A(0) = N^{−α_A} Σᵢ kᵢqᵢ
 * as N grows (THEORY.md §4). The grid is the network the law describes: the LN ViT at initialization, N × α_A, L, H and
 * seeds; every point one forward pass returning A^a_{44}(x₀) for every head and block (the run and cache shared with
 * P1-3b). The analysis adds the theory at the grid's exponents: the exact law's table over `lawHeadDims` (sampled sums,
 * variance ratio, KS to the exact CDF, TV to the Gaussian limit), Fourier inversion against the closed forms (V-A0),
 * and the network samples' KS test against the exact law.
 */
import { SpecGrid, type GridPoint } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import type { Scale } from '../../notebook/scale';
import { ksOneSample, ksThreshold99 } from '../../analysis/statistics';
import { AttentionLogitLaw } from '../../theory/attention-logit-law';
import { forwardFlops } from '../../sweep/cost';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { p1InitSpec } from './common';
import { attentionLogitLawTable, fourierClosedFormGap, p1InitialLogitsReference, p1LogitSettings, poolLogitSamples, type P1LogitRunResult, type P1LogitSettings } from './attention-logits';
import { distanceFigure, lawDensityFigure, lawDensityName, networkSamplesFigure, varianceFigure } from './figure-3c-plots';

const sizes: Record<Scale, { draws: number; headDims: number[]; heads: number; depth: number; seeds: number }> = {
  smoke: { draws: 10000, headDims: [4, 16], heads: 8, depth: 2, seeds: 2 },
  quick: { draws: 100000, headDims: [4, 16], heads: 32, depth: 4, seeds: 16 },
  paper: { draws: 1000000, headDims: [4, 16], heads: 128, depth: 4, seeds: 32 },
};

/**
 * The grid of P1-3c: the LN ViT (fixed-depth P1 preset, 28×28 images in 16 patches of 7×7) at N × α_A ∈ {1, ½}, H and
 * L per scale, seeds. Analysis: the law's table over `lawHeadDims` with `draws` sampled sums per (N, α_A) (seed
 * `lawSeed` + 1000·(index of α_A) + index of N), `histogramDraws` sums per density histogram, and the Fourier check
 * at `fourierHeadDims` (V-A0).
 */
export function p1Figure3cGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  return new SpecGrid({
    base: p1InitSpec({ variant: 'vit', headDim: s.headDims[0], heads: s.heads, depth: s.depth, attentionExponent: 1 }),
    axes: { architecture: ['vit'], headDim: s.headDims, heads: [s.heads], attentionExponent: [1, 0.5] },
    settings: { ...p1LogitSettings },
    analysis: { lawHeadDims: [1, 2, 4, 8, 16, 64], draws: s.draws, lawSeed: 31, histogramDraws: 20000, fourierHeadDims: [2, 4, 8] },
    seeds: s.seeds,
  });
}

interface Analysis3c {
  lawHeadDims: number[];
  draws: number;
  lawSeed: number;
  histogramDraws: number;
  fourierHeadDims: number[];
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** The law table at the grid's exponents, the network KS rows, the plots and the claims of P1-3c and V-A0. */
export function analyseFigure3c(records: SweepRecord<P1LogitRunResult>[], analysis: Record<string, unknown>): FigureOutput {
  const a = analysis as unknown as Analysis3c;
  const ok = records.filter((r) => r.status === 'ok');
  if (ok.length === 0) throw new Error('P1-3c: no finished runs');
  const settings = settingsOf<P1LogitSettings>(ok[0]);
  const exponents = unique(ok.map((r) => r.spec!.attentionExponent));
  const netHeadDims = unique(ok.map((r) => r.spec!.headDim));
  const { heads, depth } = ok[0].spec!;
  const out = figureOutput();

  const t0 = Date.now();
  const table = attentionLogitLawTable(a.lawHeadDims, exponents, a.draws, a.lawSeed);
  out.notes.push(`law table (${a.draws} sampled sums per (N, α_A)) in ${((Date.now() - t0) / 1000).toFixed(1)} s; network samples: ${records.length} runs`);
  out.frames.push({
    name: 'The exact law, sampled sums and the Gaussian limit',
    rows: table.map((r) => ({
      N: r.headDim, alphaA: r.attentionExponent, varA: r.variance.toPrecision(4), varianceRatio: r.varianceRatio.toFixed(4),
      tolerance: r.varianceTolerance.toFixed(4), KS: r.ks.toFixed(4), KS99: r.ksThreshold.toFixed(4),
      TV: r.totalVariation.toFixed(4), tableTV: r.tableTotalVariation, NTV: r.scaledTotalVariation.toFixed(4),
    })),
  });
  for (const alpha of exponents) out.plots.push({ name: lawDensityName(alpha), figure: lawDensityFigure(alpha, a.lawHeadDims, a.histogramDraws) });
  out.plots.push({ name: 'variance-vs-N', figure: varianceFigure(table, exponents, a.draws) });
  const tvRows = table.filter((r) => r.attentionExponent === 1);
  if (tvRows.length > 0) out.plots.push({ name: 'tv-vs-N', figure: distanceFigure(tvRows) });

  // LN ViT samples at one token pair over heads, blocks and seeds: i.i.d. draws from the exact law (THEORY §2.8, §4.1)
  const networkRows = [];
  const panels = [];
  for (const alpha of exponents) {
    for (const n of netHeadDims) {
      const runs = ok.filter((r) => r.spec!.headDim === n && r.spec!.attentionExponent === alpha).map((r) => r.result!);
      const pooled = poolLogitSamples(runs);
      const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
      networkRows.push({ headDim: n, alpha, samples: pooled.length, seeds: runs.length, ks: ksOneSample(pooled, (x) => law.cdf(x)), threshold: ksThreshold99(pooled.length) });
      panels.push({ headDim: n, alpha, pooled });
    }
  }
  out.frames.push({ name: 'LN ViT network samples against the exact law', rows: networkRows.map(({ seeds: _seeds, ...r }) => r) });
  out.plots.push({ name: 'network-samples', figure: networkSamplesFigure(panels) });

  const data = 'none (exact law, sampled sums)';
  for (const r of table) {
    out.claims.push({
      figure: 'P1-3c', claim: `sample variance / (N^{1−2α_A}/4), N = ${r.headDim}, α_A = ${r.attentionExponent}`,
      value: r.varianceRatio, band: [1 - r.varianceTolerance, 1 + r.varianceTolerance], error: r.varianceTolerance / 4,
      details: { data, draws: r.draws },
    });
  }
  for (const r of tvRows) {
    if (r.tableTotalVariation === null) continue;
    out.claims.push({
      figure: 'P1-3c', claim: `TV to the Gaussian vs THEORY §4.5 table (${r.tableTotalVariation}), N = ${r.headDim}`,
      value: r.totalVariation, band: [r.tableTotalVariation - 1e-3, r.tableTotalVariation + 1e-3], details: { data: 'none (exact law)' },
    });
    out.claims.push({ figure: 'P1-3c', claim: `N·TV, N = ${r.headDim}`, value: r.scaledTotalVariation, band: [0.23, 0.36], details: { data: 'none (exact law)' } });
  }
  for (const r of networkRows) {
    out.claims.push({
      figure: 'P1-3c', claim: `KS(LN ViT samples, exact law), N = ${r.headDim}, α_A = ${r.alpha}`, value: r.ks, band: [0, r.threshold],
      details: { data: 'Gaussian 28×28 images, patch 7', samples: r.samples, heads, depth, seeds: r.seeds, tokenPair: [settings.query, settings.key] },
    });
  }
  for (const n of a.fourierHeadDims) {
    out.claims.push({ figure: 'V-A0', claim: `max |Fourier − closed form| of p_Y, N = ${n}`, value: fourierClosedFormGap(n), band: [0, 1e-6], details: { data: 'none' } });
  }
  for (const r of table) {
    out.claims.push({
      figure: 'V-A0', claim: `KS(sampled sums, exact CDF), N = ${r.headDim}, α_A = ${r.attentionExponent}`, value: r.ks, band: [0, r.ksThreshold],
      details: { data, draws: r.draws },
    });
  }
  return out;
}

export const p1Figure3c = definePaperFigure<P1LogitRunResult>({
  id: 'P1-3c',
  title: 'The law of the initial attention logit A(0) as N grows',
  rows: ['P1-3c', 'V-A0'],
  notebook: 'p1-fig3c-attention-logit-law.ipynb',
  grid: p1Figure3cGrid,
  runReference: p1InitialLogitsReference,
  cacheName: 'p1-init-logits',
  analyse: (records, context) => analyseFigure3c(records, context.grid.analysis),
  // one forward pass over one probe image per point (no 'inputs' setting for the default to read)
  cost: (point: GridPoint) => ({ flops: forwardFlops(point.spec), steps: 0 }),
});
