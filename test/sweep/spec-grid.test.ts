import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecGrid } from '../../src/sweep/spec-grid';
import { sweep } from '../../src/sweep/sweep';
import { preset } from '../../src/spec/presets';
import { resolve } from '../../src/spec/resolve';

const fixtures = join(__dirname, 'fixtures', 'runs.ts');
const base = preset('p1', { headDim: 4, heads: 2, depth: 2 });

describe('SpecGrid', () => {
  it('expands axes over spec fields, optimizer fields and settings into validated specs with their tables', () => {
    const grid = new SpecGrid({ base, axes: { heads: [2, 4], learningRate: [0.1, 1] }, settings: { steps: 10 }, seeds: 2 });
    const points = grid.expand();
    expect(points).toHaveLength(8);
    expect(grid.size).toBe(8);
    expect(points.map((p) => [p.spec.heads, p.spec.optimizer.learningRate, p.seed])).toEqual([
      [2, 0.1, 0], [2, 0.1, 1], [2, 1, 0], [2, 1, 1], [4, 0.1, 0], [4, 0.1, 1], [4, 1, 0], [4, 1, 1],
    ]);
    for (const p of points) expect(p.table).toEqual(resolve(p.spec));
    expect(points[0].settings).toEqual({ steps: 10 });
    expect(base.heads).toBe(2); // the base is not mutated
  });

  it('with() fixes fields (a swept one loses its axis), axis() adds or replaces one, zipped axes move together', () => {
    const grid = new SpecGrid({ base, labels: ['member'], zip: [{ member: ['base', 'H=8'], heads: [2, 8] }], settings: { steps: 5 } });
    expect(grid.expand().map((p) => [p.values.member, p.spec.heads])).toEqual([['base', 2], ['H=8', 8]]);
    const half = grid.with({ attentionExponent: 0.5, steps: 7 });
    expect(half.expand().map((p) => [p.spec.attentionExponent, p.settings.steps])).toEqual([[0.5, 7], [0.5, 7]]);
    const deep = grid.axis('depth', [2, 4, 8]);
    expect(deep.size).toBe(6);
    expect(grid.with({ heads: 16 }).expand().map((p) => [p.values.member, p.spec.heads])).toEqual([['base', 16], ['H=8', 16]]);
    expect(grid.describe()).toMatch(/together: member = 'base' \| 'H=8'; heads = 2 \| 8/);
    expect(grid.describe()).toMatch(/2 runs$/);
  });

  it('names the field and the nearest allowed name on a typo, and the point on an invalid spec', () => {
    const grid = new SpecGrid({ base, settings: { steps: 5 } });
    expect(() => grid.with({ attentionExpnent: 0.5 })).toThrow(/'attentionExpnent' is not a Spec field.*did you mean 'attentionExponent'/);
    expect(() => grid.axis('step', [1, 2])).toThrow(/did you mean 'steps'/);
    expect(() => grid.axis('attentionExponent', [0.25]).expand()).toThrow(/grid point \{"attentionExponent":0.25,"seed":0\}: attentionExponent/);
    expect(() => grid.axis('heads', [])).toThrow(/axis heads: expected a non-empty list/);
  });

  it('sweeps with typed runs: the key covers the spec and settings, records carry spec and table, columns are the axis values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-specgrid-'));
    const grid = new SpecGrid({ base, axes: { heads: [2, 4] }, settings: { offset: 100 }, seeds: 2 });
    const run = { module: fixtures, name: 'specWidth', version: '1' };
    const first = await sweep(grid, run, { name: 'spec', cacheDir: dir, workers: 1, progress: false });
    expect(first.rows.map((r) => r.loss)).toEqual([108, 108.1, 116, 116.1]);
    expect(first.frame.columns).toEqual(['runIndex', 'status', 'error', 'divergedAt', 'seconds', 'cached', 'heads', 'seed', 'loss', 'result_heads', 'readInStd']);
    expect(first.records[2].spec).toEqual(first.points[2].spec);
    expect(first.records[2].table).toEqual(resolve(first.points[2].spec));
    expect(first.records.map((r) => r.result?.readInStd)).toEqual(first.points.map((p) => p.table.rows.find((r) => r.name === 'readIn')!.initStd));
    // same grid: all cached; another setting or spec field: new keys
    const again = await sweep(grid, run, { name: 'spec', cacheDir: dir, workers: 1, progress: false });
    expect(again.progress).toMatchObject({ cached: 4, computed: 0 });
    const other = await sweep(grid.with({ offset: 0 }), run, { name: 'spec', cacheDir: dir, workers: 1, progress: false });
    expect(other.progress).toMatchObject({ cached: 0, computed: 4 });
    const otherSpec = await sweep(grid.with({ richness: 0.5 }), run, { name: 'spec', cacheDir: dir, workers: 1, progress: false });
    expect(otherSpec.progress).toMatchObject({ cached: 0, computed: 4 });
  });
});
