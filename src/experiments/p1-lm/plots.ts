/**
 * Figures of the LM family (FIGURES.md P1-7a, 7b, 7c, P1-12): loss curves per scaled axis with α_A = 1 solid and
 * α_A = ½ dashed, kernel heat maps (rows: initial, final α_A = 1, final α_A = ½; columns: base, H-, N-, L-scaled),
 * and loss against compute 6 × parameters × tokens. Plain Plotly specs.
 */
import { color, heatmapFigure, lineFigure, smallMultiples, type Figure, type Series } from '../../plot/figure';
import { exponentialMovingAverage, seedMeanSeries, squareMatrixRows } from '../p1-scaled/analysis';
import { lmGroup, type P1LmFamily, type P1LmMember, type P1LmRecord } from './family';
import { computeAxis, lmKernels, type LmKernelKind } from './analysis';

const exponentLabel = (a: number) => (a === 1 ? 'αA=1' : a === 0.5 ? 'αA=½' : `αA=${a}`);

/** EMA (half-life `halfLife` steps) of the seed-mean loss curve of a (member, α_A) group. */
export function lmLossCurve(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number, halfLife = 10): number[] {
  const curves = lmGroup(runs, member, attentionExponent).map((r) => r.result.losses);
  const length = Math.min(...curves.map((c) => c.length));
  return exponentialMovingAverage(seedMeanSeries(curves.map((c) => c.slice(0, length))), halfLife);
}

/**
 * One panel per scaled axis (H, N, L), each with the base and the scaled model at both α_A (solid α_A = 1, dashed
 * α_A = ½; blue base, red scaled): step → train loss (EMA of the seed mean), y clipped to the range after warmup.
 */
export function lmLossPanels(runs: Map<string, P1LmRecord[]>, family: P1LmFamily, members: readonly P1LmMember[], options: { title?: string; note?: string } = {}): Figure {
  const scaled = (['H', 'N', 'L'] as const).flatMap((axis) => members.filter((m) => m.axis === axis));
  let low = Infinity;
  let high = -Infinity;
  const panels = scaled.map((m) => {
    const series: Series[] = [];
    for (const a of family.attentionExponents) {
      (['base', m.member] as const).forEach((name, i) => {
        const y = lmLossCurve(runs, name, a);
        const tail = y.slice(Math.min(family.warmupSteps, y.length - 1));
        low = Math.min(low, ...tail);
        high = Math.max(high, ...tail);
        series.push({ name: `${name} ${exponentLabel(a)}`, x: y.map((_, t) => t), y, color: color(i), dash: a === 1 ? 'solid' : 'dash', mode: 'lines' });
      });
    }
    return { title: `${m.axis}-scaling: blue base, red ${m.member} (solid αA=1, dashed αA=½)`, figure: lineFigure(series, { xTitle: 'step', yTitle: 'loss' }) };
  });
  const pad = 0.05 * (high - low);
  for (const p of panels) (p.figure.layout.yaxis as Record<string, unknown>).range = [low - pad, high + pad];
  const title = `${options.title ?? ''} (x: step, y: train loss, EMA of the seed mean)${options.note ? `<br><sub>${options.note}</sub>` : ''}`;
  const figure = smallMultiples(panels, { columns: panels.length, title, width: 430 * panels.length, height: 430 });
  figure.layout.margin = { l: 50, r: 20, t: 120, b: 40 };
  return figure;
}

/**
 * Kernel heat maps of seed-averaged kernels (FIGURES.md P1-7b/7c): row 1 initialization (α_A = 1), row 2 final
 * α_A = 1, row 3 final α_A = ½; one column per member. Each row shares one colour range.
 */
export function lmKernelHeatmaps(runs: Map<string, P1LmRecord[]>, members: readonly P1LmMember[], kind: LmKernelKind, options: { title?: string } = {}): Figure {
  const rows: { label: string; a: number; when: 'initial' | 'final' }[] = [
    { label: 'init αA=1', a: 1, when: 'initial' },
    { label: 'final αA=1', a: 1, when: 'final' },
    { label: 'final αA=½', a: 0.5, when: 'final' },
  ];
  const panels: { title: string; figure: Figure }[] = [];
  for (const row of rows) {
    const matrices = members.map((m) => seedMeanSeries(lmKernels(runs, m.member, row.a, kind, row.when)));
    const low = Math.min(...matrices.map((k) => Math.min(...k)));
    const high = Math.max(...matrices.map((k) => Math.max(...k)));
    const axes = kind === 'tokenKernel' ? { xTitle: 'token s′', yTitle: 'token s' } : { xTitle: 'sequence x′', yTitle: 'sequence x' };
    matrices.forEach((k, i) => panels.push({ title: `${members[i].member}, ${row.label}`, figure: heatmapFigure(squareMatrixRows(k), { zMin: low, zMax: high, zTitle: 'Φ', ...axes }) }));
  }
  const figure = smallMultiples(panels, { columns: members.length, width: 230 * members.length + 80, height: 260 * rows.length + 110, title: options.title });
  figure.layout.margin = { l: 70, r: 80, t: options.title ? 120 : 50, b: 50 };
  return figure;
}

/**
 * Loss against compute (FIGURES.md P1-12): x = 6 · P · tokens seen after each step, y = EMA of the seed-mean train loss,
 * one colour per member, solid α_A = 1, dashed α_A = ½; log–log. Starts after warmup.
 */
export function lmLossVersusCompute(runs: Map<string, P1LmRecord[]>, family: P1LmFamily, members: readonly P1LmMember[], options: { title?: string; note?: string } = {}): Figure {
  const series: Series[] = [];
  const order = [...members].sort((a, b) => (a.axis === 'base' ? -1 : b.axis === 'base' ? 1 : 0));
  order.forEach((m, i) => {
    for (const a of family.attentionExponents) {
      const y = lmLossCurve(runs, m.member, a);
      const x = computeAxis(lmGroup(runs, m.member, a)[0].result.parameters, y.length, family);
      const from = Math.min(family.warmupSteps, y.length - 1);
      series.push({ name: `${m.member} ${exponentLabel(a)}`, x: x.slice(from), y: y.slice(from), color: color(i), dash: a === 1 ? 'solid' : 'dash', mode: 'lines' });
    }
  });
  const figure = lineFigure(series, { xLog: true, yLog: true, xTitle: 'compute 6 × parameters × tokens (FLOPs)', yTitle: 'train loss (nats / character)', title: options.title, note: options.note, width: 900, height: 600 });
  figure.layout.margin = { l: 70, r: 20, t: 140, b: 60 };
  return figure;
}
