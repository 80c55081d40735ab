/**
 * Shared pieces of the scaled-ViT training figures (FIGURES.md P1-4, P1-6a–d, P1-8, P1-9/10): the P1 ViT spec of a
 * grid point (THEORY.md §2.2, §2.5 fixed-depth preset, momentum 0.9 in the authors' form §2.7), the Fashion-MNIST
 * stream (the offline stand-in for CIFAR-5M: patch 7 → 16 tokens × 49) with one data order shared by every run, the
 * fixed probe images (the first test images), and float64 kernels of the final-LN features (FIGURES.md "Kernels").
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../../backend';
import { imageBatch, imageBatches, loadImageData, type ImageData } from '../../data/images';
import { preset } from '../../spec/presets';
import type { Spec } from '../../spec/types';
import type { TrainingBatch } from '../../train/loop';

/** The model and optimizer fields of one scaled-ViT run (plain JSON: part of a sweep config). */
export interface P1ScaledModelConfig {
  /** N, H, L. */
  headDim: number;
  heads: number;
  depth: number;
  /** α_A (default 1). */
  attentionExponent?: number;
  /** α_L (default 1), β₀ (default 4), γ₀ (default 0.1, P1-6). */
  residualExponent?: number;
  branchScale?: number;
  richness?: number;
  /** η₀ (SGD rule η = η₀γ₀²nL, §2.5). */
  learningRate: number;
  /** Momentum β_m (default 0.9). */
  momentum?: number;
}

export const p1ScaledClasses = 10;
/** The data set actually used, for plot notes and claim details. */
export const p1ScaledDataLabel = 'Fashion-MNIST (in place of CIFAR-5M), patch 7 → 16 tokens × 49';

let backendReady: Promise<unknown> | null = null;
let dataCache: ImageData | null = null;

/** Initializes the tfjs backend once per thread (worker threads start without one). */
export async function ensureScaledBackend(): Promise<void> {
  backendReady ??= activeBackend() === null ? initBackend() : Promise.resolve();
  await backendReady;
}

/** Fashion-MNIST train/test with the training pixel statistics, loaded once per thread. */
export function scaledImageData(): ImageData {
  dataCache ??= loadImageData({ source: 'fashion-mnist' });
  return dataCache;
}

function positiveInteger(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`${field}: expected a positive integer, got ${String(value)}`);
  return value as number;
}

/**
 * The Spec of a grid point: P1 preset, LN ViT on 16 patch tokens of 49 features (28×28, patch 7), 10 classes,
 * fixed-depth reference convention (b_L = β₀/L, η = η₀γ₀²nL, positional table on), SGD with momentum.
 */
export function p1ScaledSpec(config: P1ScaledModelConfig): Spec {
  const headDim = positiveInteger(config.headDim, 'headDim');
  const heads = positiveInteger(config.heads, 'heads');
  const depth = positiveInteger(config.depth, 'depth');
  if (!(config.learningRate > 0)) throw new Error(`learningRate: expected η₀ > 0, got ${String(config.learningRate)}`);
  return preset('p1', {
    architecture: 'vit',
    headDim,
    heads,
    depth,
    tokens: 16,
    inputDim: 49,
    outputDim: p1ScaledClasses,
    image: { side: 28, channels: 1, patch: 7 },
    attentionExponent: config.attentionExponent ?? 1,
    residualExponent: config.residualExponent ?? 1,
    branchScale: config.branchScale ?? 4,
    richness: config.richness ?? 0.1,
    referenceConvention: 'fixedDepth',
    optimizer: { kind: 'momentum', learningRate: config.learningRate, momentum: config.momentum ?? 0.9 },
  });
}

/** The training batch of 0-based step t of the stream with data order `dataSeed` (the same for every run). */
export function scaledBatchSource(data: ImageData, batchSize: number, dataSeed: number): (step: number) => TrainingBatch {
  const stream = imageBatches(data.train, { batchSize: positiveInteger(batchSize, 'batchSize'), seed: dataSeed, statistics: data.statistics });
  return (step: number) => {
    const b = stream.batch(step);
    return { inputs: tf.tensor3d(b.inputs, [b.batchSize, b.tokens, b.features]), targets: tf.tensor1d(b.labels, 'int32') };
  };
}

/** The first `count` test images as a fixed probe batch [count, 16, 49] with labels (caller disposes). */
export function scaledProbeBatch(data: ImageData, count: number): { inputs: tf.Tensor3D; targets: tf.Tensor1D } {
  const n = positiveInteger(count, 'probeCount');
  const b = imageBatch(data.test, Int32Array.from({ length: n }, (_, i) => i), data.statistics);
  return { inputs: tf.tensor3d(b.inputs, [n, b.tokens, b.features]), targets: tf.tensor1d(b.labels, 'int32') };
}

/**
 * Fixed LayerNorm per token over the last axis (THEORY.md §2.1), LN(z) = (z − z̄)/√(var z + 10⁻⁶), in float64 on a
 * stream [B, S, n] stored row-major; returns a new array.
 */
export function layerNormTokens(values: Float64Array, width: number): Float64Array {
  if (!Number.isInteger(width) || width < 1 || values.length % width !== 0) {
    throw new Error(`width: expected a positive divisor of ${values.length}, got ${width}`);
  }
  const out = new Float64Array(values.length);
  for (let base = 0; base < values.length; base += width) {
    let m = 0;
    for (let i = 0; i < width; i++) m += values[base + i];
    m /= width;
    let v = 0;
    for (let i = 0; i < width; i++) v += (values[base + i] - m) ** 2;
    const r = 1 / Math.sqrt(v / width + 1e-6);
    for (let i = 0; i < width; i++) out[base + i] = (values[base + i] - m) * r;
  }
  return out;
}

/** x rounded to `digits` significant digits (keeps cached JSON small; 6 digits ≫ every statistic's precision). */
export function roundSignificant(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}

/** A Float64Array as a plain rounded number[]. */
export function roundedNumbers(values: ArrayLike<number>, digits = 6): number[] {
  return Array.from(values, (x) => roundSignificant(x, digits));
}

/** Final loss: mean of the last ⌈10 %⌉ of the logged losses (FIGURES.md "Statistics"). */
export function lastTenPercentMean(losses: readonly number[]): number {
  if (losses.length === 0) return NaN;
  const k = Math.max(1, Math.ceil(losses.length / 10));
  let s = 0;
  for (let i = losses.length - k; i < losses.length; i++) s += losses[i];
  return s / k;
}
