/**
 * The scaled language-model family of P1 Figs. 7 and 12 (FIGURES.md P1-7a, 7b, 7c, P1-12): a base (N, H, L) and the
 * models scaled in one size at a time (H-, N-, L-scaled), each at α_A ∈ {1, ½}, with (α_L, β₀, γ₀) = (1, 4, 0.25) and
 * Adam at peak η₀/√n, linear warmup, cosine decay (THEORY.md §2.4, §2.5, §2.7). One cached sweep shared by the four
 * notebooks: whichever runs first computes, the others read the cache.
 */
import type { Scale } from '../notebook/scale';
import type { GridSpec } from '../sweep/grid';
import { notebookProgress } from '../sweep/progress';
import { sweep } from '../sweep/sweep';
import { p1LmRunReference, type P1LmRunConfig, type P1LmRunResult } from './p1-lm-run';

/** Sizes and constants of the family at one scale. */
export interface P1LmFamily {
  /** Base (N, H, L) and the scaled value of each axis. */
  base: { headDim: number; heads: number; depth: number };
  scaledHeads: number;
  scaledHeadDim: number;
  scaledDepth: number;
  attentionExponents: number[];
  /** η₀ (Adam peak η₀/√n), warmup steps, total steps (the cosine reaches 0 at the last step). */
  learningRate: number;
  warmupSteps: number;
  steps: number;
  context: number;
  batchSize: number;
  seeds: number;
  probeCount: number;
  evalWindows: number;
  /** What was cut from the FIGURES.md quick setting, if anything (said in notebooks and claim details). */
  cut: string | null;
}

/** A member of the family: a name, the axis it scales, and its sizes. */
export interface P1LmMember {
  member: string;
  axis: 'base' | 'H' | 'N' | 'L';
  headDim: number;
  heads: number;
  depth: number;
}

/**
 * The family at a scale (FIGURES.md P1-7a): quick = base (4, 4, 2), H = 16, N = 16, L = 8, α_A ∈ {1, ½}, context 32,
 * batch 16, η₀ = 0.05, 50 warmup steps, cosine over 600 steps, 2 seeds; smoke = the same grid with 12 steps, 3
 * warmup steps and 32 held-out windows; paper = base (8, 8, 4) scaled to H = 128, N = 128, L = 64, context 256, batch 128, 100 warmup,
 * 10 000 steps (still on SOTU characters, not C4).
 */
export function p1LmFamily(scale: Scale): P1LmFamily {
  const common = { attentionExponents: [1, 0.5], learningRate: 0.05, seeds: 2, probeCount: 32, evalWindows: 128, cut: null };
  if (scale === 'paper') {
    return { ...common, base: { headDim: 8, heads: 8, depth: 4 }, scaledHeads: 128, scaledHeadDim: 128, scaledDepth: 64, warmupSteps: 100, steps: 10000, context: 256, batchSize: 128 };
  }
  const grid = { ...common, base: { headDim: 4, heads: 4, depth: 2 }, scaledHeads: 16, scaledHeadDim: 16, scaledDepth: 8, context: 32, batchSize: 16 };
  if (scale === 'quick') return { ...grid, warmupSteps: 50, steps: 600 };
  if (scale === 'smoke') return { ...grid, warmupSteps: 3, steps: 12, evalWindows: 32 };
  throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
}

/** The four members, most expensive first (so two workers finish together): L-, N-, H-scaled, base. */
export function p1LmMembers(family: P1LmFamily): P1LmMember[] {
  const b = family.base;
  return [
    { member: `L=${family.scaledDepth}`, axis: 'L', ...b, depth: family.scaledDepth },
    { member: `N=${family.scaledHeadDim}`, axis: 'N', ...b, headDim: family.scaledHeadDim },
    { member: `H=${family.scaledHeads}`, axis: 'H', ...b, heads: family.scaledHeads },
    { member: 'base', axis: 'base', ...b },
  ];
}

/** The sweep grid: members zipped × α_A × seeds (innermost), constants fixed. */
export function p1LmGrid(family: P1LmFamily): GridSpec {
  const members = p1LmMembers(family);
  return {
    zip: [{ member: members.map((m) => m.member), headDim: members.map((m) => m.headDim), heads: members.map((m) => m.heads), depth: members.map((m) => m.depth) }],
    axes: { attentionExponent: family.attentionExponents },
    fixed: {
      learningRate: family.learningRate,
      warmupSteps: family.warmupSteps,
      steps: family.steps,
      context: family.context,
      batchSize: family.batchSize,
      probeCount: family.probeCount,
      evalWindows: family.evalWindows,
    },
    seeds: family.seeds,
  };
}

/** Name of the sweep cache shared by the P1-7/12 notebooks. */
export const p1LmSweepName = 'p1-lm-family';

/** A finished run (config and result). */
export interface P1LmRecord {
  config: P1LmRunConfig & { member: string; attentionExponent: number };
  result: P1LmRunResult;
  status: string;
}

/** Key of a (member, α_A) group: 'N=16 αA=0.5'. */
export function lmGroupKey(member: string, attentionExponent: number): string {
  return `${member} αA=${attentionExponent}`;
}

/** Records grouped by (member, α_A), each group sorted by seed. Throws on a run without a result (status 'error'). */
export function groupLmRuns(records: readonly { config: unknown; result: unknown; status: string; error?: string | null }[]): Map<string, P1LmRecord[]> {
  const groups = new Map<string, P1LmRecord[]>();
  for (const r of records) {
    const rec = r as P1LmRecord;
    if (rec.result === null || rec.result === undefined) {
      throw new Error(`run ${rec.config.member} αA=${rec.config.attentionExponent} seed ${rec.config.seed}: status '${rec.status}' without a result (${String(r.error)})`);
    }
    const key = lmGroupKey(rec.config.member, rec.config.attentionExponent);
    const list = groups.get(key) ?? [];
    list.push(rec);
    groups.set(key, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.config.seed - b.config.seed);
  return groups;
}

export interface P1LmFamilyRuns {
  family: P1LmFamily;
  members: P1LmMember[];
  /** Runs by lmGroupKey(member, α_A), sorted by seed. */
  runs: Map<string, P1LmRecord[]>;
  computed: number;
  cached: number;
  /** Wall time of this call and the summed run times (seconds). */
  seconds: number;
  runSeconds: number;
  /** Mean ms per training step per member (over α_A and seeds, as measured when computed). */
  msPerStep: Record<string, number>;
  /** Runs whose status is not 'ok'. */
  notOk: string[];
}

/**
 * The family's sweep at a scale (cached under data/cache/p1-lm-family, worker threads, one per core). Every P1-7/12
 * notebook calls this; the first computes, the others read. Progress goes to the notebook output.
 */
export async function p1LmFamilyRuns(scale: Scale): Promise<P1LmFamilyRuns> {
  const family = p1LmFamily(scale);
  const t0 = Date.now();
  const swept = await sweep(p1LmGrid(family), p1LmRunReference, { name: p1LmSweepName, scale, onProgress: notebookProgress('P1-7/12 LM family') });
  const runs = groupLmRuns(swept.records);
  const members = p1LmMembers(family);
  const msPerStep: Record<string, number> = {};
  for (const m of members) {
    const list = family.attentionExponents.flatMap((a) => runs.get(lmGroupKey(m.member, a)) ?? []);
    msPerStep[m.member] = list.reduce((s, r) => s + r.result.msPerStep, 0) / Math.max(1, list.length);
  }
  return {
    family,
    members,
    runs,
    computed: swept.progress.computed,
    cached: swept.progress.cached,
    seconds: (Date.now() - t0) / 1000,
    runSeconds: swept.records.reduce((s, r) => s + (r.seconds ?? 0), 0),
    msPerStep,
    notOk: swept.records.filter((r) => r.status !== 'ok').map((r) => `${String(r.config.member)} αA=${String(r.config.attentionExponent)} seed ${String(r.config.seed)}: ${r.status}`),
  };
}

/** The runs of one (member, α_A) group. */
export function lmGroup(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number): P1LmRecord[] {
  const list = runs.get(lmGroupKey(member, attentionExponent));
  if (!list || list.length === 0) throw new Error(`member: no runs for '${lmGroupKey(member, attentionExponent)}' (have ${[...runs.keys()].join(', ')})`);
  return list;
}
