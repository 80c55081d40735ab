/**
 * `transformer-limits plan [ids…] --scale smoke|quick|paper`: the plan of the named figures (all when none are
 * named), printed as a table (figures/plan.ts). Ids are registry ids ('P1-3a', case-insensitive) or notebook names.
 */
import { availableParallelism } from 'node:os';
import type { PaperFigure } from '../experiments/figure';
import type { Scale } from '../notebook/scale';
import { defaultCacheDir } from '../sweep/cache';
import { figures } from './registry';
import { formatPlan, planFigure, type FigurePlan } from './plan';
import { machineThroughput } from './throughput';

/** The figures named by ids or notebook names (every figure when none); throws naming an unknown one and the ids. */
export function selectFigures(names: readonly string[]): PaperFigure<unknown, object, object>[] {
  const all = Object.values(figures);
  if (names.length === 0) return all;
  return names.map((name) => {
    const lower = name.toLowerCase().replace(/\.ipynb$/, '');
    const found = all.find((f) => f.id.toLowerCase() === lower) ?? all.find((f) => f.notebook.toLowerCase().replace(/\.ipynb$/, '') === lower);
    if (!found) throw new Error(`plan: no figure '${name}'; figures: ${all.map((f) => f.id).join(', ')}`);
    return found;
  });
}

/** Prints the plan; returns the plans (for tests and scripts). */
export async function runPlan(names: readonly string[], scale: Scale, cacheDir = defaultCacheDir()): Promise<FigurePlan[]> {
  const selected = selectFigures(names);
  const throughput = await machineThroughput(cacheDir);
  const workers = Math.max(1, availableParallelism());
  const plans = selected.map((f) => planFigure(f, scale, throughput, { cacheDir, workers }));
  console.log(formatPlan(plans, scale, throughput, workers));
  return plans;
}
