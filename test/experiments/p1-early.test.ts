/**
 * P1-4 as data (src/experiments/p1-scaled/figure-4.ts): every point of grid('smoke') and grid('quick') trains exactly
 * the network the old code trained (the old p1EarlySettings → p1EarlyGrid → p1EarlyRun mapping, written out here), a
 * short run returns z at its checkpoints, and the notebook's one-cell extension runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { expandGrid } from '../../src/sweep/grid';
import { pointConfig } from '../../src/sweep/spec-run';
import { p1ScaledSpec } from '../../src/experiments/p1-scaled/common';
import { p1Early, type P1EarlyRunResult } from '../../src/experiments/p1-scaled/early';
import { p1Figure4 } from '../../src/experiments/p1-scaled/figure-4';
import { figures } from '../../src/figures/registry';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('P1-4: the grid trains the networks the old code trained', () => {
  it('every smoke and quick point: spec = p1ScaledSpec(old config), same seed, batch, steps, checkpoints, probes, data order', () => {
    // the old p1EarlySettings(scale) and p1EarlyGrid(settings)
    const constants = { headDim: 4, depth: 2, learningRate: 1, richness: 0.2, branchScale: 4, probeCount: 64 };
    const old = {
      smoke: { ...constants, heads: [4, 8], largerHeads: [8, 12], referenceHeads: 16, batchSize: 8, steps: 20, checkpoints: [5, 10, 20], seeds: 2 },
      quick: { ...constants, heads: [4, 8, 16], largerHeads: [8, 16, 32], referenceHeads: 64, batchSize: 8, steps: 200, checkpoints: [50, 100, 200], seeds: 4 },
    };
    for (const scale of ['smoke', 'quick'] as const) {
      const { heads, largerHeads, referenceHeads, seeds, ...fixed } = old[scale];
      const configs = expandGrid({ axes: { heads: [...new Set([...heads, ...largerHeads, referenceHeads])].sort((a, b) => a - b) }, fixed, seeds });
      const grid = p1Figure4.grid(scale);
      const points = grid.expand();
      expect(points.length).toBe(configs.length);
      points.forEach((p, i) => {
        const c = configs[i];
        // old p1EarlyRun: buildVit(p1ScaledSpec(config), seed), scaledProbeBatch(probeCount ?? 64), scaledBatchSource(batchSize, dataSeed ?? 0)
        expect(p.spec).toEqual(p1ScaledSpec(c as never));
        expect(p.seed).toBe(c.seed);
        expect(p.settings).toEqual({ batchSize: c.batchSize, steps: c.steps, checkpoints: c.checkpoints, probeCount: c.probeCount, dataSeed: 0 });
      });
      expect(grid.analysis).toEqual({ fittedHeads: heads, largerHeads, referenceHeads });
    }
  });

  it('a short P1-4 run returns z at the checkpoints; bad checkpoints are refused', async () => {
    const spec = p1ScaledSpec({ headDim: 2, heads: 2, depth: 1, learningRate: 1, richness: 0.2 });
    const call = (settings: Record<string, unknown>) =>
      Promise.resolve(p1Early(pointConfig({ spec, table: null as never, seed: 0, settings, values: { seed: 0 } }), { scale: 'test', key: 'test', index: 0 })) as Promise<P1EarlyRunResult>;
    const r = await call({ batchSize: 4, steps: 4, checkpoints: [2, 4], probeCount: 5, dataSeed: 0 });
    expect(r.outputs.map((o) => o.step)).toEqual([2, 4]);
    expect(r.outputs[0].z.length).toBe(50);
    expect(r.losses.length).toBe(4);
    await expect(call({ batchSize: 4, steps: 4, checkpoints: [5], probeCount: 5, dataSeed: 0 })).rejects.toThrow(/checkpoints: expected integers in 1…4, got 5/);
  });

  it("the notebook's extension: heads that start random (α_A = ½)", async () => {
    const fig = figures['P1-4'];
    const grid = fig.grid('smoke').with({ attentionExponent: 0.5 });
    expect(grid.expand().every((p) => p.spec.attentionExponent === 0.5)).toBe(true);
    const out = await fig.run({ scale: 'smoke', grid, cacheDir: mkdtempSync(join(tmpdir(), 'tl-p1-4-')), progress: false, workers: 1 });
    expect(out.claims.length).toBe(9);
    expect(out.plots.map((p) => p.name)).toEqual(['loss-by-heads', 'deviation-vs-heads']);
  }, 180_000);
});
