/**
 * The P2 figures as spec grids run exactly the networks the old notebooks ran (issue 12: the refactor keeps the science
 * still). For every point of grid('smoke') and grid('quick'), the old notebook's config (written out below, as the
 * notebooks had it) is mapped through the old run code's options; the chain or SDE it called is run next to the new
 * point's call with a few samples and their trajectories must agree bit for bit. The one deliberate difference: the
 * SDE reads γ from the spec, so γ² = b_L² — for γ² = 1/8 that is 1/8 + 1 ulp (Math.sqrt(1/8)² rounds up); there the
 * old options fed that γ² are bit-identical, and γ² is checked to be within one ulp of the old 1/8. Exact equality is
 * the point: no tolerance, so no sample-size derivation applies.
 */
import { describe, expect, it } from 'vitest';
import type { Scale } from '../../../src/notebook/scale';
import { simulateCovarianceChain, type CovarianceChainOptions } from '../../../src/theory/covariance-chain';
import { simulateCovarianceSde, type CovarianceSdeOptions } from '../../../src/theory/covariance-sde';
import { tableOf } from '../../../src/theory/table-input';
import type { GridPoint } from '../../../src/sweep/spec-grid';
import { correlationLawCall, type CorrelationLawSettings } from '../../../src/experiments/p2/correlation-law';
import { correlationDepthCall, type CorrelationDepthSettings } from '../../../src/experiments/p2/fig1-left';
import { p2Figure1lGrid } from '../../../src/experiments/p2/figure-1l';
import { p2Figure1rGrid } from '../../../src/experiments/p2/figure-1r';
import { p2FigureConvGrid } from '../../../src/experiments/p2/figure-conv';
import { p2FigureAblGrid } from '../../../src/experiments/p2/figure-abl';
import { p2FigureTrainGrid } from '../../../src/experiments/p2/figure-train';
import { shapedTrainingCorpus } from '../../../src/experiments/p2/training';
import { preset } from '../../../src/spec/presets';
import type { Spec } from '../../../src/spec/types';

const scales: Scale[] = ['smoke', 'quick'];
const few = 3;

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return Buffer.from(Float64Array.from(a).buffer).equals(Buffer.from(Float64Array.from(b).buffer));
}

type Call = { source: 'chain'; options: CovarianceChainOptions } | { source: 'sde'; options: CovarianceSdeOptions };

/** Runs the old and the new call with `few` samples; trajectories must be bit-identical (the SDE fed the spec's γ²). */
function expectSameRun(old: Call, now: Call, where: string): void {
  expect(now.source, where).toBe(old.source);
  expect(now.options.samples, where).toBe(old.options.samples);
  expect(now.options.seed, where).toBe(old.options.seed);
  if (old.source === 'chain' && now.source === 'chain') {
    const a = simulateCovarianceChain({ ...old.options, samples: few });
    const b = simulateCovarianceChain({ ...now.options, samples: few });
    expect(sameBits(a.layers, b.layers), where).toBe(true);
    expect(sameBits(a.covariances, b.covariances), where).toBe(true);
    return;
  }
  const table = tableOf('spec', now.options.spec);
  const g2 = table.branchMultiplier * table.branchMultiplier;
  // one ulp of γ² ∈ [1/16, 1/4] is at most 2⁻⁵⁴ (the ulp of 1/4 is ε/4 = 2⁻⁵⁴, ε = 2⁻⁵²)
  expect(Math.abs(g2 - (old.options.branchWeightSquared as number)), where).toBeLessThanOrEqual(Number.EPSILON / 4);
  const a = simulateCovarianceSde({ ...old.options, branchWeightSquared: g2, samples: few });
  const b = simulateCovarianceSde({ ...now.options, samples: few });
  expect(sameBits(a.times, b.times), where).toBe(true);
  expect(sameBits(a.covariances, b.covariances), where).toBe(true);
}

/** The old correlationLawSamples' options for an old notebook config (P2-1R, P2-conv, P2-abl). */
function oldLawCall(c: { source: string; horizon: number; width: number | null; stepSize: number; samples: number; seed: number; branchWeightSquared: number; temperature: number }): Call {
  const shaped = { branchWeightSquared: c.branchWeightSquared, temperature: c.temperature };
  const seed = 2 * c.seed + (c.source === 'sde' ? 1 : 0);
  if (c.source === 'sde') return { source: 'sde', options: { ...shaped, model: 'attention', horizon: c.horizon, stepSize: c.stepSize, samples: c.samples, seed } };
  const depth = Math.round(c.horizon * c.width!);
  const stride = Math.max(1, Math.ceil(depth / 16));
  const recordLayers: number[] = [];
  for (let l = stride; l < depth; l += stride) recordLayers.push(l);
  recordLayers.push(depth);
  return { source: 'chain', options: { ...shaped, attention: 'shaped', mlp: false, width: c.width!, depth, samples: c.samples, seed, recordLayers } };
}

const lawCall = (p: GridPoint) => correlationLawCall(p.table, p.settings as unknown as CorrelationLawSettings, p.seed);

describe('P2 figure grids run the old notebooks’ networks', () => {
  it('P2-1L: every curve at smoke and quick (the old correlationDepthRun options)', () => {
    for (const scale of scales) {
      const samples = { smoke: 64, quick: 2048 }[scale as 'smoke' | 'quick'];
      const points = p2Figure1lGrid(scale).expand();
      expect(points.map((p) => p.values.variant)).toEqual(['standard', 'preLn', 'shaped', 'shapedSde']);
      for (const p of points) {
        const old = { variant: p.values.variant as string, width: 200, depth: 150, samples, branchWeightSquared: 1 / 8, temperature: 1, fitFrom: 25, fitTo: 150, seed: 1 };
        const s = p.settings as unknown as CorrelationDepthSettings;
        expect([s.fitFrom, p.spec.depth, s.bootstrap, p.seed]).toEqual([old.fitFrom, old.fitTo, 200, old.seed]);
        const shaped = { branchWeightSquared: old.branchWeightSquared, temperature: old.temperature };
        const seed = 2 * old.seed + (old.variant === 'shapedSde' ? 1 : 0);
        const oldCall: Call = old.variant === 'shapedSde'
          ? { source: 'sde', options: { ...shaped, model: 'attention', horizon: old.depth / old.width, stepSize: 1 / (4 * old.width), recordTimes: Array.from({ length: old.depth + 1 }, (_, l) => l / old.width), samples, seed } }
          : { source: 'chain', options: { ...shaped, width: old.width, depth: old.depth, samples, seed, attention: old.variant === 'shaped' ? 'shaped' : 'standard', normalization: old.variant === 'preLn' ? 'preRms' : 'none' } };
        expectSameRun(oldCall, correlationDepthCall(p.table, s, p.seed), `${scale} ${old.variant}`);
      }
    }
  });

  it('P2-1R: chain and SDE at smoke and quick', () => {
    for (const scale of scales) {
      const samples = { smoke: 256, quick: 8192 }[scale as 'smoke' | 'quick'];
      for (const p of p2Figure1rGrid(scale).expand()) {
        const old = { source: p.values.source as string, horizon: 0.75, width: 200, stepSize: 1 / 800, samples, branchWeightSquared: 1 / 8, temperature: 1, seed: 1 };
        expectSameRun(oldLawCall(old), lawCall(p), `${scale} ${old.source}`);
      }
    }
  });

  it('P2-conv: the SDE and every width at smoke and quick', () => {
    for (const scale of scales) {
      const samples = { smoke: 256, quick: 8192 }[scale as 'smoke' | 'quick'];
      const widths = { smoke: [8, 16, 32, 64], quick: [8, 16, 32, 64, 128] }[scale as 'smoke' | 'quick'];
      const points = p2FigureConvGrid(scale).expand();
      const olds = [{ source: 'sde', width: null, samples: 4 * samples }, ...widths.map((w) => ({ source: 'chain', width: w as number | null, samples }))];
      expect(points).toHaveLength(olds.length);
      points.forEach((p, i) => {
        const old = { ...olds[i], horizon: 1, stepSize: 1 / 1000, branchWeightSquared: 1 / 4, temperature: 1, seed: 1 };
        expectSameRun(oldLawCall(old), lawCall(p), `${scale} ${old.source} ${old.width}`);
      });
    }
  });

  it('P2-abl: the six (γ², τ₀) settings × {chain, sde} at smoke and quick', () => {
    const settings = [[1 / 16, 1], [1 / 8, 1], [1 / 4, 1], [1 / 8, 0.25], [1 / 8, 0.5], [1 / 8, 2]];
    for (const scale of scales) {
      const samples = { smoke: 256, quick: 4096 }[scale as 'smoke' | 'quick'];
      const points = p2FigureAblGrid(scale).expand();
      expect(points).toHaveLength(12);
      for (const [g2, t] of settings) {
        for (const source of ['chain', 'sde']) {
          const p = points.find((q) => q.spec.branchScale === Math.sqrt(g2) && q.spec.temperature === t && q.values.source === source)!;
          const old = { source, horizon: 0.75, width: 64, stepSize: 1 / 400, samples, branchWeightSquared: g2, temperature: t, seed: 1 };
          expectSameRun(oldLawCall(old), lawCall(p), `${scale} γ² = ${g2}, τ₀ = ${t}, ${source}`);
        }
      }
    }
  });

  it('P2-train: every point’s spec deep-equals the old shapedLanguageModelSpec, settings as the old config', () => {
    /** The old code path (src/experiments/p2-training.ts before issue 12), with its defaults. */
    const oldSpec = (config: { variant: 'shaped' | 'preLn'; headDim: number; heads: number; depth: number; context: number; learningRate?: number; warmupSteps?: number; branchWeightSquared?: number; temperature?: number }, vocabulary: number): Spec =>
      preset('shaped', {
        architecture: config.variant, headDim: config.headDim, heads: config.heads, depth: config.depth, tokens: config.context, inputDim: vocabulary, outputDim: vocabulary,
        input: 'tokens', causal: true, centred: false, branchScale: Math.sqrt(config.branchWeightSquared ?? 1 / 8), temperature: config.temperature ?? 1,
        mlpActivation: config.variant === 'shaped' ? 'shapedRelu' : 'relu',
        optimizer: { kind: 'adamw', learningRate: config.learningRate ?? 1e-3, warmupSteps: config.warmupSteps ?? 50, epsilon: 1e-8, weightDecay: 0 },
      });
    const vocabulary = shapedTrainingCorpus({ sotuDir: null, heldOutEvery: null }).tokenizer.vocabSize;
    for (const scale of scales) {
      const old = {
        headDim: 8, heads: 4, depth: 8, context: 32, batchSize: 16, learningRate: 1e-3, warmupSteps: 50, branchWeightSquared: 1 / 8, temperature: 1,
        steps: { smoke: 20, quick: 600 }[scale as 'smoke' | 'quick'], evalEvery: { smoke: 10, quick: 100 }[scale as 'smoke' | 'quick'], evalWindows: { smoke: 16, quick: 128 }[scale as 'smoke' | 'quick'],
      };
      const seeds = { smoke: [0], quick: [0, 1] }[scale as 'smoke' | 'quick'];
      const points = p2FigureTrainGrid(scale).expand();
      expect(points.map((p) => [p.spec.architecture, p.seed])).toEqual((['shaped', 'preLn'] as const).flatMap((v) => seeds.map((s) => [v, s])));
      for (const p of points) {
        expect(p.spec).toEqual(oldSpec({ ...old, variant: p.spec.architecture as 'shaped' | 'preLn' }, vocabulary));
        expect(p.settings).toEqual({ steps: old.steps, batchSize: old.batchSize, evalEvery: old.evalEvery, evalWindows: old.evalWindows, dataSeed: 0, sotuDir: null, heldOutEvery: null });
      }
    }
  });
});
