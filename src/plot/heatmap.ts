/**
 * Heat maps of matrices such as kernels Φ(x, x′), always with a colour scale; probes can be ordered by class (as the
 * papers' kernel figures are), with class boundaries drawn and class names on the axes.
 */
import { axesLayout, type AxesOptions, type Figure } from './axes';

export interface HeatmapOptions extends AxesOptions {
  colorscale?: string;
  zMin?: number;
  zMax?: number;
  /** Title of the colour bar (e.g. 'Φ'). */
  zTitle?: string;
  /** Draw the colour bar (default true; false only for pictures, never for kernels). */
  showScale?: boolean;
  /** Class of each row/column (e.g. each probe's label): rows and columns are shown grouped by class. */
  classes?: ArrayLike<number>;
  /** Name of each class id, for the axis ticks (default 'class k'). */
  classNames?: readonly string[];
}

/** The order that groups indices by class, keeping the original order within a class (a stable sort). */
export function classOrder(classes: ArrayLike<number>): number[] {
  return Array.from({ length: classes.length }, (_, i) => i).sort((a, b) => classes[a] - classes[b] || a - b);
}

/** A heat map of a matrix (rows top to bottom) with a colour bar; with `classes`, rows and columns grouped by class. */
export function heatmapFigure(matrix: number[][], options: HeatmapOptions = {}): Figure {
  const layout = axesLayout(options);
  const xaxis = layout.xaxis as Record<string, unknown>;
  const yaxis = layout.yaxis as Record<string, unknown>;
  yaxis.autorange = 'reversed';
  let z = matrix;
  if (options.classes) {
    const classes = options.classes;
    if (classes.length !== matrix.length || matrix.some((row) => row.length !== classes.length)) {
      throw new Error(`classes: expected one class per row and column of the ${matrix.length}×${matrix[0]?.length ?? 0} matrix, got ${classes.length}`);
    }
    const order = classOrder(classes);
    z = order.map((i) => order.map((j) => matrix[i][j]));
    const sorted = order.map((i) => classes[i]);
    const starts = sorted.map((c, k) => (k === 0 || c !== sorted[k - 1] ? k : -1)).filter((k) => k >= 0);
    const ends = [...starts.slice(1), sorted.length];
    const tickvals = starts.map((s, k) => (s + ends[k] - 1) / 2);
    const ticktext = starts.map((s) => options.classNames?.[sorted[s]] ?? `class ${sorted[s]}`);
    // Class names along y; x follows the same order (the boundary lines mark the classes), without repeating them.
    Object.assign(yaxis, { tickmode: 'array', tickvals, ticktext, tickfont: { size: 9 } });
    Object.assign(xaxis, { tickmode: 'array', tickvals, ticktext, showticklabels: false });
    layout.shapes = starts.slice(1).flatMap((s) => [
      { type: 'line', xref: 'x', yref: 'y domain', x0: s - 0.5, x1: s - 0.5, y0: 0, y1: 1, line: { color: 'white', width: 1 } },
      { type: 'line', xref: 'x domain', yref: 'y', x0: 0, x1: 1, y0: s - 0.5, y1: s - 0.5, line: { color: 'white', width: 1 } },
    ]);
  }
  return {
    data: [
      {
        type: 'heatmap',
        z,
        colorscale: options.colorscale ?? 'Viridis',
        zmin: options.zMin,
        zmax: options.zMax,
        showscale: options.showScale ?? true,
        colorbar: options.zTitle ? { title: { text: options.zTitle } } : undefined,
      },
    ],
    layout,
  };
}
