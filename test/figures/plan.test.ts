import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figures } from '../../src/figures/registry';
import { planFigure, formatPlan, formatDuration } from '../../src/figures/plan';
import { runPlan, selectFigures } from '../../src/figures/plan-cli';
import { parseArguments } from '../../src/cli';
import { vi } from 'vitest';
import { forwardFlops, trainingFlops } from '../../src/sweep/cost';
import { parameterCount } from '../../src/spec/resolve';
import { preset } from '../../src/spec/presets';
import { scales } from '../../src/notebook/scale';
import type { Throughput } from '../../src/figures/throughput';

// A fixed throughput, so the test checks the arithmetic, not this machine's speed (measured in bench/, not here).
const throughput: Throughput = { overheadSeconds: 0.01, flopsPerSecond: 1e10, host: 'test', cores: 2, backend: 'test', measuredAt: '' };

describe('plan', () => {
  it('counts FLOPs as 6 × parameters × tokens plus attention, and the centring pass', () => {
    const spec = preset('p1', { headDim: 4, heads: 4, depth: 2 });
    const n = 16;
    const forward = 2 * parameterCount(spec) * spec.tokens + 4 * spec.depth * spec.tokens ** 2 * n;
    expect(forwardFlops(spec)).toBe(forward);
    // training: forward + backward (2×) = 6·P·S + 12·L·S²·n per sequence, + one centring forward: 4 forwards per step
    expect(trainingFlops(spec, 10, 32)).toBe(10 * 32 * 4 * forward);
    expect(trainingFlops({ ...spec, centred: false }, 10, 32)).toBe(10 * 32 * 3 * forward);
  });

  it('plans every figure at every scale: runs = grid size, FLOPs grow from smoke to quick to paper', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-plan-'));
    for (const figure of Object.values(figures)) {
      const plans = scales.map((scale) => planFigure(figure, scale, throughput, { cacheDir: dir, workers: 2 }));
      scales.forEach((scale, i) => {
        const extra = (figure.extraGrids?.(scale) ?? []).reduce((s, g) => s + g.size, 0);
        expect(plans[i].runs, `${figure.id} ${scale}`).toBeGreaterThanOrEqual(figure.grid(scale).size);
        expect(plans[i].runs, `${figure.id} ${scale}`).toBeLessThanOrEqual(figure.grid(scale).size + extra);
        expect(plans[i].cached).toBe(0);
        if (plans[i].unknownCost === 0) expect(plans[i].estimatedSeconds).toBeGreaterThan(0);
      });
      const [smoke, quick, paper] = plans;
      expect(quick.flops, figure.id).toBeGreaterThanOrEqual(smoke.flops);
      expect(paper.flops, figure.id).toBeGreaterThanOrEqual(quick.flops);
      expect(formatPlan(plans, 'quick', throughput, 2)).toContain(figure.id);
    }
  });

  it('sees the cached runs of a sweep, and then estimates nothing left to compute', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-plan-'));
    const figure = figures['P1-3a'];
    const grid = figure.grid('smoke').with({ seedsPerHead: 2, referenceSeeds: 2 }).axis('heads', [2, 32]);
    const before = planFigure({ ...figure, grid: () => grid }, 'smoke', throughput, { cacheDir: dir });
    expect(before).toMatchObject({ runs: 8, cached: 0 });
    await figure.sweep({ scale: 'smoke', grid, cacheDir: dir, progress: false, workers: 1 });
    const after = planFigure({ ...figure, grid: () => grid }, 'smoke', throughput, { cacheDir: dir });
    expect(after).toMatchObject({ runs: 8, cached: 8, flopsToCompute: 0, estimatedSeconds: 0 });
    expect(after.measuredSeconds).toBeGreaterThan(0);
    expect(after.flops).toBe(before.flops);
  }, 60_000);

  it('calibrates the estimate of the missing runs on the cached ones (measured over modelled seconds)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-plan-'));
    const figure = figures['P1-3a'];
    const grid = figure.grid('smoke').with({ seedsPerHead: 2, referenceSeeds: 2 }).axis('heads', [2, 32]);
    const part = grid.axis('heads', [2]);
    await figure.sweep({ scale: 'smoke', grid: part, cacheDir: dir, progress: false, workers: 1 });
    const plan = planFigure({ ...figure, grid: () => grid }, 'smoke', throughput, { cacheDir: dir, workers: 2 });
    expect(plan).toMatchObject({ runs: 8, cached: 4 });
    const cachedRuns = [...plan.runsByKey.values()].filter((r) => r.cached);
    const modelled = (flops: number) => throughput.overheadSeconds + flops / throughput.flopsPerSecond; // forward-only runs: one step's overhead
    const ratio = cachedRuns.reduce((s, r) => s + r.measured, 0) / cachedRuns.reduce((s, r) => s + modelled(r.flops), 0);
    expect(plan.calibration).toBeCloseTo(ratio, 12);
    const missing = [...plan.runsByKey.values()].filter((r) => !r.cached);
    expect(plan.estimatedSeconds).toBeCloseTo((missing.reduce((s, r) => s + modelled(r.flops), 0) * ratio) / 2, 12);
    expect(formatPlan([plan], 'smoke', throughput, 2)).toContain(`calibrated ×${ratio.toFixed(2)} on its cached runs`);
  }, 60_000);

  it('selects figures by id or notebook name and names the ids on a miss; formats durations', () => {
    expect(selectFigures(['p1-3a']).map((f) => f.id)).toEqual(['P1-3a']);
    expect(selectFigures(['p1-fig3a-kernel-convergence-in-heads']).map((f) => f.id)).toEqual(['P1-3a']);
    expect(() => selectFigures(['P1-99'])).toThrow(/no figure 'P1-99'; figures: .*P1-3a/);
    expect([30, 600, 7200, 3 * 86400, 3 * 365 * 86400].map(formatDuration)).toEqual(['30 s', '10.0 min', '2.0 h', '3.0 days', '3.0 years']);
  });

  it('the plan command: every figure at smoke, quick and paper, with the measured throughput of this machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-plan-'));
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      for (const scale of scales) {
        const args = parseArguments(['--scale', scale]);
        const plans = await runPlan(args.positional, args.scale, dir);
        expect(plans.map((p) => p.id)).toEqual(Object.keys(figures));
      }
    } finally {
      log.mockRestore();
    }
    expect(printed).toHaveLength(3);
    expect(printed[2]).toMatch(/^scale paper: \d+ worker threads; measured on .*: [\d.]+ GFLOP\/s per thread \+ [\d.]+ ms per step/);
    expect(printed[2]).toMatch(/\ntotal \(shared runs once\) +\d+/);
  }, 60_000);
});
