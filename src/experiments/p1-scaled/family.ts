/**
 * The scaled ViT family of P1 Fig. 6 as one SpecGrid (FIGURES.md P1-6a, shared by P1-6b–d, P1-8, P1-9/10): a base
 * (N, H, L) and the models scaled in one size at a time (H-, N-, L-scaled), plus α_A = ½ models at the listed N (for
 * P1-6d), all with (α_L, β₀, γ₀) = (1, 4, 0.1), η₀ = 0.2, momentum 0.9 (THEORY.md §2.5, §2.7). The members are one zip
 * group over the Spec fields headDim, heads, depth, attentionExponent, labelled by `member`; batch, steps and probe
 * counts are settings. Every figure of the family sweeps this grid into one cache, so whichever runs first computes.
 */
import type { Scale } from '../../notebook/scale';
import type { Spec } from '../../spec/types';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { p1ScaledSpec } from './common';
import { scaledSettings, type P1ScaledRunResult, type P1ScaledSettings, type P1ScaledSnapshot } from './run';

/** Name of the one sweep cache shared by the family's figures. */
export const p1ScaledSweepName = 'p1-scaled-vit';

/** The family as the analysis reads it (sizes along each sweep, constants, settings), rebuilt from the records. */
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

/** One member of the family: a name and its sizes (the zip group's columns, in this order). */
export interface P1ScaledMember {
  member: string;
  headDim: number;
  heads: number;
  depth: number;
  attentionExponent: number;
}

type Sizes = Pick<P1ScaledFamily, 'base' | 'heads' | 'headDims' | 'depths' | 'halfExponentHeadDims' | 'batchSize' | 'steps' | 'seeds'> & {
  /** Analysis parameters: bases of the P1-6a trend and their seeds, seeds of the P1-9/10 final kernels and of its recheck. */
  analysis: { trendBaseHeads: number[]; trendSeeds: number; finalKernelSeeds: number; recheckSeeds: number };
};

const quickGrid = { base: { headDim: 4, heads: 4, depth: 2 }, heads: [4, 8, 16], headDims: [4, 16], depths: [2, 8], halfExponentHeadDims: [4, 16], batchSize: 32, seeds: 2 };

/**
 * Quick = base (4, 4, 2), H ∈ {4, 8, 16}, N ∈ {4, 16}, L ∈ {2, 8}, α_A = ½ at N ∈ {4, 16}, batch 32, 600 steps, 2 seeds;
 * smoke = the same grid with 40 steps; paper = base (16, 16, 4) scaled ×4 in H and N and in L, batch 64, 75 000 steps
 * (the scaled grid values are reconstructed). P1-6a trend bases: quick H₀ ∈ {4, 8, 16} with 4 seeds, smoke {4, 8} with 2,
 * paper the base H and twice it with 2; P1-9/10 final kernels: quick 6 seeds (FIGURES.md decision), smoke 2, paper 4.
 */
const sizes: Record<Scale, Sizes> = {
  smoke: { ...quickGrid, steps: 40, analysis: { trendBaseHeads: [4, 8], trendSeeds: 2, finalKernelSeeds: 2, recheckSeeds: 8 } },
  quick: { ...quickGrid, steps: 600, analysis: { trendBaseHeads: [4, 8, 16], trendSeeds: 4, finalKernelSeeds: 6, recheckSeeds: 8 } },
  paper: {
    base: { headDim: 16, heads: 16, depth: 4 }, heads: [16, 32, 64], headDims: [16, 64], depths: [4, 16], halfExponentHeadDims: [16, 64], batchSize: 64, steps: 75000, seeds: 2,
    analysis: { trendBaseHeads: [16, 32], trendSeeds: 2, finalKernelSeeds: 4, recheckSeeds: 8 },
  },
};

/** The family's constants: η₀ = 0.2, γ₀ = 0.1, β₀ = 4; 32 probe images, of which 8 keep their raw logits; data order 0. */
const constants = { learningRate: 0.2, richness: 0.1, branchScale: 4 };
const probes = { probeCount: 32, logitProbes: 8, dataSeed: 0 };

/** Member names: 'base', 'H=8', 'N=16', 'L=8', 'αA=½ N=4'. */
export function scaledMemberName(axis: 'H' | 'N' | 'L' | 'half', value: number, family: Pick<P1ScaledFamily, 'base'>): string {
  const b = family.base;
  if (axis === 'half') return `αA=½ N=${value}`;
  const baseValue = axis === 'H' ? b.heads : axis === 'N' ? b.headDim : b.depth;
  return value === baseValue ? 'base' : `${axis}=${value}`;
}

/** Every member, base first, then the H, N and L sweeps and the α_A = ½ runs (no duplicates). */
export function p1ScaledMembers(family: Pick<P1ScaledFamily, 'base' | 'heads' | 'headDims' | 'depths' | 'halfExponentHeadDims'>): P1ScaledMember[] {
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

/** The zip group of a member list: member (a label), then the Spec fields headDim, heads, depth, attentionExponent. */
export function memberColumns(members: readonly P1ScaledMember[]): Record<string, unknown[]> {
  return {
    member: members.map((m) => m.member),
    headDim: members.map((m) => m.headDim),
    heads: members.map((m) => m.heads),
    depth: members.map((m) => m.depth),
    attentionExponent: members.map((m) => m.attentionExponent),
  };
}

/**
 * The family's grid at a scale: the base Spec (p1ScaledSpec: LN ViT on 16 patch tokens, fixed-depth P1 preset, momentum
 * SGD), the members zipped, settings (batchSize, steps, probeCount, logitProbes, dataSeed), seeds innermost.
 */
export function p1ScaledGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  if (!s) throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
  return new SpecGrid({
    base: p1ScaledSpec({ ...s.base, ...constants }),
    zip: [memberColumns(p1ScaledMembers(s))],
    labels: ['member'],
    settings: { batchSize: s.batchSize, steps: s.steps, ...probes },
    analysis: { ...s.analysis },
    seeds: s.seeds,
  });
}

/** The grid with another member list (same base, settings, analysis and seeds): for the family's extra sweeps. */
export function withMembers(grid: SpecGrid, members: readonly P1ScaledMember[]): SpecGrid {
  return new SpecGrid({ ...grid.definition, zip: [memberColumns(members)] });
}

/** The grid's members (its zip group read back as rows). */
export function gridMembers(grid: SpecGrid): P1ScaledMember[] {
  const group = (grid.definition.zip ?? []).find((g) => 'member' in g);
  if (!group) throw new Error(`grid: expected a zip group labelled 'member' (the family's members), got axes ${grid.axisNames().join(', ')}`);
  const base = grid.definition.base;
  return group.member.map((member, i) => ({
    member: String(member),
    headDim: (group.headDim?.[i] ?? base.headDim) as number,
    heads: (group.heads?.[i] ?? base.heads) as number,
    depth: (group.depth?.[i] ?? base.depth) as number,
    attentionExponent: (group.attentionExponent?.[i] ?? base.attentionExponent) as number,
  }));
}

/** A finished run of the family: its member, seed, spec, settings and result. */
export interface P1ScaledRecord {
  member: string;
  seed: number;
  spec: Spec;
  settings: P1ScaledSettings;
  result: P1ScaledRunResult;
  /** Run time in seconds when computed. */
  seconds?: number;
}

/** Records grouped by member name, each group sorted by seed (throws on a run without a result). */
export function groupScaledRuns(records: readonly SweepRecord[]): Map<string, P1ScaledRecord[]> {
  const groups = new Map<string, P1ScaledRecord[]>();
  for (const r of records) {
    const member = String(r.config.member);
    if (r.result === null || r.result === undefined) throw new Error(`run ${member} seed ${String(r.config.seed)}: status '${r.status}' without a result`);
    const list = groups.get(member) ?? [];
    list.push({ member, seed: r.config.seed as number, spec: r.spec ?? (r.config.spec as Spec), settings: r.config.settings as P1ScaledSettings, result: r.result as unknown as P1ScaledRunResult, seconds: r.seconds });
    groups.set(member, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.seed - b.seed);
  return groups;
}

/**
 * The family as its grid defines it: base = the member 'base', each sweep = the base and the members named 'H=…',
 * 'N=…', 'L=…' (sorted), the α_A = ½ members 'αA=½ N=…'; constants from the base spec, settings from the grid.
 */
export function familyOfGrid(grid: SpecGrid): P1ScaledFamily {
  const members = gridMembers(grid);
  const base = members.find((m) => m.member === 'base');
  if (!base) throw new Error(`member: the family needs a member named 'base' (have ${members.map((m) => m.member).join(', ')})`);
  const values = (prefix: RegExp, read: (m: P1ScaledMember) => number, withBase: boolean) => {
    const out = new Set<number>(withBase ? [read(base)] : []);
    for (const m of members) if (prefix.test(m.member)) out.add(read(m));
    return [...out].sort((a, b) => a - b);
  };
  const spec = grid.definition.base;
  const settings = scaledSettings(grid.settings);
  const seeds = grid.definition.seeds ?? 1;
  return {
    base: { headDim: base.headDim, heads: base.heads, depth: base.depth },
    heads: values(/^H=/, (m) => m.heads, true),
    headDims: values(/^N=/, (m) => m.headDim, true),
    depths: values(/^L=/, (m) => m.depth, true),
    halfExponentHeadDims: values(/^αA=½ N=/, (m) => m.headDim, false),
    batchSize: settings.batchSize,
    steps: settings.steps,
    seeds: typeof seeds === 'number' ? seeds : seeds.length,
    learningRate: spec.optimizer.learningRate,
    richness: spec.richness,
    branchScale: spec.branchScale,
    probeCount: settings.probeCount,
    logitProbes: settings.logitProbes,
  };
}

function memberRuns(runs: Map<string, P1ScaledRecord[]>, member: string): P1ScaledRecord[] {
  const list = runs.get(member);
  if (!list) throw new Error(`member: no runs named '${member}' (have ${[...runs.keys()].join(', ')})`);
  return list;
}

/** Per-seed loss curves of a member. */
export function memberLosses(runs: Map<string, P1ScaledRecord[]>, member: string): number[][] {
  return memberRuns(runs, member).map((r) => r.result.losses);
}

/** Per-seed snapshots of a member at 'initial' or 'final'. */
export function memberSnapshots(runs: Map<string, P1ScaledRecord[]>, member: string, when: 'initial' | 'final'): P1ScaledSnapshot[] {
  return memberRuns(runs, member).map((r) => r.result[when]);
}

/**
 * The H sweep of the family's grid with `seeds` seeds and `steps` steps (same cache): with the family's own steps its
 * first seeds are the family's runs (same keys, read from the cache) and only the others are computed.
 */
export function headSweepGrid(grid: SpecGrid, seeds: number, steps: number): SpecGrid {
  const members = gridMembers(grid).filter((m) => m.member === 'base' || m.member.startsWith('H='));
  return withMembers(grid.with({ steps }), members).withSeeds(seeds);
}
