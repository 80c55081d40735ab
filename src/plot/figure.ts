/**
 * A figure is a plain Plotly spec {data, layout} (the format nodeplotlib and plotly.js take): data in, marks out.
 * Builders here are pure functions; showing and saving live in show.ts.
 */

/** One Plotly trace (kept open: any Plotly attribute is allowed). */
export type Trace = Record<string, unknown> & { type?: string; name?: string };

export interface Layout extends Record<string, unknown> {
  title?: unknown;
  width?: number;
  height?: number;
}

export interface Figure {
  data: Trace[];
  layout: Layout;
}

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Symmetric error bars (e.g. standard errors over seeds). */
  error?: ArrayLike<number>;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
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

export interface AxesOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  xLog?: boolean;
  yLog?: boolean;
  width?: number;
  height?: number;
  /** Small print under the title, e.g. the data set actually used. */
  note?: string;
}

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

/** The i-th colour of the toolkit's palette. */
export function color(i: number): string {
  return palette[((i % palette.length) + palette.length) % palette.length];
}

function axesLayout(options: AxesOptions): Layout {
  const title = options.note ? `${options.title ?? ''}<br><sub>${options.note}</sub>` : options.title;
  return {
    title: title ? { text: title } : undefined,
    width: options.width ?? 720,
    height: options.height ?? 480,
    xaxis: { title: { text: options.xTitle ?? '' }, type: options.xLog ? 'log' : 'linear', exponentformat: 'power' },
    yaxis: { title: { text: options.yTitle ?? '' }, type: options.yLog ? 'log' : 'linear', exponentformat: 'power' },
    margin: { l: 70, r: 20, t: title ? 70 : 30, b: 60 },
    template: 'plotly_white',
    plot_bgcolor: 'white',
    legend: { bgcolor: 'rgba(255,255,255,0.7)' },
  };
}

/** Lines (optionally with error bars) on linear or log axes, plus dashed reference power laws. */
export function lineFigure(series: Series[], options: AxesOptions & { references?: ReferenceLine[] } = {}): Figure {
  const data: Trace[] = series.map((s, i) => ({
    type: 'scatter',
    mode: s.mode ?? 'lines+markers',
    name: s.name,
    x: Array.from(s.x),
    y: Array.from(s.y),
    line: { dash: s.dash ?? 'solid', color: s.color ?? color(i) },
    marker: { color: s.color ?? color(i) },
    error_y: s.error ? { type: 'data', array: Array.from(s.error), visible: true } : undefined,
  }));
  for (const r of options.references ?? []) {
    const xs = options.xLog ? logspace(r.xMin, r.xMax, 20) : linspace(r.xMin, r.xMax, 20);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: r.name ?? `∝ x^${r.exponent}`,
      x: xs,
      y: xs.map((x) => r.prefactor * Math.pow(x, r.exponent)),
      line: { dash: 'dash', color: 'black', width: 1 },
    });
  }
  return { data, layout: axesLayout(options) };
}

/** Log–log lines with error bars and reference power laws (the shape of most scaling figures). */
export function logLogFigure(series: Series[], options: AxesOptions & { references?: ReferenceLine[] } = {}): Figure {
  return lineFigure(series, { ...options, xLog: true, yLog: true });
}

/** A heat map of a matrix (e.g. a kernel Φ(x, x′)); rows top to bottom. */
export function heatmapFigure(matrix: number[][], options: AxesOptions & { colorscale?: string; zMin?: number; zMax?: number } = {}): Figure {
  const layout = axesLayout(options);
  (layout.yaxis as Record<string, unknown>).autorange = 'reversed';
  return {
    data: [{ type: 'heatmap', z: matrix, colorscale: options.colorscale ?? 'Viridis', zmin: options.zMin, zmax: options.zMax }],
    layout,
  };
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

/** Small multiples: a grid of panels (each a Figure's traces) sharing one image. */
export function smallMultiples(panels: { title: string; figure: Figure }[], options: { columns?: number; width?: number; height?: number; title?: string } = {}): Figure {
  const columns = options.columns ?? Math.min(panels.length, 3);
  const rows = Math.ceil(panels.length / columns);
  const data: Trace[] = [];
  const layout: Layout = {
    title: options.title ? { text: options.title } : undefined,
    width: options.width ?? 320 * columns,
    height: options.height ?? 280 * rows + 40,
    grid: { rows, columns, pattern: 'independent' },
    showlegend: false,
    annotations: [],
    margin: { l: 50, r: 20, t: options.title ? 70 : 40, b: 40 },
  };
  panels.forEach((panel, i) => {
    const k = i + 1;
    const suffix = k === 1 ? '' : String(k);
    for (const trace of panel.figure.data) {
      const t: Trace = { ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` };
      if (t.type === 'heatmap') t.showscale = false;
      data.push(t);
    }
    const src = panel.figure.layout;
    layout[`xaxis${suffix}`] = { ...(src.xaxis as object), title: undefined };
    layout[`yaxis${suffix}`] = { ...(src.yaxis as object), title: undefined };
    (layout.annotations as unknown[]).push({
      text: panel.title,
      xref: `x${suffix} domain`,
      yref: `y${suffix} domain`,
      x: 0.5,
      y: 1.12,
      showarrow: false,
      font: { size: 12 },
    });
  });
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
