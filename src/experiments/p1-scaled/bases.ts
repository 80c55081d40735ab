/**
 * P1-6a at several base sizes (FIGURES.md P1-6a decision; THEORY.md §3.2, §3.3): the early-window claim compares the
 * loss-curve distance of the H-scaled model (H × 4) to the base with that of the L-scaled model (L = 8) over the first
 * 10 % of steps. A base with few heads is far from the H → ∞ limit, so the claim is also measured at bases with more
 * heads (N and L fixed), to show the trend. Only the early window enters the claim and the training rule has no
 * schedule (constant η, momentum), so these runs stop at the end of the window: their losses are the first steps of the
 * full-length runs (the figure checks this on the family's base). The runs are a grid derived from the family's grid,
 * swept into the family's cache.
 */
import type { SpecGrid } from '../../sweep/spec-grid';
import { jackknifeOverSeeds, lossCurveDistance, pickSeeds, type Jackknifed } from './analysis';
import { withMembers, type P1ScaledFamily, type P1ScaledMember, type P1ScaledRecord } from './family';

/** The bases of the trend: heads of each base (N, L as the family's base), seeds, and the window length in steps. */
export interface P1BaseTrendSettings {
  baseHeads: number[];
  seeds: number;
  /** First 10 % of the family's steps. */
  window: number;
  /** Factor of the H-scaled model (H × factor) and the depth of the L-scaled model. */
  headFactor: number;
  scaledDepth: number;
}

/**
 * The trend's settings from the family and the grid's analysis parameters (trendBaseHeads, trendSeeds): window =
 * max(2, round(steps/10)), H-scaled by the family's largest H over its base H, L-scaled to the family's largest L.
 */
export function p1BaseTrendSettings(family: P1ScaledFamily, analysis: Record<string, unknown>): P1BaseTrendSettings {
  const baseHeads = analysis.trendBaseHeads as number[];
  const seeds = analysis.trendSeeds as number;
  if (!Array.isArray(baseHeads) || baseHeads.length === 0 || !baseHeads.every((h) => Number.isInteger(h) && h > 0)) {
    throw new Error(`trendBaseHeads: expected a non-empty list of positive integers, got ${JSON.stringify(baseHeads)}`);
  }
  if (!Number.isInteger(seeds) || seeds < 2) throw new Error(`trendSeeds: expected an integer ≥ 2 (jackknife), got ${String(seeds)}`);
  const window = Math.max(2, Math.round(family.steps / 10));
  const headFactor = Math.max(...family.heads) / family.base.heads;
  const scaledDepth = Math.max(...family.depths);
  return { baseHeads, seeds, window, headFactor, scaledDepth };
}

/** Member names of one base: 'H0=8 base', 'H0=8 H=32', 'H0=8 L=8'. */
export function trendMemberName(baseHeads: number, role: 'base' | 'heads' | 'depth', s: P1BaseTrendSettings): string {
  const tag = role === 'base' ? 'base' : role === 'heads' ? `H=${baseHeads * s.headFactor}` : `L=${s.scaledDepth}`;
  return `H0=${baseHeads} ${tag}`;
}

/**
 * The trend's grid: the family's grid with steps = the window and, per base, three members (base, H-scaled,
 * L-scaled; N as the family's base), `settings.seeds` seeds.
 */
export function baseTrendGrid(grid: SpecGrid, family: P1ScaledFamily, settings: P1BaseTrendSettings): SpecGrid {
  const b = family.base;
  const members: P1ScaledMember[] = settings.baseHeads.flatMap((h) => [
    { member: trendMemberName(h, 'base', settings), headDim: b.headDim, heads: h, depth: b.depth, attentionExponent: 1 },
    { member: trendMemberName(h, 'heads', settings), headDim: b.headDim, heads: h * settings.headFactor, depth: b.depth, attentionExponent: 1 },
    { member: trendMemberName(h, 'depth', settings), headDim: b.headDim, heads: h, depth: settings.scaledDepth, attentionExponent: 1 },
  ]);
  return withMembers(grid.with({ steps: settings.window }), members).withSeeds(settings.seeds);
}

export interface P1BaseTrendPoint {
  baseHeads: number;
  width: number;
  /** d(H-scaled, base), d(L-scaled, base) over the window, and their ratio jackknifed over seeds. */
  dHeads: number;
  dDepth: number;
  ratio: Jackknifed;
}

/** d(H-scaled, base)/d(L-scaled, base) per base (jackknife over seeds) from the trend's runs grouped by member. */
export function baseTrendPoints(runs: Map<string, P1ScaledRecord[]>, family: P1ScaledFamily, settings: P1BaseTrendSettings): P1BaseTrendPoint[] {
  const losses = (name: string) => {
    const list = runs.get(name);
    if (!list) throw new Error(`member: no trend runs named '${name}' (have ${[...runs.keys()].join(', ')})`);
    return list.map((r) => r.result.losses);
  };
  return settings.baseHeads.map((h) => {
    const [base, heads, depth] = (['base', 'heads', 'depth'] as const).map((role) => losses(trendMemberName(h, role, settings)));
    const distances = (keep: number[]) => ({
      heads: lossCurveDistance(pickSeeds(heads, keep), pickSeeds(base, keep)),
      depth: lossCurveDistance(pickSeeds(depth, keep), pickSeeds(base, keep)),
    });
    const all = distances(Array.from({ length: settings.seeds }, (_, i) => i));
    const ratio = jackknifeOverSeeds(settings.seeds, (keep) => {
      const d = distances(keep);
      return d.heads / d.depth;
    });
    return { baseHeads: h, width: family.base.headDim * h, dHeads: all.heads, dDepth: all.depth, ratio };
  });
}
