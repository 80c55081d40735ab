import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random';
import { excessKurtosis, ksOneSample, ksThreshold99, mean, normalCdf, variance } from '../../src/analysis/statistics';

describe('Random ziggurat stream (used by the covariance samplers)', () => {
  it('draws standard normals with the right moments, law and tail mass', () => {
    const r = new Random(11);
    const m = 400_000;
    const x = r.fillZigguratNormal(new Float64Array(m));
    // mean SE 1/√M = 0.0016, variance SE √(2/M) = 0.0022, excess kurtosis SE ≈ √(24/M) = 0.0077; 4 SE each.
    expect(Math.abs(mean(x))).toBeLessThan(4 / Math.sqrt(m));
    expect(Math.abs(variance(x) - 1)).toBeLessThan(4 * Math.sqrt(2 / m));
    expect(Math.abs(excessKurtosis(x))).toBeLessThan(4 * Math.sqrt(24 / m));
    expect(ksOneSample(x, normalCdf)).toBeLessThan(ksThreshold99(m));
    // The tail beyond r = 3.4426 (sampled by a separate algorithm) has mass p = 2Φ(−r) = 5.76e−4: the count is
    // Binomial(M, p), mean 230, SD √(Mp) ≈ 15.2; 4 SD. Beyond 2 (mostly the wedges): p = 0.0455, SD √(Mp(1−p)) = 132.
    const tail = (t: number) => x.reduce((c, v) => c + (Math.abs(v) > t ? 1 : 0), 0);
    for (const t of [3.442619855899, 2]) {
      const p = 2 * normalCdf(-t);
      expect(Math.abs(tail(t) - m * p)).toBeLessThan(4 * Math.sqrt(m * p * (1 - p)));
    }
  });

  it('draws χ²_k with mean k and variance 2k (k = 2, 7.5, 196)', () => {
    const r = new Random(12);
    const m = 100_000;
    for (const k of [2, 7.5, 196]) {
      const x = Float64Array.from({ length: m }, () => r.zigguratChiSquare(k));
      // SE of the mean √(2k/M); of the variance √((12k² + 48k − 4k²)/M) (fourth central moment 12k² + 48k); 4 SE.
      expect(Math.abs(mean(x) - k)).toBeLessThan(4 * Math.sqrt((2 * k) / m));
      expect(Math.abs(variance(x) - 2 * k)).toBeLessThan(4 * Math.sqrt((8 * k * k + 48 * k) / m));
    }
  });

  it('is deterministic from the seed and leaves the polar-method stream untouched', () => {
    const a = new Random(5).fillZigguratNormal(new Float64Array(50));
    expect(Array.from(new Random(5).fillZigguratNormal(new Float64Array(50)))).toEqual(Array.from(a));
    expect(Array.from(new Random(6).fillZigguratNormal(new Float64Array(50)))).not.toEqual(Array.from(a));
    // The polar-method stream (normal, uniform, uint32, chiSquare) is the one every other module uses: pinned to the
    // values it gave before the ziggurat and the int32 core were added (commit ac31a5a).
    const r = new Random(5);
    expect([r.normal(), r.normal(), r.uniform(), r.uint32(), r.chiSquare(7)]).toEqual([
      1.0590466598948707, 0.3847213929372108, 0.47203478027190415, 3408275124, 5.410683819691537,
    ]);
  });
});
