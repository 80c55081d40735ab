/**
 * The scaled language-model family of P1 Figs. 7 and 12 (FIGURES.md P1-7a, 7b, 7c, P1-12) as one SpecGrid: a base
 * (N, H, L) and the models scaled in one size at a time (H-, N-, L-scaled), each at α_A ∈ {1, ½}, with
 * (α_L, β₀, γ₀) = (1, 4, 0.25) and Adam at peak η₀/√n, linear warmup, cosine decay to 0 at the last step (THEORY.md
 * §2.4, §2.5, §2.7). The four figures share this grid and its cache: whichever runs first computes, the others read.
 * After the sweep, the records are grouped by (member, α_A) and the family's sizes are read back from their specs.
 */
import type { Scale } from '../../notebook/scale';
import { SpecGrid, type Settings } from '../../sweep/spec-grid';
import type { SweepRecord, SweepResult } from '../../sweep/sweep';
import type { Spec } from '../../spec/types';
import { lmCorpus, p1LmSpec, type P1LmRunResult, type P1LmSettings } from './run';

/** Name of the sweep cache shared by the P1-7/12 figures. */
export const p1LmSweepName = 'p1-lm-family';

const sizes: Record<Scale, { base: [number, number, number]; scaled: { heads: number; headDim: number; depth: number }; warmupSteps: number; steps: number; context: number; batchSize: number; evalWindows: number }> = {
  smoke: { base: [4, 4, 2], scaled: { heads: 16, headDim: 16, depth: 8 }, warmupSteps: 3, steps: 12, context: 32, batchSize: 16, evalWindows: 32 },
  quick: { base: [4, 4, 2], scaled: { heads: 16, headDim: 16, depth: 8 }, warmupSteps: 50, steps: 600, context: 32, batchSize: 16, evalWindows: 128 },
  paper: { base: [8, 8, 4], scaled: { heads: 128, headDim: 128, depth: 64 }, warmupSteps: 100, steps: 10000, context: 256, batchSize: 128, evalWindows: 128 },
};

/**
 * The schedule from the settings: optimizer.totalSteps = steps when steps > warmupSteps (the cosine reaches 0 at the
 * last step), else no decay (warmup only).
 */
function finishLmSpec(spec: Spec, settings: Settings): Spec {
  const { totalSteps: _unused, ...optimizer } = spec.optimizer;
  const steps = settings.steps as number;
  const warmup = optimizer.warmupSteps ?? 0;
  return { ...spec, optimizer: steps > warmup ? { ...optimizer, totalSteps: steps } : optimizer };
}

/**
 * The grid of P1-7a/b/c and P1-12 (FIGURES.md P1-7a): quick = base (N, H, L) = (4, 4, 2), H = 16, N = 16, L = 8,
 * α_A ∈ {1, ½}, context S = 32, batch 16, η₀ = 0.05, 50 warmup steps, cosine over 600 steps, 2 seeds; smoke = the same
 * members with 12 steps, 3 warmup steps and 32 held-out windows; paper = base (8, 8, 4) scaled to H = 128, N = 128,
 * L = 64, S = 256, batch 128, 100 warmup, 10 000 steps (still on SOTU characters, not C4). Members (zipped, most
 * expensive first so two workers finish together): L-, N-, H-scaled, base; α_A the slowest axis; seeds innermost.
 */
export function p1LmGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  if (!s) throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
  const settings: P1LmSettings = { steps: s.steps, batchSize: s.batchSize, probeCount: 32, evalWindows: s.evalWindows, dataSeed: 0, sotuDir: null, heldOutEvery: 10 };
  const vocabulary = lmCorpus(settings).tokenizer.vocabSize;
  const [headDim, heads, depth] = s.base;
  const members = [
    { member: `L=${s.scaled.depth}`, headDim, heads, depth: s.scaled.depth },
    { member: `N=${s.scaled.headDim}`, headDim: s.scaled.headDim, heads, depth },
    { member: `H=${s.scaled.heads}`, headDim, heads: s.scaled.heads, depth },
    { member: 'base', headDim, heads, depth },
  ];
  return new SpecGrid({
    base: p1LmSpec({ headDim, heads, depth, learningRate: 0.05, warmupSteps: s.warmupSteps, context: s.context }, vocabulary),
    labels: ['member'],
    zip: [{ member: members.map((m) => m.member), headDim: members.map((m) => m.headDim), heads: members.map((m) => m.heads), depth: members.map((m) => m.depth) }],
    axes: { attentionExponent: [1, 0.5] },
    settings: settings as unknown as Settings,
    seeds: 2,
    finish: finishLmSpec,
  });
}

/** A member of the family: its label, the size it scales (relative to the member labelled 'base'), and its sizes. */
export interface P1LmMember {
  member: string;
  axis: 'base' | 'H' | 'N' | 'L';
  headDim: number;
  heads: number;
  depth: number;
}

/** One finished run: its member, α_A, seed, spec and result. */
export interface P1LmRecord {
  member: string;
  attentionExponent: number;
  seed: number;
  spec: Spec;
  status: string;
  result: P1LmRunResult;
}

/** The family as swept, read back from the records: members, α_A values, seeds, and the shared run settings. */
export interface P1LmFamily {
  members: P1LmMember[];
  attentionExponents: number[];
  /** Seeds per (member, α_A) group (every group has the same seeds). */
  seeds: number;
  base: { headDim: number; heads: number; depth: number };
  /** η₀ and warmup steps (the spec's optimizer), context S (spec.tokens), and the run settings. */
  learningRate: number;
  warmupSteps: number;
  context: number;
  steps: number;
  batchSize: number;
  probeCount: number;
}

/** Key of a (member, α_A) group: 'N=16 αA=0.5'. */
export function lmGroupKey(member: string, attentionExponent: number): string {
  return `${member} αA=${attentionExponent}`;
}

/** Records grouped by (member, α_A), each group sorted by seed. Throws on a run without a result (status 'error'). */
export function groupLmRuns(records: readonly P1LmRecord[]): Map<string, P1LmRecord[]> {
  const groups = new Map<string, P1LmRecord[]>();
  for (const r of records) {
    if (r.result === null || r.result === undefined) throw new Error(`run ${lmGroupKey(r.member, r.attentionExponent)} seed ${r.seed}: status '${r.status}' without a result`);
    const key = lmGroupKey(r.member, r.attentionExponent);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.seed - b.seed);
  return groups;
}

const sizeAxes = [['headDim', 'N'], ['heads', 'H'], ['depth', 'L']] as const;

/**
 * The runs of an LM sweep grouped by (member, α_A), and the family read back from their specs and settings: members in
 * grid order, each one's axis = the one size it changes against the member labelled 'base' (throws when it changes
 * none or several). A run that ended without a result throws, naming it.
 */
export function lmFamilyRuns(records: readonly SweepRecord[]): { family: P1LmFamily; runs: Map<string, P1LmRecord[]>; notOk: string[] } {
  const lm: P1LmRecord[] = records.map((r) => {
    if (!r.spec) throw new Error(`records: expected the records of a SpecGrid sweep (with their specs), got a run without a spec (config ${JSON.stringify(r.config)})`);
    const member = r.config.member as string;
    if (r.result === null || r.result === undefined) throw new Error(`run ${lmGroupKey(member, r.spec.attentionExponent)} seed ${String(r.config.seed)}: status '${r.status}' without a result (${String(r.error)})`);
    return { member, attentionExponent: r.spec.attentionExponent, seed: r.config.seed as number, spec: r.spec, status: r.status, result: r.result as unknown as P1LmRunResult };
  });
  const runs = groupLmRuns(lm);
  const first = new Map<string, P1LmRecord>();
  for (const r of lm) if (!first.has(r.member)) first.set(r.member, r);
  const base = first.get('base');
  if (!base) throw new Error(`member: the LM family needs a member labelled 'base' (have ${[...first.keys()].join(', ')})`);
  const members: P1LmMember[] = [...first.values()].map((r) => {
    const changed = sizeAxes.filter(([field]) => r.spec[field] !== base.spec[field]);
    if (r.member !== 'base' && changed.length !== 1) throw new Error(`member ${r.member}: expected one of N, H, L to differ from the base, got ${changed.length} (${changed.map((c) => c[1]).join(', ') || 'none'})`);
    return { member: r.member, axis: r.member === 'base' ? 'base' : changed[0][1], headDim: r.spec.headDim, heads: r.spec.heads, depth: r.spec.depth };
  });
  const attentionExponents = [...new Set(lm.map((r) => r.attentionExponent))];
  const seeds = new Set(lm.map((r) => r.seed)).size;
  for (const [key, list] of runs) if (list.length !== seeds) throw new Error(`seeds: group '${key}' has ${list.length} runs, expected ${seeds} (one per seed)`);
  const settings = records[0].config.settings as P1LmSettings;
  const family: P1LmFamily = {
    members,
    attentionExponents,
    seeds,
    base: { headDim: base.spec.headDim, heads: base.spec.heads, depth: base.spec.depth },
    learningRate: base.spec.optimizer.learningRate,
    warmupSteps: base.spec.optimizer.warmupSteps ?? 0,
    context: base.spec.tokens,
    steps: settings.steps,
    batchSize: settings.batchSize,
    probeCount: settings.probeCount,
  };
  const notOk = lm.filter((r) => r.status !== 'ok').map((r) => `${r.member} αA=${r.attentionExponent} seed ${r.seed}: ${r.status}`);
  return { family, runs, notOk };
}

/** The runs of one (member, α_A) group. */
export function lmGroup(runs: Map<string, P1LmRecord[]>, member: string, attentionExponent: number): P1LmRecord[] {
  const list = runs.get(lmGroupKey(member, attentionExponent));
  if (!list || list.length === 0) throw new Error(`member: no runs for '${lmGroupKey(member, attentionExponent)}' (have ${[...runs.keys()].join(', ')})`);
  return list;
}

/** The members in the figures' column order: base, H-, N-, L-scaled. */
export function orderedMembers(family: P1LmFamily): P1LmMember[] {
  return (['base', 'H', 'N', 'L'] as const).map((axis) => {
    const m = family.members.find((x) => x.axis === axis);
    if (!m) throw new Error(`members: the LM figures need a ${axis === 'base' ? 'base' : `${axis}-scaled`} member (have ${family.members.map((x) => x.member).join(', ')})`);
    return m;
  });
}

/** A line on how the sweep went (computed / cached runs, time) and on the settings, for every LM figure. */
export function lmSweepNotes(family: P1LmFamily, swept: SweepResult, notOk: string[]): string[] {
  const b = family.base;
  const runSeconds = swept.records.reduce((s, r) => s + (r.seconds ?? 0), 0);
  return [
    `${swept.records.length} runs: ${swept.progress.computed} computed, ${swept.progress.cached} cached (summed run time ${runSeconds.toFixed(0)} s)`,
    `settings: base (N,H,L) = (${b.headDim},${b.heads},${b.depth}), η₀ = ${family.learningRate}, warmup ${family.warmupSteps}, ${family.steps} steps, context ${family.context}, batch ${family.batchSize}, ${family.seeds} seeds`,
    ...(notOk.length > 0 ? [`not ok: ${notOk.join('; ')}`] : []),
  ];
}
