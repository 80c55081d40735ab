/**
 * P1-3b as data (docs/FIGURES.md P1-3b): the density of one attention logit A^a_{ss′}(x₀) over heads × seeds as H grows
 * at small N (THEORY.md §3.2, §4). The grid: architecture (LN ViT, no-LN variant) × N × H at α_A = ½, L = 4, seeds
 * (more at the largest H); every point one forward pass on one Gaussian image returning the logits of the pair (4, 4)
 * in every block (the run and cache shared with P1-3c). The analysis: densities in the last block against the exact law
 * (LN ViT) or the computed H → ∞ law (no LN), and the Kolmogorov–Smirnov distances behind the claims.
 */
import { SpecGrid, type GridPoint } from '../../sweep/spec-grid';
import { forwardFlops } from '../../sweep/cost';
import type { SweepRecord } from '../../sweep/sweep';
import type { Scale } from '../../notebook/scale';
import { color } from '../../plot/axes';
import { lineFigure, type Series } from '../../plot/figure';
import { smallMultiples } from '../../plot/multiples';
import { ksOneSample, ksThreshold99, ksTwoSample, ksTwoSampleThreshold99, variance } from '../../analysis/statistics';
import { AttentionLogitLaw } from '../../theory/attention-logit-law';
import type { Spec } from '../../spec/types';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { densityHistogram, initVariant, p1InitSpec, type P1InitVariant } from './common';
import { attentionLogitDensityCurves, p1InitialLogitsReference, p1LogitSettings, poolLogitSamples, type P1LogitRunResult, type P1LogitSettings } from './attention-logits';
import { p1LimitingLogitLaw } from './limit';

const sizes: Record<Scale, { headDims: number[]; heads: number[]; seeds: number; seedsAtLargest: number }> = {
  smoke: { headDims: [4, 16], heads: [2, 4, 8], seeds: 2, seedsAtLargest: 4 },
  quick: { headDims: [4, 16], heads: [8, 32, 128], seeds: 16, seedsAtLargest: 32 },
  paper: { headDims: [4, 16], heads: [32, 64, 128, 256], seeds: 32, seedsAtLargest: 32 },
};

/**
 * The grid of P1-3b: architecture ∈ {vit, simple} × N × H × α_A = ½ at L = 4 (fixed-depth P1 preset, 28×28 images in 16
 * patches of 7×7), `seedsPerHead` seeds at every H and `seedsAtLargest` at H ≥ `largestHeads`. The no-LN law in the
 * limit is computed with `limitHeads` head draws per layer in `limitReplicates` chains.
 */
export function p1Figure3bGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  const largest = s.heads[s.heads.length - 1];
  return new SpecGrid({
    base: p1InitSpec({ variant: 'vit', headDim: s.headDims[0], heads: s.heads[0], depth: 4, attentionExponent: 0.5 }),
    axes: { architecture: ['vit', 'simple'], headDim: s.headDims, heads: s.heads, attentionExponent: [0.5] },
    settings: { ...p1LogitSettings },
    analysis: { seedsPerHead: s.seeds, seedsAtLargest: s.seedsAtLargest, largestHeads: largest, limitHeads: 256, limitReplicates: 8 },
    seeds: s.seedsAtLargest,
    filter: (v, p) => (v.heads as number) >= (p.largestHeads as number) || (v.seed as number) < (p.seedsPerHead as number),
  });
}

interface LogitRun {
  spec: Spec;
  samples: number[][];
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Densities, KS tables and claims of P1-3b from the logit runs. */
export function analyseFigure3b(records: SweepRecord<P1LogitRunResult>[], analysis: Record<string, unknown>): FigureOutput {
  const a = analysis as { seedsPerHead: number; seedsAtLargest: number; limitHeads: number; limitReplicates: number };
  const runs: LogitRun[] = records.filter((r) => r.status === 'ok').map((r) => ({ spec: r.spec!, samples: r.result!.samples }));
  if (runs.length === 0) throw new Error('P1-3b: no finished runs');
  const settings = settingsOf<P1LogitSettings>(records[0]);
  const { depth, attentionExponent: alpha } = runs[0].spec;
  const variants = unique(runs.map((r) => initVariant(r.spec)));
  const headDims = unique(runs.map((r) => r.spec.headDim));
  const heads = unique(runs.map((r) => r.spec.heads)).sort((x, y) => x - y);
  const largest = heads[heads.length - 1];
  const runsOf = (variant: P1InitVariant, n: number, h: number) => runs.filter((r) => initVariant(r.spec) === variant && r.spec.headDim === n && r.spec.heads === h);
  const out = figureOutput();

  // The no-LN network's H → ∞ law of A^a_{ss′}(x₀) in the last block: the §4 law at the limit kernel's variances.
  const limitLaws = new Map<number, AttentionLogitLaw>();
  const limitLawOf = (n: number): AttentionLogitLaw => {
    if (!limitLaws.has(n)) {
      limitLaws.set(n, p1LimitingLogitLaw({
        variant: 'noLn', headDim: n, depth, attentionExponent: alpha, inputs: 1, inputSeed: settings.inputSeed, layer: depth,
        query: settings.query, key: settings.key, heads: a.limitHeads, replicates: a.limitReplicates,
      }));
    }
    return limitLaws.get(n)!;
  };
  const pair = `${settings.query}${settings.key}`;
  const panels = [];
  for (const variant of variants) {
    for (const n of headDims) {
      const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
      const sd = law.standardDeviation;
      const series: Series[] = [];
      heads.forEach((h, i) => {
        const last = poolLogitSamples(runsOf(variant, n, h), [depth]);
        const hist = densityHistogram(last, -4 * sd, 4 * sd, 28);
        const keep = hist.density.map((d, j) => (d > 0 ? j : -1)).filter((j) => j >= 0);
        series.push({ name: `H = ${h}`, x: keep.map((j) => hist.x[j]), y: keep.map((j) => hist.density[j]), color: color(i), mode: 'lines+markers' });
      });
      const curves = attentionLogitDensityCurves(law, 121, 4);
      if (variant === 'vit') {
        series.push({ name: 'exact law §4', x: curves.x, y: curves.exact, color: 'black', mode: 'lines' });
        series.push({ name: 'Gaussian', x: curves.x, y: curves.gaussian, color: 'black', dash: 'dash', mode: 'lines' });
      } else {
        // no LN: Gaussian with the variance of the largest-H samples (the law's scale is random, not ¼)
        const v = variance(poolLogitSamples(runsOf(variant, n, largest), [depth]));
        series.push({ name: 'Gaussian (H max variance)', x: curves.x, y: curves.x.map((x) => Math.exp(-x * x / (2 * v)) / Math.sqrt(2 * Math.PI * v)), color: 'black', dash: 'dash', mode: 'lines' });
        const limitLaw = limitLawOf(n);
        series.push({ name: 'H → ∞ law (computed)', x: curves.x, y: curves.x.map((x) => limitLaw.density(x)), color: 'black', mode: 'lines' });
      }
      const figure = lineFigure(series, { yLog: true, xTitle: 'A', yTitle: 'density (log)' });
      (figure.layout.yaxis as { range?: number[] }).range = [-3, 0.5];
      panels.push({ title: `${variant === 'vit' ? 'LN ViT' : 'no-LN variant'}, N = ${n}`, figure });
    }
  }
  out.plots.push({
    name: 'density-over-heads',
    figure: smallMultiples(panels, {
      columns: 2, width: 900, height: 700,
      title: `A^a_{${pair}}(0) over heads × seeds, last block, α_A = ${alpha === 0.5 ? '½' : alpha} (colours: H = ${heads.join(', ')}; black: exact law (ViT) or computed H → ∞ law (no LN), dashed: Gaussian)`,
    }),
  });
  out.notes.push(`${records.length} runs; data: Gaussian 28×28 images, patch 7; colours in every panel: ` + heads.map((h, i) => `H = ${h} ${color(i)}`).join(', '));

  const vitRows = [];
  for (const n of variants.includes('vit') ? headDims : []) {
    const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
    for (const h of heads) {
      const pooled = poolLogitSamples(runsOf('vit', n, h));
      vitRows.push({
        N: n, H: h, samples: pooled.length,
        ksExact: ksOneSample(pooled, (x) => law.cdf(x)), threshold: ksThreshold99(pooled.length),
        ksGaussian: ksOneSample(pooled, (x) => law.gaussianCdf(x)),
        exactKsToGaussian: law.distanceToGaussian().kolmogorov,
      });
    }
  }
  const noLnRows = [];
  const noLnLimitRows = [];
  for (const n of variants.includes('noLn') ? headDims : []) {
    const ref = poolLogitSamples(runsOf('noLn', n, largest), [depth]);
    for (const h of heads.slice(0, -1)) {
      const last = poolLogitSamples(runsOf('noLn', n, h), [depth]);
      noLnRows.push({
        N: n, H: h, samples: last.length, reference: ref.length, ks: ksTwoSample(last, ref), threshold: ksTwoSampleThreshold99(last.length, ref.length),
        variance: variance(last), referenceVariance: variance(ref), ksLimit: ksOneSample(last, (x) => limitLawOf(n).cdf(x)), limitThreshold: ksThreshold99(last.length), limitVariance: limitLawOf(n).variance,
      });
    }
    noLnLimitRows.push({ N: n, H: largest, samples: ref.length, ksLimit: ksOneSample(ref, (x) => limitLawOf(n).cdf(x)), threshold: ksThreshold99(ref.length), variance: variance(ref), limitVariance: limitLawOf(n).variance });
  }
  out.frames.push({ name: 'LN ViT: KS of the samples over heads·blocks·seeds to the exact law and to the Gaussian', rows: vitRows });
  out.frames.push({ name: `no-LN, last block: KS(H, H = ${largest}) and KS(H, computed H → ∞ law)`, rows: noLnRows });
  out.frames.push({ name: `no-LN, last block at H = ${largest}: KS to the computed H → ∞ law`, rows: noLnLimitRows });

  const details = { data: 'Gaussian 28×28 images, patch 7', depth, attentionExponent: alpha, tokenPair: [settings.query, settings.key], seeds: a.seedsPerHead, seedsAtLargest: a.seedsAtLargest };
  for (const r of vitRows) {
    out.claims.push({ figure: 'P1-3b', claim: `LN ViT: KS(samples over heads·blocks·seeds, exact law), N = ${r.N}, H = ${r.H}`, value: r.ksExact, band: [0, r.threshold], details: { ...details, samples: r.samples } });
  }
  const target = vitRows.find((r) => r.N === 4 && r.H === largest);
  if (target) {
    out.claims.push({ figure: 'P1-3b', claim: `LN ViT: KS to the equal-variance Gaussian, N = 4, H = ${largest}`, value: target.ksGaussian, band: [0.02, 1], details: { ...details, samples: target.samples, exact: target.exactKsToGaussian } });
  }
  for (const r of noLnLimitRows) {
    out.claims.push({ figure: 'P1-3b', claim: `no-LN: KS(last-block samples, computed H → ∞ law), N = ${r.N}, H = ${r.H}`, value: r.ksLimit, band: [0, r.threshold], details: { ...details, samples: r.samples, variance: r.variance, limitVariance: r.limitVariance } });
  }
  for (const r of noLnRows) {
    out.claims.push({ figure: 'P1-3b', claim: `no-LN: KS(H = ${r.H}, H = ${largest}), last block, N = ${r.N}`, value: r.ks, band: [0, r.threshold], gated: false, details: { ...details, samples: r.samples, reference: r.reference } });
  }
  return out;
}

export const p1Figure3b = definePaperFigure<P1LogitRunResult>({
  id: 'P1-3b',
  title: 'Density of the attention logit over heads as H grows, at small N',
  rows: ['P1-3b'],
  notebook: 'p1-fig3b-logit-density-over-heads.ipynb',
  grid: p1Figure3bGrid,
  runReference: p1InitialLogitsReference,
  cacheName: 'p1-init-logits',
  analyse: (records, context) => analyseFigure3b(records, context.grid.analysis),
  // one forward pass over one probe image per point (no 'inputs' setting for the default to read)
  cost: (point: GridPoint) => ({ flops: forwardFlops(point.spec), steps: 0 }),
});
