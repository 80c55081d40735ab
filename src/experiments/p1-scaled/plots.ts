/**
 * Figures of the scaled ViT family (FIGURES.md P1-6a–d, P1-8, P1-9/10): loss curves per sweep (H, N, L), kernel heat
 * maps (seed-averaged, initial and final) and the table of kernel distances along the H sweep. Plain Plotly specs.
 */
import { color, heatmapFigure, lineFigure, smallMultiples, type Figure, type HeatmapOptions } from '../../plot/figure';
import { fashionMnistClassNames } from '../../data/fashion-mnist';
import { scaledImageData } from './common';
import { relativeFrobeniusDistance } from '../../analysis/finite-size';
import { exponentialMovingAverage, jackknifeOverSeeds, meanKernelDistance, pickSeeds, seedMeanSeries, squareMatrixRows, type Jackknifed } from './analysis';
import { memberLosses, memberSnapshots, scaledMemberName, type P1ScaledFamily, type P1ScaledRecord } from './family';

export type ScaledAxis = 'H' | 'N' | 'L';

/** Names of the first palette colours (plot/figure.ts), for panel titles of legend-less small multiples. */
const colourNames = ['blue', 'red', 'green', 'purple', 'orange', 'cyan'];

/** The members along one sweep axis, in increasing size (the base included), with their sizes. */
export function scaledAxisMembers(family: P1ScaledFamily, axis: ScaledAxis): { member: string; value: number }[] {
  const values = axis === 'H' ? family.heads : axis === 'N' ? family.headDims : family.depths;
  return [...values].sort((a, b) => a - b).map((value) => ({ member: scaledMemberName(axis, value, family), value }));
}

/**
 * Loss curves (EMA half-life `halfLife` of the seed mean; FIGURES.md "loss-curve distance") of each sweep axis, one
 * panel per axis; `steps` limits the x range (e.g. the first 10 % for P1-6a's claim).
 */
export function scaledLossPanels(
  runs: Map<string, P1ScaledRecord[]>,
  family: P1ScaledFamily,
  options: { axes?: (ScaledAxis | 'αA')[]; steps?: number; halfLife?: number; title?: string; note?: string } = {},
): Figure {
  const axes = options.axes ?? ['H', 'N', 'L'];
  const curve = (member: string) => {
    const y = exponentialMovingAverage(seedMeanSeries(memberLosses(runs, member)), options.halfLife ?? 10).slice(0, options.steps);
    return { x: y.map((_, t) => t), y };
  };
  const panels = axes.map((axis) => {
    const series =
      axis === 'αA'
        ? [
            ...family.headDims.map((n, i) => ({ name: `αA=1 N=${n}`, ...curve(scaledMemberName('N', n, family)), color: color(i), mode: 'lines' as const })),
            ...family.halfExponentHeadDims.map((n, i) => ({ name: `αA=½ N=${n}`, ...curve(scaledMemberName('half', n, family)), color: color(i), dash: 'dash' as const, mode: 'lines' as const })),
          ]
        : scaledAxisMembers(family, axis).map((m, i) => ({ name: `${axis}=${m.value}`, ...curve(m.member), color: color(i), mode: 'lines' as const }));
    const names = series.filter((s) => !('dash' in s)).map((s, i) => `${colourNames[i % colourNames.length]} ${s.name.replace(/^αA=1 /, '')}`);
    const label = axis === 'αA' ? `α_A = 1 solid, ½ dashed: ${names.join(', ')}` : `${axis} sweep: ${names.join(', ')}`;
    return { title: label, figure: lineFigure(series, { xTitle: 'step', yTitle: 'loss' }) };
  });
  const columns = Math.min(axes.length, 2);
  const title = `${options.title ?? ''} (x: step, y: loss, EMA of the seed mean)${options.note ? `<br><sub>${options.note}</sub>` : ''}`;
  const figure = smallMultiples(panels, { columns, title, width: 460 * columns, height: 330 * Math.ceil(axes.length / columns) + 80 });
  figure.layout.margin = { l: 50, r: 20, t: 120, b: 40 };
  return figure;
}

/** Classes of the family's probes (the first `count` test images, scaledProbeBatch) and the class names. */
export function scaledProbeClasses(count: number): { classes: Uint8Array; classNames: readonly string[] } {
  const test = scaledImageData().test;
  if (count > test.count) throw new Error(`count: expected at most ${test.count} probes, got ${count}`);
  return { classes: test.labels.slice(0, count), classNames: test.name.startsWith('fashion-mnist') ? fashionMnistClassNames : [] };
}

/**
 * Heat maps of seed-averaged kernels: one row per time (initial, final), one column per member; each row shares one
 * colour range (its min and max over the row's panels) and one colour bar. Pooled kernels show the probes grouped by
 * class (as P1's kernel figures do); spatial kernels are token × token.
 */
export function scaledKernelHeatmaps(
  runs: Map<string, P1ScaledRecord[]>,
  members: { member: string; label: string }[],
  kind: 'pooledKernel' | 'spatialKernel' | 'rawSpatialKernel',
  options: { times?: ('initial' | 'final')[]; title?: string; limit?: { label: string; kernel: ArrayLike<number> } } = {},
): Figure {
  const times = options.times ?? ['initial', 'final'];
  const panels: { title: string; figure: Figure }[] = [];
  const limit = options.limit;
  for (const when of times) {
    const matrices = members.map((m) => seedMeanSeries(memberSnapshots(runs, m.member, when).map((s) => s[kind])));
    // The computed H → ∞ kernel at initialization (p1-init-limit.ts) is the last column of the initial row.
    if (limit && when === 'initial') matrices.push(Array.from(limit.kernel));
    const low = Math.min(...matrices.map((k) => Math.min(...k)));
    const high = Math.max(...matrices.map((k) => Math.max(...k)));
    matrices.forEach((k, i) => {
      const rows = squareMatrixRows(k);
      const axes: HeatmapOptions =
        kind === 'pooledKernel' ? { ...scaledProbeClasses(rows.length), xTitle: 'probe x′ (by class)', yTitle: 'probe x (by class)' } : { xTitle: 'token s′', yTitle: 'token s' };
      const label = i < members.length ? members[i].label : limit!.label;
      panels.push({ title: `${label}, ${when}`, figure: heatmapFigure(rows, { zMin: low, zMax: high, zTitle: 'Φ', ...axes }) });
    });
    if (limit && when !== 'initial') panels.push({ title: '', figure: { data: [], layout: {} } });
  }
  const columns = members.length + (limit ? 1 : 0);
  const figure = smallMultiples(panels, { columns, width: 230 * columns + 80, height: 260 * times.length + 110, title: options.title });
  figure.layout.margin = { l: 70, r: 80, t: options.title ? 120 : 50, b: 50 };
  return figure;
}

/** Distances along the H sweep between seed-averaged kernels: each consecutive pair and each H to the largest H. */
export interface HeadKernelDistances {
  heads: number[];
  /** d(K̄_{H_i}, K̄_{H_{i+1}}) for consecutive H. */
  consecutive: Jackknifed[];
  /** d(K̄_{H_i}, K̄_{H_max}) for every H below the largest. */
  toLargest: Jackknifed[];
}

/** Kernel distances of the H sweep (FIGURES.md P1-6b, 6c, 9/10) for one kernel kind at one time. */
export function headKernelDistances(
  runs: Map<string, P1ScaledRecord[]>,
  family: P1ScaledFamily,
  kind: 'pooledKernel' | 'spatialKernel' | 'rawSpatialKernel',
  when: 'initial' | 'final',
): HeadKernelDistances {
  const members = scaledAxisMembers(family, 'H');
  const kernels = members.map((m) => memberSnapshots(runs, m.member, when).map((s) => s[kind]));
  const consecutive = kernels.slice(0, -1).map((k, i) => meanKernelDistance(k, kernels[i + 1]));
  const largest = kernels[kernels.length - 1];
  const toLargest = kernels.slice(0, -1).map((k) => meanKernelDistance(k, largest));
  return { heads: members.map((m) => m.value), consecutive, toLargest };
}

/** One line per distance, "d(H=4, H=8) = 0.123 ± 0.010", for notebook output. */
export function formatHeadKernelDistances(d: HeadKernelDistances, label: string): string {
  const f = (j: Jackknifed) => `${j.value.toFixed(4)} ± ${Number.isFinite(j.error) ? j.error.toFixed(4) : 'n/a'}`;
  const last = d.heads[d.heads.length - 1];
  const lines = d.consecutive.map((j, i) => `${label} d(H=${d.heads[i]}, H=${d.heads[i + 1]}) = ${f(j)}`);
  d.toLargest.forEach((j, i) => lines.push(`${label} d(H=${d.heads[i]}, H=${last}) = ${f(j)}`));
  return lines.join('\n');
}

/**
 * Convergence in H as one number (FIGURES.md P1-6b, 6c, 9/10), jackknifed over seeds: 'consecutive' =
 * max_i d(K̄_{H_{i+1}}, K̄_{H_{i+2}}) / d(K̄_{H_i}, K̄_{H_{i+1}}); 'toLargest' = max_i d(K̄_{H_{i+1}}, K̄_{H_max}) / d(K̄_{H_i}, K̄_{H_max}).
 * Below 1 means the distances shrink monotonically with H.
 */
export function headConvergenceRatio(
  runs: Map<string, P1ScaledRecord[]>,
  family: P1ScaledFamily,
  kind: 'pooledKernel' | 'spatialKernel' | 'rawSpatialKernel',
  when: 'initial' | 'final',
  mode: 'consecutive' | 'toLargest',
): Jackknifed {
  const perSeed = scaledAxisMembers(family, 'H').map((m) => memberSnapshots(runs, m.member, when).map((s) => s[kind]));
  if (perSeed.length < 3) throw new Error(`heads: the H sweep needs at least 3 values for a ratio, got ${perSeed.length}`);
  return jackknifeOverSeeds(family.seeds, (keep) => {
    const means = perSeed.map((k) => seedMeanSeries(pickSeeds(k, keep)));
    const last = means[means.length - 1];
    const d =
      mode === 'consecutive'
        ? means.slice(0, -1).map((k, i) => relativeFrobeniusDistance(k, means[i + 1]))
        : means.slice(0, -1).map((k) => relativeFrobeniusDistance(k, last));
    let worst = -Infinity;
    for (let i = 0; i + 1 < d.length; i++) worst = Math.max(worst, d[i + 1] / d[i]);
    return worst;
  });
}
