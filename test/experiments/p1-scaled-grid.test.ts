import { describe, expect, it } from 'vitest';
import { expandGrid, type GridSpec } from '../../src/sweep/grid';
import type { Scale } from '../../src/notebook/scale';
import { p1ScaledSpec } from '../../src/experiments/p1-scaled/common';
import { familyOfGrid, headSweepGrid, p1ScaledGrid } from '../../src/experiments/p1-scaled/family';
import { baseTrendGrid, p1BaseTrendSettings } from '../../src/experiments/p1-scaled/bases';
import { p1InitialGapGrid } from '../../src/experiments/p1-scaled/figure-6b-gap';
import { p1InitSpec } from '../../src/experiments/p1-init/common';
import type { SpecGrid } from '../../src/sweep/spec-grid';

// The old code path, as it was before the family became a SpecGrid (p1-scaled-family.ts, p1-scaled-bases.ts, the P1-6b
// gap notebook): plain sweep configs, each turned into a spec by p1ScaledSpec(config) (p1InitSpec for the gap) and run
// with the settings batchSize, steps, probeCount ?? 32, logitProbes ?? 8, dataSeed ?? 0.
type OldFamily = {
  base: { headDim: number; heads: number; depth: number };
  heads: number[]; headDims: number[]; depths: number[]; halfExponentHeadDims: number[];
  batchSize: number; steps: number; seeds: number;
  learningRate: number; richness: number; branchScale: number; probeCount: number; logitProbes: number;
};
function oldFamily(scale: Scale): OldFamily {
  const constants = { learningRate: 0.2, richness: 0.1, branchScale: 4, probeCount: 32, logitProbes: 8 };
  if (scale === 'paper') return { base: { headDim: 16, heads: 16, depth: 4 }, heads: [16, 32, 64], headDims: [16, 64], depths: [4, 16], halfExponentHeadDims: [16, 64], batchSize: 64, steps: 75000, seeds: 2, ...constants };
  const grid = { base: { headDim: 4, heads: 4, depth: 2 }, heads: [4, 8, 16], headDims: [4, 16], depths: [2, 8], halfExponentHeadDims: [4, 16], batchSize: 32, seeds: 2, ...constants };
  return { ...grid, steps: scale === 'smoke' ? 40 : 600 };
}
function oldName(axis: 'H' | 'N' | 'L' | 'half', value: number, f: OldFamily): string {
  if (axis === 'half') return `αA=½ N=${value}`;
  const baseValue = axis === 'H' ? f.base.heads : axis === 'N' ? f.base.headDim : f.base.depth;
  return value === baseValue ? 'base' : `${axis}=${value}`;
}
function oldMembers(f: OldFamily) {
  const b = f.base;
  const out = [{ member: 'base', ...b, attentionExponent: 1 }];
  const add = (m: (typeof out)[number]) => { if (!out.some((o) => o.member === m.member)) out.push(m); };
  for (const h of f.heads) add({ member: oldName('H', h, f), ...b, heads: h, attentionExponent: 1 });
  for (const n of f.headDims) add({ member: oldName('N', n, f), ...b, headDim: n, attentionExponent: 1 });
  for (const l of f.depths) add({ member: oldName('L', l, f), ...b, depth: l, attentionExponent: 1 });
  for (const n of f.halfExponentHeadDims) add({ member: oldName('half', n, f), ...b, headDim: n, attentionExponent: 0.5 });
  return out;
}
function oldGrid(f: OldFamily, keep?: (member: string) => boolean): GridSpec {
  const members = oldMembers(f);
  const col = (k: 'member' | 'headDim' | 'heads' | 'depth' | 'attentionExponent') => members.map((m) => m[k]);
  return {
    zip: [{ member: col('member'), headDim: col('headDim'), heads: col('heads'), depth: col('depth'), attentionExponent: col('attentionExponent') }],
    fixed: { learningRate: f.learningRate, richness: f.richness, branchScale: f.branchScale, batchSize: f.batchSize, steps: f.steps, probeCount: f.probeCount, logitProbes: f.logitProbes },
    seeds: f.seeds,
    filter: keep ? (c) => keep(c.member as string) : undefined,
  };
}
function oldTrendGrid(scale: Scale): GridSpec {
  const f = oldFamily(scale);
  const window = Math.max(2, Math.round(f.steps / 10));
  const headFactor = Math.max(...f.heads) / f.base.heads;
  const scaledDepth = Math.max(...f.depths);
  const baseHeads = scale === 'smoke' ? [4, 8] : scale === 'quick' ? [4, 8, 16] : [f.base.heads, 2 * f.base.heads];
  const seeds = scale === 'quick' ? 4 : 2;
  const b = f.base;
  const members = baseHeads.flatMap((h) => [
    { member: `H0=${h} base`, headDim: b.headDim, heads: h, depth: b.depth },
    { member: `H0=${h} H=${h * headFactor}`, headDim: b.headDim, heads: h * headFactor, depth: b.depth },
    { member: `H0=${h} L=${scaledDepth}`, headDim: b.headDim, heads: h, depth: scaledDepth },
  ]);
  const col = (k: 'member' | 'headDim' | 'heads' | 'depth') => members.map((m) => m[k]);
  return {
    zip: [{ member: col('member'), headDim: col('headDim'), heads: col('heads'), depth: col('depth') }],
    fixed: { attentionExponent: 1, learningRate: f.learningRate, richness: f.richness, branchScale: f.branchScale, batchSize: f.batchSize, steps: window, probeCount: f.probeCount, logitProbes: f.logitProbes },
    seeds,
  };
}

/** Every point of `grid` builds the spec, seed and settings the old config of the same position built. */
function expectSameRuns(grid: SpecGrid, old: GridSpec): void {
  const points = grid.expand();
  const configs = expandGrid(old);
  expect(points.length).toBe(configs.length);
  points.forEach((p, i) => {
    const c = configs[i] as Record<string, number> & { member: string };
    expect(p.values.member).toBe(c.member);
    expect(p.seed).toBe(c.seed);
    expect(p.spec).toEqual(p1ScaledSpec(c));
    expect(p.settings).toEqual({ batchSize: c.batchSize, steps: c.steps, probeCount: c.probeCount ?? 32, logitProbes: c.logitProbes ?? 8, dataSeed: 0 });
  });
}

describe('P1-6 family as a SpecGrid builds the networks the old configs built', () => {
  for (const scale of ['smoke', 'quick'] as const) {
    it(`${scale}: the family's grid`, () => {
      expectSameRuns(p1ScaledGrid(scale), oldGrid(oldFamily(scale)));
      expect(p1ScaledGrid(scale).size).toBe(14);
    });
    it(`${scale}: P1-9/10's extra grids (H sweep with more seeds; recheck at t = 0 with 8 seeds)`, () => {
      const grid = p1ScaledGrid(scale);
      const finalSeeds = grid.analysis.finalKernelSeeds as number;
      expect(finalSeeds).toBe(scale === 'quick' ? 6 : 2);
      const f = oldFamily(scale);
      const isHead = (m: string) => new Set(f.heads.map((h) => oldName('H', h, f))).has(m);
      expectSameRuns(headSweepGrid(grid, finalSeeds, f.steps), oldGrid({ ...f, seeds: finalSeeds }, isHead));
      expectSameRuns(headSweepGrid(grid, 8, 0), oldGrid({ ...f, seeds: 8, steps: 0 }, isHead));
    });
    it(`${scale}: P1-6a's window runs at larger bases`, () => {
      const grid = p1ScaledGrid(scale);
      const family = familyOfGrid(grid);
      const trend = p1BaseTrendSettings(family, grid.analysis);
      expect(trend.window).toBe(scale === 'quick' ? 60 : 4);
      expectSameRuns(baseTrendGrid(grid, family, trend), oldTrendGrid(scale));
    });
    it(`${scale}: P1-6b's initial gap`, () => {
      const depths = scale === 'smoke' ? [2, 8] : [2, 4, 8, 16];
      const old = expandGrid({ axes: { depth: depths, residualExponent: [1, 0.5] }, fixed: { headDim: 4, heads: 4, probes: 32 }, seeds: scale === 'smoke' ? 2 : 8 });
      const points = p1InitialGapGrid(scale).expand();
      expect(points.length).toBe(old.length);
      points.forEach((p, i) => {
        const c = old[i] as Record<string, number>;
        expect(p.seed).toBe(c.seed);
        expect(p.spec).toEqual(p1InitSpec({ variant: 'vit', headDim: c.headDim, heads: c.heads, depth: c.depth, residualExponent: c.residualExponent }));
        expect(p.settings.probes).toBe(32);
      });
    });
  }
  it('the family read from the grid is the old family (paper included)', () => {
    for (const scale of ['smoke', 'quick', 'paper'] as const) {
      const { probeCount, logitProbes, ...rest } = oldFamily(scale);
      expect(familyOfGrid(p1ScaledGrid(scale))).toEqual({ ...rest, probeCount, logitProbes });
    }
  });
  it('an extension in one cell keeps the family readable: more steps and seeds, another γ₀', () => {
    const grid = p1ScaledGrid('smoke').with({ steps: 80, richness: 0.05 }).withSeeds(3);
    const f = familyOfGrid(grid);
    expect([f.steps, f.seeds, f.richness, f.heads]).toEqual([80, 3, 0.05, [4, 8, 16]]);
    expect(grid.expand().every((p) => p.spec.richness === 0.05 && p.settings.steps === 80)).toBe(true);
  });
});
