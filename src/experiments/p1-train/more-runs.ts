/**
 * Runs an analysis decides on after seeing the figure's records (an η₀ grid extended at an edge optimum, the widths at
 * the best η₀): swept into the figure's own cache with the figure's run options (executor, workers, cache folder,
 * progress), so a grid point already run is a cache hit (a figure as a spec grid, src/experiments/figure.ts).
 */
import { notebookProgress } from '../../sweep/progress';
import type { SpecGrid } from '../../sweep/spec-grid';
import { sweep, type SweepResult } from '../../sweep/sweep';
import type { AnalysisContext, PaperFigureDefinition } from '../figure';

/** Sweep `grid` with the figure's run and cache, and the run options of the analysis context. */
export function sweepMore(figure: Pick<PaperFigureDefinition, 'id' | 'runReference' | 'cacheName'>, grid: SpecGrid, context: AnalysisContext): Promise<SweepResult> {
  const o = context.options;
  return sweep(grid, figure.runReference, {
    name: figure.cacheName, scale: context.scale, executor: o.executor, slurm: o.slurm, workers: o.workers, cacheDir: o.cacheDir,
    ...(o.progress === false ? { progress: false, onProgress: () => undefined } : { onProgress: notebookProgress(figure.id) }),
  });
}
