/**
 * A figure is a plain Plotly spec {data, layout} (the format nodeplotlib and plotly.js take): data in, marks out.
 * Builders here are pure functions; showing and saving live in show.ts.
 */

import { axesLayout, color, type AxesOptions, type Figure, type Trace } from './axes';

export { axesLayout, color, type AxesOptions, type Figure, type Layout, type Trace } from './axes';
export { classOrder, heatmapFigure, type HeatmapOptions } from './heatmap';
export { smallMultiples, type SmallMultiplesOptions } from './multiples';

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /**
   * Symmetric error bars (e.g. standard errors over seeds). A non-finite entry (NaN: e.g. one seed, no standard error)
   * is drawn as a missing bar, never as a zero one, and the figure says so.
   */
  error?: ArrayLike<number>;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
  /** A theory or reference curve: drawn beneath the data series (its legend place is kept). */
  reference?: boolean;
  color?: string;
  mode?: 'lines' | 'markers' | 'lines+markers';
}

/** A reference power law y = prefactor·x^exponent drawn dashed over [xMin, xMax]. */
export interface ReferenceLine {
  exponent: number;
  prefactor: number;
  xMin: number;
  xMax: number;
  name?: string;
}

/** Text under a figure whose error bars are missing at some points. */
export const missingErrorNote = 'no error bar where fewer than 2 seeds gave a value (no standard error)';

/**
 * Lines (optionally with error bars) on linear or log axes, plus dashed reference power laws drawn beneath the data
 * (listed after it in the legend). Non-finite error entries are missing bars (see Series.error).
 */
export function lineFigure(series: Series[], options: AxesOptions & { references?: ReferenceLine[] } = {}): Figure {
  const references: Trace[] = (options.references ?? []).map((r, k) => {
    const xs = options.xLog ? logspace(r.xMin, r.xMax, 20) : linspace(r.xMin, r.xMax, 20);
    return {
      type: 'scatter',
      mode: 'lines',
      name: r.name ?? `∝ x^{${r.exponent}}`,
      x: xs,
      y: xs.map((x) => r.prefactor * Math.pow(x, r.exponent)),
      line: { dash: 'dash', color: 'black', width: 1 },
      legendrank: 2000 + k,
    };
  });
  let missing = false;
  const data: Trace[] = series.map((s, i) => {
    const error = s.error ? Array.from(s.error, (e) => (Number.isFinite(e) ? e : null)) : undefined;
    if (error?.some((e, j) => e === null && Number.isFinite(s.y[j]))) missing = true;
    return {
      type: 'scatter',
      mode: s.mode ?? 'lines+markers',
      name: s.name,
      x: Array.from(s.x),
      y: Array.from(s.y),
      line: { dash: s.dash ?? 'solid', color: s.color ?? color(i) },
      marker: { color: s.color ?? color(i) },
      error_y: error ? { type: 'data', array: error, visible: true } : undefined,
      legendrank: 1000 + i,
    };
  });
  const layout = axesLayout(options);
  if (missing) {
    // Said under the x-axis title, where no title, legend or data can cover it.
    const xaxis = layout.xaxis as { title: { text: string } };
    xaxis.title.text = `${xaxis.title.text}<br><sub>${missingErrorNote}</sub>`;
    (layout.margin as { b: number }).b += 20;
  }
  // References first: Plotly draws later traces on top, so the data stay visible over the reference lines.
  const beneath = data.filter((_, i) => series[i].reference);
  const above = data.filter((_, i) => !series[i].reference);
  return { data: [...references, ...beneath, ...above], layout };
}

/** Log–log lines with error bars and reference power laws (the shape of most scaling figures). */
export function logLogFigure(series: Series[], options: AxesOptions & { references?: ReferenceLine[] } = {}): Figure {
  return lineFigure(series, { ...options, xLog: true, yLog: true });
}

/** A normalised histogram (probability density) of samples. */
export function histogramTrace(samples: ArrayLike<number>, name: string, options: { bins?: number; color?: string; opacity?: number } = {}): Trace {
  return {
    type: 'histogram',
    name,
    x: Array.from(samples),
    histnorm: 'probability density',
    nbinsx: options.bins ?? 60,
    opacity: options.opacity ?? 0.5,
    marker: { color: options.color },
  };
}

/** Densities: curves (x, p(x)) and histograms of samples on one axis. */
export function densityFigure(
  curves: Series[],
  histograms: { name: string; samples: ArrayLike<number>; bins?: number }[] = [],
  options: AxesOptions = {},
): Figure {
  const data: Trace[] = histograms.map((h, i) => histogramTrace(h.samples, h.name, { bins: h.bins, color: color(i + curves.length) }));
  curves.forEach((c, i) =>
    data.push({ type: 'scatter', mode: 'lines', name: c.name, x: Array.from(c.x), y: Array.from(c.y), line: { dash: c.dash ?? 'solid', color: c.color ?? color(i) } }),
  );
  const layout = axesLayout(options);
  layout.barmode = 'overlay';
  return { data, layout };
}

/** n points evenly spaced on [a, b]. */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / Math.max(n - 1, 1));
}

/** n points evenly spaced on a log scale between a > 0 and b > 0. */
export function logspace(a: number, b: number, n: number): number[] {
  return linspace(Math.log(a), Math.log(b), n).map(Math.exp);
}
