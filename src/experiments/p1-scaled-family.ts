/**
 * The scaled ViT family of P1 Fig. 6 (FIGURES.md P1-6a, shared by P1-6b–d, P1-8, P1-9/10): a base (N, H, L) and the
 * models scaled in one size at a time (H-, N-, L-scaled), plus α_A = ½ models at the listed N (for P1-6d), all with
 * (α_L, β₀, γ₀) = (1, 4, 0.1), η₀ = 0.2, momentum 0.9 (THEORY.md §2.5, §2.7). One sweep grid for every notebook of
 * the family, so whichever runs first computes and the others read the cache.
 */
import type { GridSpec } from '../sweep/grid';
import type { Scale } from '../notebook/scale';
import { notebookProgress } from '../sweep/progress';
import { sweep } from '../sweep/sweep';
import { p1ScaledRunReference, type P1ScaledRunConfig, type P1ScaledRunResult } from './p1-scaled-run';

export interface P1ScaledFamily {
  /** Base (N, H, L). */
  base: { headDim: number; heads: number; depth: number };
  /** H values of the H sweep (N, L at base), N values of the N sweep, L values of the L sweep (each includes the base). */
  heads: number[];
  headDims: number[];
  depths: number[];
  /** N values of the α_A = ½ runs (H, L at base). */
  halfExponentHeadDims: number[];
  batchSize: number;
  steps: number;
  seeds: number;
  /** η₀, γ₀, β₀. */
  learningRate: number;
  richness: number;
  branchScale: number;
  probeCount: number;
  logitProbes: number;
}

/** One member of the family: a name and its sizes. */
export interface P1ScaledMember {
  member: string;
  headDim: number;
  heads: number;
  depth: number;
  attentionExponent: number;
}

/**
 * The family at a scale (FIGURES.md P1-6a): quick = base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16}, L ∈ {2, 8}, α_A = ½
 * at N ∈ {4, 16}, batch 32, 600 steps, 2 seeds; smoke = the same grid with 40 steps; paper = base (16, 16, 4) scaled
 * ×4 in H and N and in L, batch 64, 75 000 steps (the scaled grid values are reconstructed).
 */
export function p1ScaledFamily(scale: Scale): P1ScaledFamily {
  const constants = { learningRate: 0.2, richness: 0.1, branchScale: 4, probeCount: 32, logitProbes: 8 };
  if (scale === 'paper') {
    return { base: { headDim: 16, heads: 16, depth: 4 }, heads: [16, 32, 64], headDims: [16, 64], depths: [4, 16], halfExponentHeadDims: [16, 64], batchSize: 64, steps: 75000, seeds: 2, ...constants };
  }
  const grid = { base: { headDim: 4, heads: 4, depth: 2 }, heads: [4, 8, 16], headDims: [4, 16], depths: [2, 8], halfExponentHeadDims: [4, 16], batchSize: 32, seeds: 2, ...constants };
  if (scale === 'smoke') return { ...grid, steps: 40 };
  if (scale === 'quick') return { ...grid, steps: 600 };
  throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
}

/** Member names: 'base', 'H=8', 'N=16', 'L=8', 'αA=½ N=4'. */
export function scaledMemberName(axis: 'H' | 'N' | 'L' | 'half', value: number, family: P1ScaledFamily): string {
  const b = family.base;
  if (axis === 'half') return `αA=½ N=${value}`;
  const baseValue = axis === 'H' ? b.heads : axis === 'N' ? b.headDim : b.depth;
  return value === baseValue ? 'base' : `${axis}=${value}`;
}

/** Every member, base first, then the H, N and L sweeps and the α_A = ½ runs (no duplicates). */
export function p1ScaledMembers(family: P1ScaledFamily): P1ScaledMember[] {
  const b = family.base;
  const out: P1ScaledMember[] = [{ member: 'base', ...b, attentionExponent: 1 }];
  const add = (m: P1ScaledMember) => {
    if (!out.some((o) => o.member === m.member)) out.push(m);
  };
  for (const h of family.heads) add({ member: scaledMemberName('H', h, family), ...b, heads: h, attentionExponent: 1 });
  for (const n of family.headDims) add({ member: scaledMemberName('N', n, family), ...b, headDim: n, attentionExponent: 1 });
  for (const l of family.depths) add({ member: scaledMemberName('L', l, family), ...b, depth: l, attentionExponent: 1 });
  for (const n of family.halfExponentHeadDims) add({ member: scaledMemberName('half', n, family), ...b, headDim: n, attentionExponent: 0.5 });
  return out;
}

/** The sweep grid: members zipped, constants fixed, seeds innermost. */
export function p1ScaledGrid(family: P1ScaledFamily): GridSpec {
  const members = p1ScaledMembers(family);
  const column = <K extends keyof P1ScaledMember>(k: K) => members.map((m) => m[k]);
  return {
    zip: [{ member: column('member'), headDim: column('headDim'), heads: column('heads'), depth: column('depth'), attentionExponent: column('attentionExponent') }],
    fixed: {
      learningRate: family.learningRate,
      richness: family.richness,
      branchScale: family.branchScale,
      batchSize: family.batchSize,
      steps: family.steps,
      probeCount: family.probeCount,
      logitProbes: family.logitProbes,
    },
    seeds: family.seeds,
  };
}

/** Name of the one sweep cache shared by the family's notebooks. */
export const p1ScaledSweepName = 'p1-scaled-vit';

/** A finished run as read from the sweep (config and result). */
export interface P1ScaledRecord {
  config: P1ScaledRunConfig & { member: string };
  result: P1ScaledRunResult;
  status: string;
}

/** Records grouped by member name, each group sorted by seed. */
export function groupScaledRuns(records: readonly { config: unknown; result: unknown; status: string }[]): Map<string, P1ScaledRecord[]> {
  const groups = new Map<string, P1ScaledRecord[]>();
  for (const r of records) {
    const rec = r as P1ScaledRecord;
    if (rec.result === null || rec.result === undefined) throw new Error(`run ${rec.config.member} seed ${rec.config.seed}: status '${rec.status}' without a result`);
    const list = groups.get(rec.config.member) ?? [];
    list.push(rec);
    groups.set(rec.config.member, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.config.seed - b.config.seed);
  return groups;
}

export interface P1ScaledFamilyRuns {
  family: P1ScaledFamily;
  /** Runs by member name, sorted by seed. */
  runs: Map<string, P1ScaledRecord[]>;
  computed: number;
  cached: number;
  /** Wall time of this call and the summed run times (seconds). */
  seconds: number;
  runSeconds: number;
  /** Mean ms per training step of each member (as measured when the run was computed). */
  msPerStep: Record<string, number>;
  diverged: string[];
}

/**
 * The family's sweep at a scale (cached under data/cache/p1-scaled-vit, worker threads, one per core): every notebook
 * of P1-6a–d, 8, 9/10 calls this; the first computes, the others read. Progress goes to the notebook output.
 */
export async function p1ScaledFamilyRuns(scale: Scale): Promise<P1ScaledFamilyRuns> {
  const family = p1ScaledFamily(scale);
  const t0 = Date.now();
  const swept = await sweep(p1ScaledGrid(family), p1ScaledRunReference, { name: p1ScaledSweepName, scale, onProgress: notebookProgress('P1-6 family') });
  const runs = groupScaledRuns(swept.records);
  const msPerStep: Record<string, number> = {};
  for (const [member, list] of runs) msPerStep[member] = list.reduce((s, r) => s + r.result.msPerStep, 0) / list.length;
  return {
    family,
    runs,
    computed: swept.progress.computed,
    cached: swept.progress.cached,
    seconds: (Date.now() - t0) / 1000,
    runSeconds: swept.records.reduce((s, r) => s + (r.seconds ?? 0), 0),
    msPerStep,
    diverged: swept.records.filter((r) => r.status !== 'ok').map((r) => `${String(r.config.member)} seed ${String(r.config.seed)}: ${r.status}`),
  };
}

/** Per-seed loss curves of a member. */
export function memberLosses(runs: Map<string, P1ScaledRecord[]>, member: string): number[][] {
  const list = runs.get(member);
  if (!list) throw new Error(`member: no runs named '${member}' (have ${[...runs.keys()].join(', ')})`);
  return list.map((r) => r.result.losses);
}

/** Per-seed snapshots of a member at 'initial' or 'final'. */
export function memberSnapshots(runs: Map<string, P1ScaledRecord[]>, member: string, when: 'initial' | 'final'): P1ScaledRunResult['initial'][] {
  const list = runs.get(member);
  if (!list) throw new Error(`member: no runs named '${member}' (have ${[...runs.keys()].join(', ')})`);
  return list.map((r) => r.result[when]);
}

/**
 * The H sweep of the family with `seeds` seeds and `steps` steps, cached in the family's sweep file: with the family's
 * own steps its first family.seeds seeds are the family's runs (read from the cache) and only the others are computed.
 */
async function headSweepRuns(scale: Scale, seeds: number, steps: number, label: string): Promise<{ family: P1ScaledFamily; runs: Map<string, P1ScaledRecord[]> }> {
  const family = { ...p1ScaledFamily(scale), seeds, steps };
  const grid = p1ScaledGrid(family);
  const keepMembers = new Set(family.heads.map((h) => scaledMemberName('H', h, family)));
  grid.filter = (c) => keepMembers.has(c.member as string);
  const swept = await sweep(grid, p1ScaledRunReference, { name: p1ScaledSweepName, scale, onProgress: notebookProgress(label) });
  return { family, runs: groupScaledRuns(swept.records) };
}

/**
 * Initialization-only recheck of the H sweep (FIGURES.md P1-9/10: "recheck at init with 8 seeds"): zero-step runs of
 * the H-sweep members with `seeds` seeds, cached in the family's sweep file. Returns the family with that seed count.
 */
export async function p1ScaledInitialRecheck(scale: Scale, seeds: number): Promise<{ family: P1ScaledFamily; runs: Map<string, P1ScaledRecord[]> }> {
  return headSweepRuns(scale, seeds, 0, 'P1-9/10 recheck at t = 0');
}

/**
 * The trained H sweep with more seeds (FIGURES.md P1-9/10 decision: the final-kernel ordering needs ≥ 4 seeds; at 2 it
 * is noise-limited): seeds 0 … family.seeds − 1 are the family's own runs, read from the cache; the rest are computed.
 */
export async function p1ScaledHeadSweepWithSeeds(scale: Scale, seeds: number): Promise<{ family: P1ScaledFamily; runs: Map<string, P1ScaledRecord[]> }> {
  return headSweepRuns(scale, seeds, p1ScaledFamily(scale).steps, `P1-9/10 H sweep, ${seeds} seeds`);
}
