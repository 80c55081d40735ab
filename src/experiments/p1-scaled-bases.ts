/**
 * P1-6a at several base sizes (FIGURES.md P1-6a decision; THEORY.md §3.2, §3.3): the early-window claim compares the
 * loss-curve distance of the H-scaled model (H × 4) to the base with that of the L-scaled model (L = 8) over the first
 * 10 % of steps. A base with few heads is far from the H → ∞ limit, so the claim is also measured at bases with more
 * heads (N and L fixed), to show the trend. Only the early window enters the claim and the training rule has no
 * schedule (constant η, momentum), so these runs stop at the end of the window: their losses are the first steps of the
 * full-length runs (the notebook checks this on the family's base).
 */
import type { Scale } from '../notebook/scale';
import { notebookProgress } from '../sweep/progress';
import { sweep } from '../sweep/sweep';
import { jackknifeOverSeeds, lossCurveDistance, pickSeeds, type Jackknifed } from './p1-scaled-analysis';
import { p1ScaledFamily, type P1ScaledFamily } from './p1-scaled-family';
import { p1ScaledRunReference, type P1ScaledRunResult } from './p1-scaled-run';

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
 * Quick: bases H ∈ {4, 8, 16} (n = 16, 32, 64), H-scaled ×4 (up to H = 64, n = 256), L-scaled to L = 8, 4 seeds,
 * window 60 steps; smoke: H ∈ {4, 8}, 2 seeds; paper: the family's base H and twice it.
 */
export function p1BaseTrendSettings(scale: Scale): P1BaseTrendSettings {
  const family = p1ScaledFamily(scale);
  const window = Math.max(2, Math.round(family.steps / 10));
  const headFactor = Math.max(...family.heads) / family.base.heads;
  const scaledDepth = Math.max(...family.depths);
  if (scale === 'smoke') return { baseHeads: [4, 8], seeds: 2, window, headFactor, scaledDepth };
  if (scale === 'quick') return { baseHeads: [4, 8, 16], seeds: 4, window, headFactor, scaledDepth };
  return { baseHeads: [family.base.heads, 2 * family.base.heads], seeds: 2, window, headFactor, scaledDepth };
}

/** Member names of one base: 'base', 'H×4', 'L=8', prefixed by the base ('H0=8 base'). */
function memberOf(baseHeads: number, role: 'base' | 'heads' | 'depth', s: P1BaseTrendSettings): string {
  const tag = role === 'base' ? 'base' : role === 'heads' ? `H=${baseHeads * s.headFactor}` : `L=${s.scaledDepth}`;
  return `H0=${baseHeads} ${tag}`;
}

export interface P1BaseTrendPoint {
  baseHeads: number;
  width: number;
  /** d(H-scaled, base), d(L-scaled, base) over the window, and their ratio jackknifed over seeds. */
  dHeads: number;
  dDepth: number;
  ratio: Jackknifed;
}

/**
 * Runs (or reads from the cache 'p1-fig6a-bases') base, H-scaled and L-scaled models of every base for the window's
 * steps with the family's constants, and returns d(H-scaled, base)/d(L-scaled, base) per base (jackknife over seeds).
 */
export async function p1BaseTrend(scale: Scale, settings = p1BaseTrendSettings(scale)): Promise<{ family: P1ScaledFamily; settings: P1BaseTrendSettings; points: P1BaseTrendPoint[]; losses: Map<string, number[][]>; seconds: number }> {
  const family = p1ScaledFamily(scale);
  const b = family.base;
  const members = settings.baseHeads.flatMap((h) => [
    { member: memberOf(h, 'base', settings), headDim: b.headDim, heads: h, depth: b.depth },
    { member: memberOf(h, 'heads', settings), headDim: b.headDim, heads: h * settings.headFactor, depth: b.depth },
    { member: memberOf(h, 'depth', settings), headDim: b.headDim, heads: h, depth: settings.scaledDepth },
  ]);
  const column = (k: 'member' | 'headDim' | 'heads' | 'depth') => members.map((m) => m[k]);
  const t0 = Date.now();
  const swept = await sweep(
    {
      zip: [{ member: column('member'), headDim: column('headDim'), heads: column('heads'), depth: column('depth') }],
      fixed: {
        attentionExponent: 1,
        learningRate: family.learningRate,
        richness: family.richness,
        branchScale: family.branchScale,
        batchSize: family.batchSize,
        steps: settings.window,
        probeCount: family.probeCount,
        logitProbes: family.logitProbes,
      },
      seeds: settings.seeds,
    },
    p1ScaledRunReference,
    { name: 'p1-fig6a-bases', scale, onProgress: notebookProgress('P1-6a bases') },
  );
  const losses = new Map<string, number[][]>();
  for (const r of [...swept.records].sort((x, y) => Number(x.config.seed) - Number(y.config.seed))) {
    const result = r.result as unknown as P1ScaledRunResult | null;
    if (!result) throw new Error(`run ${String(r.config.member)} seed ${String(r.config.seed)}: status '${r.status}' without a result`);
    const name = String(r.config.member);
    losses.set(name, [...(losses.get(name) ?? []), result.losses]);
  }
  const points = settings.baseHeads.map((h) => {
    const [base, heads, depth] = (['base', 'heads', 'depth'] as const).map((role) => losses.get(memberOf(h, role, settings))!);
    const distances = (keep: number[]) => ({
      heads: lossCurveDistance(pickSeeds(heads, keep), pickSeeds(base, keep)),
      depth: lossCurveDistance(pickSeeds(depth, keep), pickSeeds(base, keep)),
    });
    const all = distances(Array.from({ length: settings.seeds }, (_, i) => i));
    const ratio = jackknifeOverSeeds(settings.seeds, (keep) => {
      const d = distances(keep);
      return d.heads / d.depth;
    });
    return { baseHeads: h, width: b.headDim * h, dHeads: all.heads, dDepth: all.depth, ratio };
  });
  return { family, settings, points, losses, seconds: (Date.now() - t0) / 1000 };
}
