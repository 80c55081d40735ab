/**
 * Seeded batch orders: epoch e visits the examples in the seededPermutation drawn by streamRandom(seed, e)
 * (Fisher–Yates), cut into ⌊count / batchSize⌋ batches (the remainder of an epoch is dropped, so every batch has
 * batchSize examples). Random access by step: batch(step) is the same list whatever was asked before.
 */
import { Random } from '../base/random';
import { streamRandom } from './streams';

/** A uniformly random seededPermutation of 0 … count−1 (Fisher–Yates driven by rng). */
export function seededPermutation(count: number, rng: Random): Int32Array {
  const p = new Int32Array(count);
  for (let i = 0; i < count; i++) p[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

export class BatchOrder {
  readonly batchesPerEpoch: number;
  private epoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(
    readonly count: number,
    readonly batchSize: number,
    readonly seed: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
    if (!Number.isInteger(count) || count < batchSize) throw new Error(`count: ${count} examples cannot fill a batch of ${batchSize}`);
    if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
    this.batchesPerEpoch = Math.floor(count / batchSize);
  }

  /** The example indices of batch `step` (0-based, across epochs). */
  batch(step: number): Int32Array {
    if (!Number.isInteger(step) || step < 0) throw new Error(`step: expected a non-negative integer, got ${step}`);
    const epoch = Math.floor(step / this.batchesPerEpoch);
    if (epoch !== this.epoch) {
      this.order = seededPermutation(this.count, streamRandom(this.seed, epoch));
      this.epoch = epoch;
    }
    const start = (step - epoch * this.batchesPerEpoch) * this.batchSize;
    return this.order.slice(start, start + this.batchSize);
  }
}

/** Consecutive index ranges [0, b), [b, 2b), … covering 0 … count−1 once (last one shorter): for evaluation. */
export function evaluationBatches(count: number, batchSize: number): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
  const out: Int32Array[] = [];
  for (let s = 0; s < count; s += batchSize) {
    const b = new Int32Array(Math.min(batchSize, count - s));
    for (let i = 0; i < b.length; i++) b[i] = s + i;
    out.push(b);
  }
  return out;
}
