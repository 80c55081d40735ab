/**
 * The P1 initialization figures as data (src/experiments/p1-init/figure-*.ts): every point of grid('smoke') and
 * grid('quick') builds exactly the network the old notebook code built (same spec, same seed, same run settings, in
 * the same order), so moving the grids out of the notebooks keeps the science still. The old mappings (the notebooks'
 * tl.byScale cells and the old run functions' config → network code) are written out here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/sweep/grid';
import type { Spec } from '../../src/spec/types';
import type { Settings } from '../../src/sweep/spec-grid';
import type { PaperFigure } from '../../src/experiments/figure';
import { p1InitSpec, type P1InitVariant } from '../../src/experiments/p1-init/common';
import { p1Figure3a } from '../../src/experiments/p1-init/figure-3a';
import { p1Figure3b } from '../../src/experiments/p1-init/figure-3b';
import { p1Figure3c } from '../../src/experiments/p1-init/figure-3c';
import { figures } from '../../src/figures/registry';

type Scale = 'smoke' | 'quick';
interface OldRun {
  spec: Spec;
  seed: number;
  settings: Settings;
}

/** The new grid's points against the old runs, in order: spec deep-equal, seed and settings equal. */
function expectSameRuns(figure: PaperFigure, scale: Scale, old: OldRun[]): void {
  const points = figure.grid(scale).expand();
  expect(points.length, `${figure.id} ${scale}: number of runs`).toBe(old.length);
  points.forEach((p, i) => {
    expect(p.spec, `${figure.id} ${scale} point ${i}`).toEqual(old[i].spec);
    expect(p.seed).toBe(old[i].seed);
    expect(p.settings).toEqual(old[i].settings);
  });
}

describe('P1 init figures: the grids build the networks the old code built', () => {
  it('P1-3a: variant × H (fitted and reference) × seeds, N = 4, L = 4, 8 Gaussian inputs of seed 12345', () => {
    const old = {
      smoke: { heads: [2, 4, 8], seeds: 6, referenceHeads: 32, referenceSeeds: 4 },
      quick: { heads: [4, 8, 16, 32, 64], seeds: 64, referenceHeads: 256, referenceSeeds: 32 },
    };
    for (const scale of ['smoke', 'quick'] as const) {
      const cfg = old[scale];
      const configs = expandGrid({
        axes: { variant: ['vit', 'noLn'], heads: [...cfg.heads, cfg.referenceHeads] },
        fixed: { headDim: 4, depth: 4, inputs: 8, inputSeed: 12345 },
        seeds: Math.max(cfg.seeds, cfg.referenceSeeds),
        filter: (c) => (c.heads === cfg.referenceHeads ? (c.seed as number) < cfg.referenceSeeds : (c.seed as number) < cfg.seeds),
      });
      // old p1InitialKernelsRun: buildP1InitNetwork({variant, headDim, heads, depth, attentionExponent ?? 1}, seed) on
      // gaussianPatchInputs(inputs ?? 8, inputSeed ?? 12345)
      expectSameRuns(p1Figure3a, scale, configs.map((c) => ({
        spec: p1InitSpec({ variant: c.variant as P1InitVariant, headDim: c.headDim as number, heads: c.heads as number, depth: c.depth as number, attentionExponent: 1 }),
        seed: c.seed as number,
        settings: { inputs: c.inputs, inputSeed: c.inputSeed },
      })));
    }
  });

  it('P1-3b: variant × N × H × α_A = ½ at L = 4, more seeds at the largest H, pair (4, 4) of one image of seed 777', () => {
    const old = {
      smoke: { headDims: [4, 16], heads: [2, 4, 8], seeds: 2, seedsAtLargest: 4 },
      quick: { headDims: [4, 16], heads: [8, 32, 128], seeds: 16, seedsAtLargest: 32 },
    };
    for (const scale of ['smoke', 'quick'] as const) {
      const cfg = old[scale];
      const largest = cfg.heads[cfg.heads.length - 1];
      const configs = expandGrid({
        axes: { variant: ['vit', 'noLn'], headDim: cfg.headDims, heads: cfg.heads, attentionExponent: [0.5] },
        fixed: { depth: 4 },
        seeds: cfg.seedsAtLargest,
        filter: (c) => c.heads === largest || (c.seed as number) < cfg.seeds,
      });
      // old p1InitialLogitsRun: buildP1InitNetwork({variant, headDim, heads, depth, attentionExponent}, seed) on
      // gaussianPatchInputs(1, inputSeed ?? 777), token pair (query ?? 4, key ?? 4)
      expectSameRuns(p1Figure3b, scale, configs.map((c) => ({
        spec: p1InitSpec({ variant: c.variant as P1InitVariant, headDim: c.headDim as number, heads: c.heads as number, depth: c.depth as number, attentionExponent: c.attentionExponent as number }),
        seed: c.seed as number,
        settings: { inputSeed: 777, query: 4, key: 4 },
      })));
    }
  });

  it('P1-3c/V-A0: LN ViT N × α_A ∈ {1, ½} at H, L per scale, pair (4, 4) of one image of seed 777; the law table as before', () => {
    const old = {
      smoke: { draws: 10000, net: { headDims: [4, 16], heads: 8, depth: 2, seeds: 2 } },
      quick: { draws: 100000, net: { headDims: [4, 16], heads: 32, depth: 4, seeds: 16 } },
    };
    for (const scale of ['smoke', 'quick'] as const) {
      const { net, draws } = old[scale];
      const configs = expandGrid({
        axes: { variant: ['vit'], headDim: net.headDims, heads: [net.heads], attentionExponent: [1, 0.5] }, fixed: { depth: net.depth }, seeds: net.seeds,
      });
      expectSameRuns(p1Figure3c, scale, configs.map((c) => ({
        spec: p1InitSpec({ variant: c.variant as P1InitVariant, headDim: c.headDim as number, heads: c.heads as number, depth: c.depth as number, attentionExponent: c.attentionExponent as number }),
        seed: c.seed as number,
        settings: { inputSeed: 777, query: 4, key: 4 },
      })));
      // old notebook: attentionLogitLawTable([1, 2, 4, 8, 16, 64], [1, 0.5], draws, 31), histograms of 20000 sums, Fourier at N = 2, 4, 8
      expect(p1Figure3c.grid(scale).analysis).toEqual({ lawHeadDims: [1, 2, 4, 8, 16, 64], draws, lawSeed: 31, histogramDraws: 20000, fourierHeadDims: [2, 4, 8] });
    }
    expect(p1Figure3c.rows).toEqual(['P1-3c', 'V-A0']);
  });

  it('the registry holds the family under its row ids, every grid valid at every scale', () => {
    for (const id of ['P1-3a', 'P1-3b', 'P1-3c']) {
      const figure = figures[id];
      expect(figure.rows).toContain(id);
      for (const scale of ['smoke', 'quick', 'paper'] as const) expect(figure.grid(scale).size).toBeGreaterThan(0);
    }
  });
});

describe('P1 init figures: the one-cell extensions the notebooks show', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'tl-p1-init-'));

  it('P1-3b: the LN ViT alone at α_A = 1 and N = 8', async () => {
    const fig = figures['P1-3b'];
    const grid = fig.grid('smoke').with({ architecture: 'vit', attentionExponent: 1, headDim: 8 });
    expect(grid.expand().every((p) => p.spec.architecture === 'vit' && p.spec.attentionExponent === 1 && p.spec.headDim === 8)).toBe(true);
    const out = await fig.run({ scale: 'smoke', grid, cacheDir, progress: false, workers: 1 });
    expect(out.claims.map((c) => c.claim)).toEqual([2, 4, 8].map((h) => `LN ViT: KS(samples over heads·blocks·seeds, exact law), N = 8, H = ${h}`));
    expect(out.plots.map((p) => p.name)).toEqual(['density-over-heads']);
  }, 120_000);

  it('P1-3c: a third exponent α_A = ¾ for the law and the network', async () => {
    const fig = figures['P1-3c'];
    // the notebook's example, with the law's table cut to two N to keep the test short
    const grid = fig.grid('smoke').axis('attentionExponent', [1, 0.75, 0.5]).with({ lawHeadDims: [4, 16] });
    const out = await fig.run({ scale: 'smoke', grid, cacheDir, progress: false, workers: 1 });
    expect(out.plots.map((p) => p.name)).toEqual(['density-alpha-1', 'density-alpha-0.75', 'density-alpha-half', 'variance-vs-N', 'tv-vs-N', 'network-samples']);
    const claims = out.claims.map((c) => c.claim);
    expect(claims).toContain('KS(LN ViT samples, exact law), N = 16, α_A = 0.75');
    expect(claims).toContain('sample variance / (N^{1−2α_A}/4), N = 16, α_A = 0.75');
    expect(out.claims.filter((c) => c.figure === 'V-A0').length).toBe(3 + 2 * 3);
  }, 120_000);
});
