/**
 * Images → transformer inputs: standardisation with the training split's global pixel mean and standard deviation,
 * optional zero-padding (28 → 32), patchification into S = (P/p)² tokens of p² values (patch 7 on 28×28: 16 tokens
 * of 49; pad 32 with patch 4 or 8: 64 tokens of 16 or 16 tokens of 64), and seeded batches (batches.ts).
 */
import { BatchOrder } from './batches';
import { loadFashionMnist, type ImageDataset } from './fashion-mnist';
import { shapeImages } from './shapes';

export interface PixelStatistics {
  /** Mean of x/255 over every pixel of the training images. */
  mean: number;
  /** Standard deviation of x/255 over the same pixels. */
  std: number;
}

/** μ = (1/M) Σ x/255 and σ² = (1/M) Σ (x/255 − μ)² over all M pixels (a 256-bin histogram, exact). */
export function pixelStatistics(data: ImageDataset): PixelStatistics {
  const hist = new Float64Array(256);
  const px = data.images;
  for (let i = 0; i < px.length; i++) hist[px[i]]++;
  let m = 0;
  for (let v = 0; v < 256; v++) m += hist[v] * (v / 255);
  m /= px.length;
  let s = 0;
  for (let v = 0; v < 256; v++) s += hist[v] * (v / 255 - m) ** 2;
  return { mean: m, std: Math.sqrt(s / px.length) };
}

export interface ImageData {
  train: ImageDataset;
  test: ImageDataset;
  /** From the training split; apply to both. */
  statistics: PixelStatistics;
}

/**
 * Train and test splits with the training statistics. source 'fashion-mnist' (default; `dir` to bypass the
 * resolution order) or 'shapes' (procedural, `trainCount`/`testCount`/`seed`, defaults 6000/1000/0).
 */
export function loadImageData(
  options: { source?: 'fashion-mnist' | 'shapes'; dir?: string; trainCount?: number; testCount?: number; seed?: number } = {},
): ImageData {
  const source = options.source ?? 'fashion-mnist';
  let train: ImageDataset;
  let test: ImageDataset;
  if (source === 'fashion-mnist') {
    train = loadFashionMnist('train', { dir: options.dir });
    test = loadFashionMnist('test', { dir: options.dir });
  } else if (source === 'shapes') {
    train = shapeImages('train', options.trainCount ?? 6000, options.seed ?? 0);
    test = shapeImages('test', options.testCount ?? 1000, options.seed ?? 0);
  } else {
    throw new Error(`source: expected 'fashion-mnist' or 'shapes', got ${JSON.stringify(source)}`);
  }
  return { train, test, statistics: pixelStatistics(train) };
}

export interface PatchOptions {
  /** Patch side p (must divide the padded side). Default 7. */
  patch?: number;
  /** Pad the image with zero pixels (centred) to this side before patching, e.g. 32. Default: no padding. */
  pad?: number;
}

/** Tokens S = (P/p)² and features per token D = p² for an image side, padding and patch. */
export function patchGeometry(side: number, options: PatchOptions = {}): { side: number; patch: number; tokens: number; features: number; offset: number } {
  const patch = options.patch ?? 7;
  const padded = options.pad ?? side;
  if (!Number.isInteger(padded) || padded < side) throw new Error(`pad: expected an integer ≥ the image side ${side}, got ${padded}`);
  if (!Number.isInteger(patch) || patch < 1 || padded % patch !== 0) {
    throw new Error(`patch: ${patch} must be a positive divisor of the (padded) side ${padded}`);
  }
  return { side: padded, patch, tokens: (padded / patch) ** 2, features: patch * patch, offset: Math.floor((padded - side) / 2) };
}

/**
 * Standardised patch tokens of the listed examples: out[b, t, f] = (x/255 − μ)/σ for the pixel (row, col) of
 * patch t (row-major over the patch grid), feature f (row-major within the patch); padding pixels are raw 0.
 * Returns a Float32Array of indices.length·S·D values.
 */
export function imagePatches(data: ImageDataset, indices: ArrayLike<number>, statistics: PixelStatistics, options: PatchOptions = {}): Float32Array {
  if (data.rows !== data.cols) throw new Error(`images: expected square images, got ${data.rows}×${data.cols}`);
  const g = patchGeometry(data.rows, options);
  const perSide = g.side / g.patch;
  const out = new Float32Array(indices.length * g.tokens * g.features);
  const scale = 1 / (255 * statistics.std);
  const shift = statistics.mean / statistics.std;
  const size = data.rows;
  for (let b = 0; b < indices.length; b++) {
    const n = indices[b];
    if (!(n >= 0 && n < data.count)) throw new Error(`indices: ${n} is outside 0…${data.count - 1}`);
    const image = n * size * size;
    for (let t = 0; t < g.tokens; t++) {
      const r0 = Math.floor(t / perSide) * g.patch - g.offset;
      const c0 = (t % perSide) * g.patch - g.offset;
      const base = (b * g.tokens + t) * g.features;
      for (let i = 0; i < g.patch; i++) {
        const r = r0 + i;
        for (let j = 0; j < g.patch; j++) {
          const c = c0 + j;
          const v = r >= 0 && r < size && c >= 0 && c < size ? data.images[image + r * size + c] : 0;
          out[base + i * g.patch + j] = v * scale - shift;
        }
      }
    }
  }
  return out;
}

export interface ImageBatch {
  /** batchSize·tokens·features standardised values. */
  inputs: Float32Array;
  /** Class per example. */
  labels: Int32Array;
  batchSize: number;
  tokens: number;
  features: number;
  /** The examples' indices in the split. */
  indices: Int32Array;
}

/** A batch of the listed examples. */
export function imageBatch(data: ImageDataset, indices: Int32Array, statistics: PixelStatistics, options: PatchOptions = {}): ImageBatch {
  const g = patchGeometry(data.rows, options);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) labels[i] = data.labels[indices[i]];
  return { inputs: imagePatches(data, indices, statistics, options), labels, batchSize: indices.length, tokens: g.tokens, features: g.features, indices };
}

/**
 * A seeded training stream: batch(step) draws BatchOrder(count, batchSize, seed).batch(step), so the order is fixed
 * by the seed and independent of what was asked before (resumable at any step).
 */
export function imageBatches(
  data: ImageDataset,
  options: PatchOptions & { batchSize: number; seed: number; statistics: PixelStatistics },
): { batch(step: number): ImageBatch; batchesPerEpoch: number } {
  const order = new BatchOrder(data.count, options.batchSize, options.seed);
  return { batch: (step) => imageBatch(data, order.batch(step), options.statistics, options), batchesPerEpoch: order.batchesPerEpoch };
}
