/**
 * The run of the sweep tour (notebooks/02-sweeps): a tiny P1 ViT (THEORY.md §2.2, table §2.5) trained for a few
 * steps on Fashion-MNIST (patch 7 → S = 16 tokens of 49 values, 10 classes) at one learning rate η₀ and width
 * n = N·H, returning a plain JSON record. Exported under a fixed name so tl.sweep runs it in worker threads
 * through tourSweepRunReference. Every run reads the same data order (dataSeed); the seed changes the weights only.
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../backend';
import { imageBatch, imageBatches, loadImageData, type ImageData } from '../data/images';
import { buildVit } from '../models/builders';
import { preset } from '../spec/presets';
import { parameterCount } from '../spec/resolve';
import type { PresetName } from '../spec/types';
import { train } from '../train/loop';

/** One grid point (plain JSON: the sweep config and part of the cache key). */
export interface TourSweepConfig {
  /** Width n = N·H; must be a multiple of headDim. */
  width: number;
  /** Base learning rate η₀ (the table turns it into per-weight rates, e.g. η = η₀γ₀²n for P1 SGD). */
  learningRate: number;
  seed: number;
  /** Optimizer updates T and batch size B. */
  steps: number;
  batchSize: number;
  /** N (default 8) and L (default 2). */
  headDim?: number;
  depth?: number;
  /** Parameterization preset (default 'p1'); optimizer: momentum 0.9, the presets' default for the ViT. */
  preset?: PresetName;
  /** Held-out test images used for the test loss and accuracy (the first evalCount of the test split; default 512). */
  evalCount?: number;
  /** Seed of the one training-data order shared by all runs (default 0). */
  dataSeed?: number;
}

export interface TourSweepResult {
  status: 'ok' | 'diverged';
  /** Final training loss: mean of the last ⌈T/10⌉ logged losses (NaN when diverged). */
  loss: number;
  /** Training loss before every update. */
  losses: number[];
  /** Cross-entropy and accuracy on the held-out test images after training (NaN when diverged). */
  testLoss: number;
  testAccuracy: number;
  heads: number;
  parameters: number;
  msPerStep: number;
  backend: string | null;
  data: string;
}

const classes = 10;
let backendReady: Promise<unknown> | null = null;
let dataCache: ImageData | null = null;

function checkTourConfig(c: TourSweepConfig): { headDim: number; heads: number; depth: number } {
  const headDim = c.headDim ?? 8;
  const depth = c.depth ?? 2;
  for (const [field, v] of [['width', c.width], ['headDim', headDim], ['depth', depth], ['steps', c.steps], ['batchSize', c.batchSize]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${field}: expected a positive integer, got ${String(v)}`);
  }
  if (c.width % headDim !== 0) throw new Error(`width: expected a multiple of headDim = ${headDim}, got ${c.width}`);
  if (!(c.learningRate > 0) || !Number.isFinite(c.learningRate)) throw new Error(`learningRate: expected a finite η₀ > 0, got ${String(c.learningRate)}`);
  if (!Number.isFinite(c.seed)) throw new Error(`seed: expected a finite number, got ${String(c.seed)}`);
  return { headDim, heads: c.width / headDim, depth };
}

/** ℒ_final = (1/k) Σ_{t > T−k} ℒ_t with k = ⌈T/10⌉ (FIGURES.md "Statistics"). */
function lastTenthMean(losses: readonly number[]): number {
  const k = Math.max(1, Math.ceil(losses.length / 10));
  let s = 0;
  for (let i = losses.length - k; i < losses.length; i++) s += losses[i];
  return s / k;
}

/**
 * Trains the ViT of `config` (P1 table by default, momentum 0.9) for T steps on Fashion-MNIST and evaluates the
 * cross-entropy ℒ = −(1/M) Σ log softmax(z)_{y} and the accuracy on M held-out test images. A training loss above
 * 2 ln C (C = 10) or non-finite marks the run diverged (loss NaN), as in FIGURES.md "Training runs".
 */
export async function tourSweepRun(config: TourSweepConfig): Promise<TourSweepResult> {
  const { headDim, heads, depth } = checkTourConfig(config);
  backendReady ??= activeBackend() === null ? initBackend() : Promise.resolve();
  await backendReady;
  dataCache ??= loadImageData({ source: 'fashion-mnist' });
  const data = dataCache;
  const spec = preset(config.preset ?? 'p1', {
    architecture: 'vit', headDim, heads, depth, tokens: 16, inputDim: 49, outputDim: classes,
    optimizer: { kind: 'momentum', learningRate: config.learningRate, momentum: 0.9 },
  });
  const stream = imageBatches(data.train, { batchSize: config.batchSize, seed: config.dataSeed ?? 0, statistics: data.statistics });
  const batches = (step: number) => {
    const b = stream.batch(step);
    return { inputs: tf.tensor3d(b.inputs, [b.batchSize, b.tokens, b.features]), targets: tf.tensor1d(b.labels, 'int32') };
  };
  const evalCount = config.evalCount ?? 512;
  const held = imageBatch(data.test, Int32Array.from({ length: evalCount }, (_, i) => i), data.statistics);
  const model = buildVit(spec, config.seed);
  try {
    const t0 = process.hrtime.bigint();
    const record = train(model, batches, { steps: config.steps, divergenceThreshold: 2 * Math.log(classes) });
    const msPerStep = Number(process.hrtime.bigint() - t0) / 1e6 / Math.max(1, record.losses.length);
    const diverged = record.status === 'diverged';
    let testLoss = NaN;
    let testAccuracy = NaN;
    if (!diverged) {
      [testLoss, testAccuracy] = tf.tidy(() => {
        const inputs = tf.tensor3d(held.inputs, [evalCount, held.tokens, held.features]);
        const targets = tf.tensor1d(held.labels, 'int32');
        const loss = model.loss(inputs, targets).dataSync()[0];
        const hits = tf.equal(tf.argMax(model.forward(inputs).output, -1), targets).cast('float32').mean().dataSync()[0];
        return [loss, hits];
      });
    }
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : lastTenthMean(record.losses),
      losses: record.losses,
      testLoss,
      testAccuracy,
      heads,
      parameters: parameterCount(spec),
      msPerStep,
      backend: record.backend,
      data: data.train.name,
    };
  } finally {
    model.dispose();
  }
}

/** The sweep run reference of tourSweepRun (built JS in dist/, or the .ts source through tsx). */
export const tourSweepRunReference = { module: __filename, name: 'tourSweepRun', version: '1' };
