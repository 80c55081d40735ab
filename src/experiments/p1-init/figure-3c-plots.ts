/**
 * The plots of P1-3c (docs/FIGURES.md P1-3c): densities of A(0) per α_A (exact law, Fourier inversion, sampled sums,
 * Gaussian), Var A(0) against N with the N^{1−2α_A}/4 references, the distance of the law to its Gaussian limit, and the
 * LN ViT network samples against the exact law (THEORY.md §4).
 */
import { color, type Figure } from '../../plot/axes';
import { lineFigure, logLogFigure, type Series } from '../../plot/figure';
import { smallMultiples } from '../../plot/multiples';
import { AttentionLogitLaw } from '../../theory/attention-logit-law';
import { densityHistogram } from './common';
import { attentionLogitDensityCurves, type AttentionLogitLawRow } from './attention-logits';

/** α_A as the figures write it (½ for 0.5). */
export const alphaLabel = (alpha: number): string => (alpha === 0.5 ? '½' : String(alpha));
/** Plot-name suffix of α_A ('1', 'half', else the number). */
const alphaName = (alpha: number): string => (alpha === 0.5 ? 'half' : String(alpha));

/**
 * Density of A(0) at one α_A for every N: exact law (lines), Fourier inversion (dots, N ≥ 3), a density histogram of
 * `histogramDraws` sampled sums (seed 500 + index of N), and the equal-variance Gaussian (dashed; drawn once for α_A = ½,
 * where every N has the same limit of variance ¼).
 */
export function lawDensityFigure(alpha: number, headDims: readonly number[], histogramDraws: number): Figure {
  const series: Series[] = [];
  headDims.forEach((n, i) => {
    const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
    const curves = attentionLogitDensityCurves(law, 161, 4);
    const c = color(i);
    series.push({ name: `N = ${n} exact`, x: curves.x, y: curves.exact, color: c, mode: 'lines', reference: true });
    if (curves.fourier) series.push({ name: `N = ${n} Fourier`, x: curves.x.filter((_, j) => j % 8 === 4), y: curves.fourier.filter((_, j) => j % 8 === 4), color: c, mode: 'markers' });
    if (alpha !== 0.5) series.push({ name: `N = ${n} Gaussian`, x: curves.x, y: curves.gaussian, color: c, dash: 'dash', mode: 'lines', reference: true });
    else if (i === headDims.length - 1) series.push({ name: 'Gaussian, variance ¼', x: curves.x, y: curves.gaussian, color: 'black', dash: 'dash', mode: 'lines', reference: true });
    const sd = law.standardDeviation;
    const h = densityHistogram(law.sample(histogramDraws, 500 + i), -4 * sd, 4 * sd, 40);
    series.push({ name: `N = ${n} sampled`, x: h.x, y: h.density, color: c, mode: 'markers' });
  });
  const figure = lineFigure(series, {
    title: `Density of A(0), α_A = ${alphaLabel(alpha)}: exact law (lines), Fourier (dots), sampled sums (markers), Gaussian (dashed)`,
    xTitle: 'A(0)', yTitle: 'density', width: 900, height: 520,
    note: 'data: none (exact law of §4, sampled sums of N Gaussian products)',
  });
  // the paper's ranges for its two exponents; other exponents keep the automatic range
  if (alpha === 1 || alpha === 0.5) {
    (figure.layout.xaxis as { range?: number[] }).range = alpha === 1 ? [-1.2, 1.2] : [-2, 2];
    (figure.layout.yaxis as { range?: number[] }).range = [0, alpha === 1 ? 7 : 1.6];
  }
  return figure;
}

/** Plot name of lawDensityFigure. */
export const lawDensityName = (alpha: number): string => `density-alpha-${alphaName(alpha)}`;

/** Sample variance of the sums against N, per α_A, with the references N^{1−2α_A}/4. */
export function varianceFigure(table: readonly AttentionLogitLawRow[], exponents: readonly number[], draws: number): Figure {
  const headDims = table.map((r) => r.headDim);
  const [lo, hi] = [Math.min(...headDims), Math.max(...headDims)];
  const referenceName = (alpha: number) => (alpha === 1 ? 'N^{-1}/4 (α_A = 1)' : alpha === 0.5 ? '1/4 (α_A = ½)' : `N^{${1 - 2 * alpha}}/4 (α_A = ${alpha})`);
  return logLogFigure(
    exponents.map((alpha, i) => {
      const rows = table.filter((r) => r.attentionExponent === alpha);
      return { name: `sample variance, α_A = ${alphaLabel(alpha)}`, x: rows.map((r) => r.headDim), y: rows.map((r) => r.sampleVariance), mode: 'markers' as const, color: color(i) };
    }),
    {
      title: 'Var A(0) against N: N^{1−2α_A}/4',
      xTitle: 'N', yTitle: 'Var A(0)',
      references: exponents.map((alpha) => ({ exponent: 1 - 2 * alpha, prefactor: 0.25, xMin: lo, xMax: hi, name: referenceName(alpha) })),
      note: `data: none (${draws} sampled sums per point)`,
    },
  );
}

/** TV and Kolmogorov distances of the law to its Gaussian limit against N, with the THEORY §4.5 table values. */
export function distanceFigure(rows: readonly AttentionLogitLawRow[]): Figure {
  const x = rows.map((r) => r.headDim);
  return logLogFigure(
    [
      { name: 'TV(law, Gaussian) computed', x, y: rows.map((r) => r.totalVariation), mode: 'lines+markers' },
      { name: 'THEORY §4.5 table', x, y: rows.map((r) => r.tableTotalVariation ?? NaN), mode: 'markers' },
      { name: 'KS(law, Gaussian)', x, y: rows.map((r) => r.kolmogorov), mode: 'lines+markers' },
    ],
    { title: 'Distance of the law of A(0) to its Gaussian limit', xTitle: 'N', yTitle: 'distance', references: [{ exponent: -1, prefactor: 0.35, xMin: Math.min(...x), xMax: Math.max(...x), name: '0.35/N' }], note: 'data: none (exact law)' },
  );
}

/** One panel per (N, α_A): the pooled network samples (histogram), the exact law and the Gaussian. */
export function networkSamplesFigure(panels: readonly { headDim: number; alpha: number; pooled: Float64Array }[]): Figure {
  return smallMultiples(
    panels.map(({ headDim, alpha, pooled }) => {
      const law = new AttentionLogitLaw({ headDim, attentionExponent: alpha });
      const curves = attentionLogitDensityCurves(law, 121, 4);
      const sd = law.standardDeviation;
      const h = densityHistogram(pooled, -4 * sd, 4 * sd, 32);
      return {
        title: `N = ${headDim}, α_A = ${alphaLabel(alpha)} (${pooled.length} samples)`,
        figure: lineFigure([
          { name: 'network', x: h.x, y: h.density, mode: 'markers' },
          { name: 'exact law', x: curves.x, y: curves.exact, mode: 'lines', reference: true },
          { name: 'Gaussian', x: curves.x, y: curves.gaussian, mode: 'lines', dash: 'dash', reference: true },
        ], { xTitle: 'A(0)', yTitle: 'density' }),
      };
    }),
    { columns: 2, title: 'LN ViT A(0) samples (markers), exact law (line), Gaussian (dashed)' },
  );
}
