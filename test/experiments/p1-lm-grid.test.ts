import { describe, expect, it } from 'vitest';
import { lmCorpus, p1LmSpec } from '../../src/experiments/p1-lm/run';
import { lmFamilyRuns, p1LmGrid } from '../../src/experiments/p1-lm/family';
import { figures } from '../../src/figures/registry';
import { expandGrid } from '../../src/sweep/grid';
import type { SweepRecord } from '../../src/sweep/sweep';

/**
 * The code path before the LM family became a SpecGrid (kept here as the reference): a family table per scale, four
 * members zipped with their sizes, α_A an axis, the run parameters fixed, and the spec built inside the run by
 * p1LmSpec(config, V, config.steps) with every other field at p1LmRun's defaults.
 */
const oldFamily = {
  smoke: { base: { headDim: 4, heads: 4, depth: 2 }, scaledHeads: 16, scaledHeadDim: 16, scaledDepth: 8, warmupSteps: 3, steps: 12, context: 32, batchSize: 16, evalWindows: 32 },
  quick: { base: { headDim: 4, heads: 4, depth: 2 }, scaledHeads: 16, scaledHeadDim: 16, scaledDepth: 8, warmupSteps: 50, steps: 600, context: 32, batchSize: 16, evalWindows: 128 },
};
function oldConfigs(scale: 'smoke' | 'quick') {
  const f = { ...oldFamily[scale], attentionExponents: [1, 0.5], learningRate: 0.05, seeds: 2, probeCount: 32 };
  const b = f.base;
  const members = [
    { member: `L=${f.scaledDepth}`, ...b, depth: f.scaledDepth },
    { member: `N=${f.scaledHeadDim}`, ...b, headDim: f.scaledHeadDim },
    { member: `H=${f.scaledHeads}`, ...b, heads: f.scaledHeads },
    { member: 'base', ...b },
  ];
  return expandGrid({
    zip: [{ member: members.map((m) => m.member), headDim: members.map((m) => m.headDim), heads: members.map((m) => m.heads), depth: members.map((m) => m.depth) }],
    axes: { attentionExponent: f.attentionExponents },
    fixed: { learningRate: f.learningRate, warmupSteps: f.warmupSteps, steps: f.steps, context: f.context, batchSize: f.batchSize, probeCount: f.probeCount, evalWindows: f.evalWindows },
    seeds: f.seeds,
  });
}

describe('the P1-7/12 LM grid (FIGURES.md P1-7a–c, P1-12)', () => {
  const vocabulary = lmCorpus({ sotuDir: null, heldOutEvery: 10 }).tokenizer.vocabSize;

  it.each(['smoke', 'quick'] as const)('builds at %s exactly the specs, seeds and settings the old runs built, in the same order', (scale) => {
    const points = p1LmGrid(scale).expand();
    const old = oldConfigs(scale);
    expect(points).toHaveLength(old.length);
    points.forEach((p, i) => {
      const c = old[i] as Record<string, unknown> & { steps: number; seed: number };
      expect(p.values).toEqual({ member: c.member, headDim: c.headDim, heads: c.heads, depth: c.depth, attentionExponent: c.attentionExponent, seed: c.seed });
      expect(p.seed).toBe(c.seed);
      expect(p.spec).toEqual(p1LmSpec(c as never, vocabulary, c.steps));
      // p1LmRun's defaults for what the old grid left out: data seed 0, the installed corpus, every 10th speech held out
      expect(p.settings).toEqual({ steps: c.steps, batchSize: c.batchSize, probeCount: c.probeCount, evalWindows: c.evalWindows, dataSeed: 0, sotuDir: null, heldOutEvery: 10 });
    });
  });

  it('shares one grid and one cache across P1-7a, 7b, 7c and P1-12', () => {
    const ids = ['P1-7a', 'P1-7b', 'P1-7c', 'P1-12'];
    for (const id of ids) {
      expect(figures[id].cacheName).toBe('p1-lm-family');
      expect(figures[id].runReference).toEqual(figures['P1-7a'].runReference);
      expect(JSON.stringify(figures[id].grid('smoke').expand())).toBe(JSON.stringify(figures['P1-7a'].grid('smoke').expand()));
    }
  });

  it('extends in one call: more steps move the cosine schedule with them, more seeds add runs', () => {
    const grid = p1LmGrid('smoke').with({ steps: 40 }).withSeeds(3);
    const points = grid.expand();
    expect(points).toHaveLength(24);
    for (const p of points) expect(p.spec.optimizer).toMatchObject({ warmupSteps: 3, totalSteps: 40 });
    // at most the warmup: no decay (as p1LmSpec builds it)
    expect(p1LmGrid('smoke').with({ steps: 2 }).expand()[0].spec.optimizer.totalSteps).toBeUndefined();
  });

  it('reads the family back from the records and names what is missing', () => {
    const points = p1LmGrid('smoke').expand();
    const record = (i: number): SweepRecord => ({
      key: String(i), run: 'p1LmRun', version: '1', scale: 'smoke', config: { ...points[i].values, spec: points[i].spec, settings: points[i].settings },
      status: 'ok', result: { msPerStep: 1 }, error: null, seconds: 1, finishedAt: '', spec: points[i].spec,
    });
    const { family } = lmFamilyRuns(points.map((_, i) => record(i)));
    expect(family.members.map((m) => `${m.member}:${m.axis}`)).toEqual(['L=8:L', 'N=16:N', 'H=16:H', 'base:base']);
    expect(family).toMatchObject({ attentionExponents: [1, 0.5], seeds: 2, base: { headDim: 4, heads: 4, depth: 2 }, learningRate: 0.05, warmupSteps: 3, context: 32, steps: 12, batchSize: 16, probeCount: 32 });
    expect(() => lmFamilyRuns(points.slice(0, 15).map((_, i) => record(i)))).toThrow(/group 'base αA=0.5' has 1 runs, expected 2/);
    const failed = { ...record(0), status: 'error' as const, result: null, error: 'boom' };
    expect(() => lmFamilyRuns([failed])).toThrow(/L=8 αA=1 seed 0: status 'error' without a result \(boom\)/);
  });
});
