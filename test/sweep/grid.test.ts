import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/sweep/grid';
import { runKey, stableStringify } from '../../src/sweep/cache';
import { classifyResult, explodeSeries } from '../../src/sweep/records';
import { formatSweepDuration, formatProgress } from '../../src/sweep/progress';

describe('expandGrid', () => {
  it('is the cartesian product of axes × zipped groups × seeds, seeds innermost', () => {
    const configs = expandGrid({
      axes: { width: [64, 128], lr: [0.1, 1, 10] },
      zip: [{ heads: [1, 2], headDim: [64, 32] }],
      fixed: { steps: 5 },
      seeds: 2,
    });
    expect(configs).toHaveLength(2 * 3 * 2 * 2);
    expect(configs[0]).toEqual({ steps: 5, width: 64, lr: 0.1, heads: 1, headDim: 64, seed: 0 });
    expect(configs[1]).toEqual({ steps: 5, width: 64, lr: 0.1, heads: 1, headDim: 64, seed: 1 });
    expect(configs[2]).toMatchObject({ heads: 2, headDim: 32, seed: 0 });
    expect(configs[23]).toMatchObject({ width: 128, lr: 10, heads: 2, seed: 1 });
    expect(new Set(configs.map((c) => JSON.stringify(c))).size).toBe(24);
  });
  it('applies filters and exclusions', () => {
    const configs = expandGrid({
      axes: { width: [64, 128], lr: [0.1, 1] },
      seeds: [7],
      exclude: [{ width: 128, lr: 1 }],
      filter: (c) => c.lr !== 0.1 || c.width === 64,
    });
    expect(configs).toEqual([
      { width: 64, lr: 0.1, seed: 7 },
      { width: 64, lr: 1, seed: 7 },
    ]);
  });
  it('rejects empty axes, ragged zips, duplicated keys and bad seeds, naming the field', () => {
    expect(() => expandGrid({ axes: { lr: [] } })).toThrow(/axes\.lr/);
    expect(() => expandGrid({ zip: [{ a: [1, 2], b: [1] }] })).toThrow(/zip\[0\]\.b/);
    expect(() => expandGrid({ axes: { a: [1] }, fixed: { a: 2 } })).toThrow(/'a' is defined twice/);
    expect(() => expandGrid({ axes: { seed: [1] } })).toThrow(/'seed'/);
    expect(() => expandGrid({ seeds: 0 })).toThrow(/seeds/);
  });
});

describe('keys and results', () => {
  it('keys ignore key order but not values, name, version or scale', () => {
    const k = runKey({ a: 1, b: [1, 2] }, 'f', '1', 'smoke');
    expect(runKey({ b: [1, 2], a: 1 }, 'f', '1', 'smoke')).toBe(k);
    expect(runKey({ a: 2, b: [1, 2] }, 'f', '1', 'smoke')).not.toBe(k);
    expect(runKey({ a: 1, b: [1, 2] }, 'g', '1', 'smoke')).not.toBe(k);
    expect(runKey({ a: 1, b: [1, 2] }, 'f', '2', 'smoke')).not.toBe(k);
    expect(runKey({ a: 1, b: [1, 2] }, 'f', '1', 'paper')).not.toBe(k);
    expect(stableStringify({ z: { y: 1, x: new Float64Array([0.5]) } })).toBe('{"z":{"x":[0.5],"y":1}}');
  });
  it('classifies non-finite losses and explicit divergence', () => {
    expect(classifyResult({ loss: 1 }, 'loss').status).toBe('ok');
    expect(classifyResult({ loss: Infinity }, 'loss').status).toBe('diverged');
    expect(classifyResult(NaN, 'loss').status).toBe('diverged');
    expect(classifyResult({ status: 'diverged', step: 3 }, 'loss')).toEqual({ status: 'diverged', result: { status: 'diverged', step: 3 }, error: null });
    expect(classifyResult({ accuracy: 0.5 }, 'loss').status).toBe('ok');
  });
  it("reads a run's own status, never renames it: completed/ok → ok, diverged → diverged, anything else → error naming the allowed values", () => {
    expect(classifyResult({ status: 'completed', loss: 1 }, 'loss')).toEqual({ status: 'ok', result: { status: 'completed', loss: 1 }, error: null });
    expect(classifyResult({ status: 'ok', loss: 1 }, 'loss').status).toBe('ok');
    expect(classifyResult({ status: 'completed', loss: NaN }, 'loss').status).toBe('diverged');
    const odd = classifyResult({ status: 'skipped', loss: 1 }, 'loss');
    expect(odd.status).toBe('error');
    expect(odd.result).toEqual({ status: 'skipped', loss: 1 });
    expect(odd.error).toBe("status: expected a run's status to be one of 'ok', 'completed', 'diverged', got 'skipped'");
  });
  it('explodes both series layouts into run × step rows', () => {
    const rows = explodeSeries(
      [
        { id: 1, curve: { step: [0, 1], loss: [2, 1] } },
        { id: 2, curve: [{ step: 0, loss: 5 }] },
        { id: 3, curve: null },
      ],
      'curve',
    );
    expect(rows).toEqual([
      { id: 1, step: 0, loss: 2 },
      { id: 1, step: 1, loss: 1 },
      { id: 2, step: 0, loss: 5 },
      { id: 3 },
    ]);
  });
  it('formats progress lines', () => {
    expect(formatSweepDuration(187)).toBe('3m07s');
    const line = formatProgress('s', { total: 4, done: 2, cached: 1, computed: 1, errors: 0, diverged: 1, elapsedSeconds: 2, etaSeconds: 4 }, 4);
    expect(line).toBe('s [##..] 2/4 (cached 1, errors 0, diverged 1) 0.50 runs/s ETA 4s');
  });
});

describe('notebookProgress', () => {
  it('overwrites one display, throttled, always showing the final state', async () => {
    const { notebookProgress } = await import('../../src/sweep/progress');
    const shown: string[] = [];
    const cb = notebookProgress('nb', { text: (s) => shown.push(s) });
    const p = { total: 3, done: 1, cached: 0, computed: 1, errors: 0, diverged: 0, elapsedSeconds: 1, etaSeconds: 2 };
    cb(p);
    cb({ ...p, done: 2, elapsedSeconds: 1.05 }); // within 200 ms: skipped
    cb({ ...p, done: 3, elapsedSeconds: 1.1 }); // final: shown
    expect(shown).toHaveLength(2);
    expect(shown[1]).toContain('3/3');
    expect(() => notebookProgress('x')({ ...p })).not.toThrow(); // outside a kernel: silent
  });
});
