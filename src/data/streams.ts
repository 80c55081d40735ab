/**
 * Random access to seeded streams: streamRandom(seed, i, j, …) is a generator that depends only on its arguments
 * (not on call order), so batch `step` of a data stream can be drawn alone, in any order, after a resume.
 * (Random.fork consumes its parent's state and keeps only index mod 4096, so it cannot serve here.)
 * Mixing: murmur3's 32-bit finaliser applied to the running hash of the seed's bits and each index.
 */
import { Random } from '../base/random';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function numberBits(x: number): [number, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return [view.getUint32(0), view.getUint32(4)];
}

/** A 31-bit integer hash of (seed, indices…), for `new Random(...)`. */
export function streamSeed(seed: number, ...indices: number[]): number {
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
  let h = 0x2545f491;
  for (const x of [seed, ...indices]) {
    if (!Number.isFinite(x)) throw new Error(`stream index: expected a finite number, got ${x}`);
    const [hi, lo] = numberBits(x);
    h = fmix32(h ^ fmix32(hi + 0x9e3779b9));
    h = fmix32(h ^ fmix32(lo + 0x7f4a7c15));
  }
  return h & 0x7fffffff;
}

/** The generator of sub-stream (seed, indices…). */
export function streamRandom(seed: number, ...indices: number[]): Random {
  return new Random(streamSeed(seed, ...indices));
}
