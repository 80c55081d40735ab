/**
 * Small multiples: a grid of panels sharing one image. Every panel keeps its own axis titles (or the defaults given
 * here; a panel without any is reported), and heat-map panels keep a colour scale: one colour bar per shared colour
 * range (e.g. one per row when each row shares its range), else one beside each panel.
 */
import type { Figure, Layout, Trace } from './axes';

export interface SmallMultiplesOptions {
  columns?: number;
  width?: number;
  height?: number;
  title?: string;
  /** Axis titles for panels whose figure has none. */
  xTitle?: string;
  yTitle?: string;
}

function axisTitle(axis: unknown): string {
  const t = (axis as { title?: unknown } | undefined)?.title;
  return typeof t === 'string' ? t : typeof (t as { text?: unknown })?.text === 'string' ? (t as { text: string }).text : '';
}

function hidden(axis: unknown): boolean {
  const a = axis as { visible?: boolean; showticklabels?: boolean } | undefined;
  return a?.visible === false || a?.showticklabels === false;
}

const remapRef = (ref: unknown, suffix: string): unknown => (typeof ref === 'string' ? ref.replace(/^([xy])(\d*)( domain)?$/, (_, a, __, d) => `${a}${suffix}${d ?? ''}`) : ref);

/** Panels in a grid of `columns`; each panel is a Figure whose traces, axes, shapes and titles are kept. */
export function smallMultiples(panels: { title: string; figure: Figure }[], options: SmallMultiplesOptions = {}): Figure {
  const columns = options.columns ?? Math.min(panels.length, 3);
  const rows = Math.ceil(panels.length / columns);
  const heatmaps = panels.map((p) => p.figure.data.filter((t) => t.type === 'heatmap'));
  // Colour groups: heat maps with the same fixed range and colour scale share a colour bar.
  const groupKey = (t: Trace, panel: number) => (t.zmin !== undefined && t.zmax !== undefined ? `${t.zmin}|${t.zmax}|${t.colorscale}` : `panel ${panel}`);
  const groups = new Map<string, { name: string; panels: number[]; trace: Trace }>();
  heatmaps.forEach((traces, i) =>
    traces.forEach((t) => {
      const key = groupKey(t, i);
      if (!groups.has(key)) groups.set(key, { name: `coloraxis${groups.size === 0 ? '' : groups.size + 1}`, panels: [], trace: t });
      groups.get(key)!.panels.push(i);
    }),
  );
  const rowOf = (i: number) => Math.floor(i / columns);
  // Bars go right of the grid when each group owns the heat maps of every row it touches; else beside each panel.
  const barsOutside = [...groups.values()].every((g) => {
    const rowsOf = new Set(g.panels.map(rowOf));
    return heatmaps.every((traces, i) => traces.length === 0 || !rowsOf.has(rowOf(i)) || g.panels.includes(i));
  });
  const xGap = groups.size > 0 && !barsOutside ? 0.1 : 0.07;
  const yGap = 0.16;
  const domainX = (col: number): [number, number] => [col / columns + (col > 0 ? xGap / 2 : 0), (col + 1) / columns - (col < columns - 1 ? xGap / 2 : 0)];
  const domainY = (row: number): [number, number] => [1 - (row + 1) / rows + (row < rows - 1 ? yGap / 2 : 0), 1 - row / rows - (row > 0 ? yGap / 2 : 0)];

  const data: Trace[] = [];
  const layout: Layout = {
    title: options.title ? { text: options.title } : undefined,
    width: options.width ?? 320 * columns,
    height: options.height ?? 300 * rows + 40,
    showlegend: false,
    annotations: [],
    shapes: [],
    margin: { l: 60, r: groups.size > 0 && barsOutside ? 80 : 20, t: options.title ? 80 : 40, b: 50 },
    template: 'plotly_white',
    plot_bgcolor: 'white',
  };
  const untitled: string[] = [];
  panels.forEach((panel, i) => {
    const k = i + 1;
    const suffix = k === 1 ? '' : String(k);
    const [row, col] = [rowOf(i), i % columns];
    for (const trace of panel.figure.data) {
      const t: Trace = { ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` };
      if (t.type === 'heatmap') {
        const group = groups.get(groupKey(trace, i))!;
        t.coloraxis = group.name;
        for (const key of ['zmin', 'zmax', 'colorscale', 'showscale', 'colorbar']) delete t[key];
      }
      data.push(t);
    }
    const src = panel.figure.layout;
    const titles = { x: axisTitle(src.xaxis) || options.xTitle || '', y: axisTitle(src.yaxis) || options.yTitle || '' };
    const empty = panel.figure.data.length === 0; // a placeholder keeping a grid cell free: no axes drawn
    if (!empty && ((!titles.x && !hidden(src.xaxis)) || (!titles.y && !hidden(src.yaxis)))) untitled.push(panel.title);
    const small = (text: string) => ({ text, font: { size: 11 }, standoff: 4 });
    layout[`xaxis${suffix}`] = { ...(src.xaxis as object), title: small(titles.x), domain: domainX(col), anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = { ...(src.yaxis as object), title: small(titles.y), domain: domainY(row), anchor: `x${suffix}` };
    if (empty) for (const a of ['x', 'y']) (layout[`${a}axis${suffix}`] as Record<string, unknown>).visible = false;
    // Named ticks (e.g. class names) are read off the first column; inner panels keep the ticks and the title.
    if (col > 0 && Array.isArray((src.yaxis as { ticktext?: unknown })?.ticktext)) (layout[`yaxis${suffix}`] as Record<string, unknown>).showticklabels = false;
    for (const shape of (src.shapes as Record<string, unknown>[] | undefined) ?? []) {
      (layout.shapes as unknown[]).push({ ...shape, xref: remapRef(shape.xref, suffix), yref: remapRef(shape.yref, suffix) });
    }
    (layout.annotations as unknown[]).push({ text: panel.title, xref: `x${suffix} domain`, yref: `y${suffix} domain`, x: 0.5, y: 1.02, yanchor: 'bottom', showarrow: false, font: { size: 12 } });
  });
  for (const g of groups.values()) {
    const t = g.trace;
    const rowsOf = [...new Set(g.panels.map(rowOf))];
    const y0 = Math.min(...rowsOf.map((r) => domainY(r)[0]));
    const y1 = Math.max(...rowsOf.map((r) => domainY(r)[1]));
    const x = barsOutside ? 1.01 : domainX(g.panels[g.panels.length - 1] % columns)[1] + 0.005;
    layout[g.name] = {
      colorscale: t.colorscale ?? 'Viridis',
      cmin: t.zmin,
      cmax: t.zmax,
      showscale: t.showscale !== false,
      colorbar: { x, xanchor: 'left', y: (y0 + y1) / 2, yanchor: 'middle', len: y1 - y0, thickness: barsOutside ? 14 : 8, title: (t.colorbar as { title?: unknown } | undefined)?.title, tickfont: { size: 9 } },
    };
  }
  if (untitled.length) console.warn(`smallMultiples: panels without axis titles (give the panel figures xTitle/yTitle, or smallMultiples(…, { xTitle, yTitle })): ${untitled.join('; ')}`);
  return { data, layout };
}
