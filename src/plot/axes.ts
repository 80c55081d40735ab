/**
 * The shared base of the figure builders: the Plotly spec types, the palette and one axes layout. A figure is a plain
 * Plotly spec {data, layout} (the format nodeplotlib and plotly.js take).
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

/** Title, size, axes (linear or log, with titles), margins and a white template. */
export function axesLayout(options: AxesOptions): Layout {
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
