import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { encodeIdx, parseIdx } from '../../src/data/idx';
import { fashionMnistDebianDir, fashionMnistMissingError, loadFashionMnist, resolveFashionMnistDir } from '../../src/data/fashion-mnist';
import { imageBatch, imageBatches, imagePatches, loadImageData, patchGeometry, pixelStatistics } from '../../src/data/images';
import { BatchOrder, evaluationBatches } from '../../src/data/batches';
import { shapeImages } from '../../src/data/shapes';

const fixtureDir = join(__dirname, 'fixtures', 'fashion-mnist');

describe('IDX and the Fashion-MNIST loader (fixture: first 20 train / 10 test images of the real set)', () => {
  it('round-trips IDX and names header problems', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const parsed = parseIdx(new Uint8Array(encodeIdx([2, 3], data, false)));
    expect(parsed.shape).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow(/0xd is not supported/);
    expect(() => parseIdx(new Uint8Array(encodeIdx([2, 3], data, false)).subarray(0, 12))).toThrow(/needs 6 bytes/);
  });
  it('loads the splits with their labels', () => {
    const train = loadFashionMnist('train', { dir: fixtureDir });
    const test = loadFashionMnist('test', { dir: fixtureDir });
    expect([train.count, train.rows, train.cols, test.count]).toEqual([20, 28, 28, 10]);
    expect(Array.from(train.labels)).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9, 1, 0, 6, 4]);
    expect(Array.from(test.labels)).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(() => loadFashionMnist('valid' as 'train', { dir: fixtureDir })).toThrow(/split/);
  });
  it('a missing data set names the Debian package and the set-up command', () => {
    expect(() => resolveFashionMnistDir(join(fixtureDir, 'nope'))).toThrow(/lacks/);
    const message = fashionMnistMissingError(['/nowhere']).message;
    expect(message).toContain('dataset-fashion-mnist');
    expect(message).toContain('npm run setup');
    expect(message).toContain('TL_FASHION_MNIST_DIR');
  });
});

describe('standardisation and patches', () => {
  const data = loadImageData({ dir: fixtureDir });
  it('training pixels standardise to mean 0 and variance 1 (exact up to float32 rounding)', () => {
    const all = imagePatches(data.train, Int32Array.from({ length: 20 }, (_, i) => i), data.statistics);
    let m = 0;
    for (const v of all) m += v;
    m /= all.length;
    let s = 0;
    for (const v of all) s += (v - m) ** 2;
    // μ, σ are exact over the same pixels; the only error is float32 storage (relative 6e-8 per value, |z| ≲ 3).
    expect(Math.abs(m)).toBeLessThan(1e-6);
    expect(Math.abs(s / all.length - 1)).toBeLessThan(1e-6);
  });
  it('maps pixels to tokens: patch 7 → 16×49, pad 32 with patch 8 → 16×64 or patch 4 → 64×16', () => {
    expect(patchGeometry(28)).toMatchObject({ tokens: 16, features: 49 });
    expect(patchGeometry(28, { pad: 32, patch: 8 })).toMatchObject({ tokens: 16, features: 64, offset: 2 });
    expect(patchGeometry(28, { pad: 32, patch: 4 })).toMatchObject({ tokens: 64, features: 16 });
    expect(() => patchGeometry(28, { patch: 5 })).toThrow(/patch: 5/);
    const { train, statistics } = data;
    const z = (v: number) => Math.fround(v / (255 * statistics.std) - statistics.mean / statistics.std);
    const b = imageBatch(train, new Int32Array([3, 7]), statistics);
    // example 7 (second in the batch), pixel (row 10, col 20): patch (1, 2) = token 6, feature (3, 6) = 27
    expect(b.inputs[(1 * 16 + 6) * 49 + 3 * 7 + 6]).toBe(z(train.images[7 * 784 + 10 * 28 + 20]));
    expect(Array.from(b.labels)).toEqual([3, 2]);
    const padded = imagePatches(train, [7], statistics, { pad: 32, patch: 8 });
    expect(padded[0]).toBe(z(0)); // corner is padding
    // pixel (10, 20) sits at (12, 22) after padding: patch (1, 2) = token 6, feature (4, 6) = 38
    expect(padded[6 * 64 + 4 * 8 + 6]).toBe(z(train.images[7 * 784 + 10 * 28 + 20]));
  });
  it('batch streams are fixed by the seed, cover each epoch once, and allow random access', () => {
    const order = new BatchOrder(20, 6, 42);
    expect(order.batchesPerEpoch).toBe(3);
    const epoch0 = [0, 1, 2].flatMap((s) => Array.from(order.batch(s)));
    expect(new Set(epoch0).size).toBe(18);
    const again = new BatchOrder(20, 6, 42);
    expect(Array.from(again.batch(4))).toEqual(Array.from(order.batch(4)));
    expect(Array.from(again.batch(1))).toEqual(epoch0.slice(6, 12)); // after visiting epoch 1
    expect(Array.from(new BatchOrder(20, 6, 43).batch(0))).not.toEqual(epoch0.slice(0, 6));
    const stream = imageBatches(data.train, { batchSize: 4, seed: 1, statistics: data.statistics, patch: 7 });
    expect(stream.batch(2).inputs).toEqual(imageBatches(data.train, { batchSize: 4, seed: 1, statistics: data.statistics }).batch(2).inputs);
    expect(evaluationBatches(10, 4).map((b) => b.length)).toEqual([4, 4, 2]);
    expect(() => new BatchOrder(3, 4, 0)).toThrow(/count/);
  });
});

describe('procedural shapes', () => {
  it('are seeded, balanced enough, and their classes are separable by nearest centroids', () => {
    const a = shapeImages('train', 2000, 5);
    expect(Buffer.from(shapeImages('train', 2000, 5).images).equals(Buffer.from(a.images))).toBe(true); // (toEqual on 1.5M bytes is slow)
    expect(Buffer.from(shapeImages('test', 10, 5).images).equals(Buffer.from(a.images.subarray(0, 7840)))).toBe(false);
    const stats = pixelStatistics(a);
    const x = imagePatches(a, Int32Array.from({ length: a.count }, (_, i) => i), stats);
    const centroid = new Float64Array(10 * 784);
    const counts = new Float64Array(10);
    for (let i = 0; i < a.count; i++) {
      counts[a.labels[i]]++;
      for (let j = 0; j < 784; j++) centroid[a.labels[i] * 784 + j] += x[i * 784 + j];
    }
    // label counts ~ Binomial(2000, 0.1): mean 200, sd 13.4; 200 ± 6 sd
    for (const c of counts) expect(Math.abs(c - 200)).toBeLessThan(81);
    for (let c = 0; c < 10; c++) for (let j = 0; j < 784; j++) centroid[c * 784 + j] /= counts[c];
    const t = shapeImages('test', 500, 5);
    const xt = imagePatches(t, Int32Array.from({ length: t.count }, (_, i) => i), stats);
    let correct = 0;
    for (let i = 0; i < t.count; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let c = 0; c < 10; c++) {
        let d = 0;
        for (let j = 0; j < 784; j++) d += (xt[i * 784 + j] - centroid[c * 784 + j]) ** 2;
        if (d < bestD) [bestD, best] = [d, c];
      }
      if (best === t.labels[i]) correct++;
    }
    // chance is 10% (50 of 500, sd 6.7); demanding > 150 rules out chance by > 15 sd
    console.log(`shapes: nearest-centroid test accuracy ${correct}/500`);
    expect(correct).toBeGreaterThan(150);
  });
});

const real = existsSync(join(fashionMnistDebianDir, 'train-images-idx3-ubyte.gz'));
describe.skipIf(!real)('real Fashion-MNIST (skipped when Debian dataset-fashion-mnist is not installed)', () => {
  it('has the official 60k/10k split, 6000 per class, and the known pixel statistics', () => {
    const data = loadImageData();
    expect([data.train.count, data.test.count]).toEqual([60000, 10000]);
    const counts = new Array(10).fill(0);
    for (const l of data.train.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    // published values: mean 0.2860, std 0.3530 (4 decimals)
    expect(data.statistics.mean).toBeCloseTo(0.286, 3);
    expect(data.statistics.std).toBeCloseTo(0.353, 3);
  });
});
