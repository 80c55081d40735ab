/**
 * What every figure of the scaled ViT family shares (FIGURES.md P1-6a–d, P1-8, P1-9/10): one grid per scale
 * (p1ScaledGrid), one typed run (p1ScaledRun), one cache ('p1-scaled-vit'); the records grouped by member with the
 * family read from the grid; and further grids (extra seeds, window runs) swept into the same cache with the figure's
 * own run options.
 */
import type { AnalysisContext } from '../figure';
import type { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { familyOfGrid, groupScaledRuns, p1ScaledGrid, p1ScaledSweepName, type P1ScaledFamily, type P1ScaledRecord } from './family';
import { p1ScaledRunReference } from './run';

/** The definition fields every figure of the family shares: the grid per scale, the run and the cache. */
export const scaledFigureRuns = { grid: p1ScaledGrid, runReference: p1ScaledRunReference, cacheName: p1ScaledSweepName };

export interface ScaledRuns {
  family: P1ScaledFamily;
  /** Runs by member name, sorted by seed. */
  runs: Map<string, P1ScaledRecord[]>;
  /** Lines for the reader: runs computed and cached, settings, runs that did not finish ok. */
  notes: string[];
}

/** The records of the family's sweep grouped by member, the family of the swept grid, and the notes. */
export function scaledRuns(records: SweepRecord[], context: AnalysisContext): ScaledRuns {
  const family = familyOfGrid(context.grid);
  const runs = groupScaledRuns(records);
  const runSeconds = records.reduce((s, r) => s + (r.seconds ?? 0), 0);
  const b = family.base;
  const notes = [
    `scale ${context.scale}: ${context.sweep.progress.computed} runs computed, ${context.sweep.progress.cached} cached (run time ${runSeconds.toFixed(0)} s)`,
    `settings: base (N,H,L) = (${b.headDim},${b.heads},${b.depth}), η₀ = ${family.learningRate}, γ₀ = ${family.richness}, β₀ = ${family.branchScale}, ` +
      `batch ${family.batchSize}, ${family.steps} steps, ${family.seeds} seeds`,
  ];
  const notOk = records.filter((r) => r.status !== 'ok');
  if (notOk.length > 0) notes.push(`not ok: ${notOk.map((r) => `${String(r.config.member)} seed ${String(r.config.seed)}: ${r.status}`).join('; ')}`);
  return { family, runs, notes };
}

/** Sweeps a further grid of the family (derived from the swept grid) into the family's cache and returns its runs by member. */
export async function sweepFamily(grid: SpecGrid, context: AnalysisContext): Promise<Map<string, P1ScaledRecord[]>> {
  return groupScaledRuns((await context.sweepMore(grid)).records);
}
