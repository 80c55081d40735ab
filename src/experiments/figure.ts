/**
 * A paper figure as data (docs/FIGURES.md "Figures as spec grids"): its rows, its grid of specs per scale, the typed
 * run every point goes through, and the analysis that turns the finished records into frames, plots and claims.
 * `definePaperFigure` adds `run(options)`: sweep the grid (threads or SLURM, cached per run), then analyse.
 */
import type { Figure as PlotFigure } from '../plot/axes';
import type { ClaimInput } from '../notebook/claims';
import type { Scale } from '../notebook/scale';
import { notebookProgress } from '../sweep/progress';
import type { RunReference } from '../sweep/pool';
import type { SlurmSettings } from '../sweep/slurm-settings';
import type { GridPoint, Settings, SpecGrid } from '../sweep/spec-grid';
import { sweep, type SweepRecord, type SweepResult } from '../sweep/sweep';
import type { FrameRecord } from '../analysis/dataframe';
import { checkKnownKeys, showValue } from '../spec/validate';
import { scales } from '../notebook/scale';

/** What an analysis returns: tables (as rows), plots and claims, plus a few lines of text for the reader. */
export interface FigureOutput {
  frames: { name: string; rows: FrameRecord[] }[];
  plots: { name: string; figure: PlotFigure }[];
  claims: ClaimInput[];
  notes: string[];
}

/** What an analysis knows besides the records: the scale, the grid that was swept, and the sweep itself. */
export interface AnalysisContext<S extends object = Settings, A extends object = Settings> {
  scale: Scale;
  grid: SpecGrid<S, A>;
  sweep: SweepResult;
  /** Run options passed through. */
  options: FigureRunOptions<S, A>;
  /**
   * Sweep a further grid (extra seeds, an extended η₀ range, window runs) with the figure's run, into its cache, with
   * the same run options (executor, workers, cache folder, progress): points already run are cache hits.
   */
  sweepMore(grid: SpecGrid<S, A>): Promise<SweepResult>;
}

export interface FigureRunOptions<S extends object = Settings, A extends object = Settings> {
  /** Scale of the default grid (default: the current scale, $TL_SCALE or quick). */
  scale?: Scale;
  /** A grid to run instead of grid(scale) — e.g. fig.grid('quick').with({attentionExponent: 0.5}). */
  grid?: SpecGrid<S, A>;
  executor?: 'threads' | 'slurm';
  slurm?: SlurmSettings;
  workers?: number;
  cacheDir?: string;
  /** Show sweep progress in the notebook (default true). */
  progress?: boolean;
}

/** R is the type of one run's result (what its typed run returns, as JSON). */
export interface PaperFigureDefinition<R = Record<string, unknown>, S extends object = Settings, A extends object = Settings> {
  /** Row id of docs/FIGURES.md, e.g. 'P1-3a'. */
  id: string;
  title: string;
  /** Every row id this figure measures (usually [id]). */
  rows: string[];
  /** The notebook that shows it, relative to notebooks/. */
  notebook: string;
  /** The grid of specs at a scale: smoke | quick | paper live here, once. */
  grid(scale: Scale): SpecGrid<S, A>;
  /** The typed run every point goes through (a specRun exported from a module). */
  runReference: RunReference;
  /** Cache folder of the sweep; figures that share runs share it. */
  cacheName: string;
  /** Records → frames, plots, claims. */
  analyse(records: SweepRecord<R>[], context: AnalysisContext<S, A>): FigureOutput | Promise<FigureOutput>;
  /** Further grids the analysis sweeps into the same cache (extra seeds, windows): counted by `plan`. */
  extraGrids?(scale: Scale): SpecGrid<S, A>[];
  /**
   * The cost of a point when the default of sweep/cost.ts (training FLOPs from the settings steps and batchSize, else
   * one forward pass over settings.inputs) does not describe the run: FLOPs and steps, or null for the default.
   */
  cost?(point: GridPoint<S>): { flops: number; steps: number } | null;
}

export interface PaperFigure<R = Record<string, unknown>, S extends object = Settings, A extends object = Settings> extends PaperFigureDefinition<R, S, A> {
  /** Sweep grid(scale) (or options.grid) and analyse the records. */
  run(options?: FigureRunOptions<S, A>): Promise<FigureOutput>;
  /** Sweep only: the records, with their specs and tables. */
  sweep(options?: FigureRunOptions<S, A>): Promise<SweepResult>;
}

const runOptionKeys = ['scale', 'grid', 'executor', 'slurm', 'workers', 'cacheDir', 'progress'];

function scaleOf(options: { scale?: Scale }): Scale {
  const scale = options.scale ?? ((process.env.TL_SCALE as Scale | undefined) || 'quick');
  if (!scales.includes(scale)) throw new Error(`scale: expected one of ${scales.join(', ')}, got ${showValue(scale)}`);
  return scale;
}

/** A figure with its run: sweep the grid into the figure's cache (cache key: the resolved spec, settings, seed), analyse. */
export function definePaperFigure<R = Record<string, unknown>, S extends object = Settings, A extends object = Settings>(
  definition: PaperFigureDefinition<R, S, A>,
): PaperFigure<R, S, A> {
  const sweepFigure = async (options: FigureRunOptions<S, A> = {}): Promise<SweepResult> => {
    checkKnownKeys('', `${definition.id}.run's options`, options, runOptionKeys);
    const scale = scaleOf(options);
    const grid = options.grid ?? definition.grid(scale);
    return sweep(grid, definition.runReference, {
      name: definition.cacheName, scale, executor: options.executor, slurm: options.slurm, workers: options.workers, cacheDir: options.cacheDir,
      ...(options.progress === false ? { progress: false, onProgress: () => undefined } : { onProgress: notebookProgress(definition.id) }),
    });
  };
  return {
    ...definition,
    sweep: sweepFigure,
    async run(options: FigureRunOptions<S, A> = {}): Promise<FigureOutput> {
      const swept = await sweepFigure(options);
      const scale = scaleOf(options);
      const grid = options.grid ?? definition.grid(scale);
      const sweepMore = (more: SpecGrid<S, A>) => sweepFigure({ ...options, scale, grid: more });
      return definition.analyse(swept.records as SweepRecord<R>[], { scale, grid, sweep: swept, options, sweepMore });
    },
  };
}

/** The settings a record's run was given (a SpecGrid point's settings, as the grid declared them: type S). */
export function settingsOf<S = Record<string, unknown>>(record: { config: Record<string, unknown> }): S {
  const settings = record.config.settings;
  if (!settings || typeof settings !== 'object') throw new Error(`record: no settings in its config (a SpecGrid point was expected; keys ${Object.keys(record.config).join(', ')})`);
  return settings as S;
}

/** An empty output to fill: `const out = figureOutput(); out.claims.push(…)`. */
export function figureOutput(): FigureOutput {
  return { frames: [], plots: [], claims: [], notes: [] };
}
