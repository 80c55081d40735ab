import { describe, expect, it } from 'vitest';
import { gaussianKde, silvermanBandwidth } from '../../src/analysis/kde';
import { Random } from '../../src/base/random';

function integrate(y: ArrayLike<number>, dx: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (i === 0 || i === y.length - 1 ? 0.5 : 1) * y[i] * dx;
  return s;
}

describe('Gaussian KDE', () => {
  it('a single sample gives the normal density with σ = h', () => {
    const p = gaussianKde([0.3], [0.3, 1.3], { bandwidth: 0.5 });
    expect(p[0]).toBeCloseTo(1 / (0.5 * Math.sqrt(2 * Math.PI)), 12);
    expect(p[1]).toBeCloseTo(Math.exp(-2) / (0.5 * Math.sqrt(2 * Math.PI)), 12);
  });

  it('estimates the N(0,1) density from 4000 samples', () => {
    // Silverman's h ≈ 0.17 at M = 4000: smoothing bias at x = 0 is φ(0)(1/√(1+h²) − 1) ≈ −0.006 and the sampling SD
    // of p̂(0) is √(φ(0)/(2√π M h)) ≈ 0.011, so |p̂(0) − φ(0)| < 0.05 holds with > 4 SD of margin.
    const rng = new Random(2);
    const x = new Float64Array(4000);
    rng.fillNormal(x, 1);
    const h = silvermanBandwidth(x);
    expect(h).toBeGreaterThan(0.1);
    expect(h).toBeLessThan(0.25);
    const p = gaussianKde(x, [0]);
    expect(Math.abs(p[0] - 1 / Math.sqrt(2 * Math.PI))).toBeLessThan(0.05);
  });

  it('reflection keeps the mass inside a bounded support', () => {
    // Uniform samples on [−1, 1] (density ½): without reflection each edge leaks ½·h·E[Z⁺] = h/(2√(2π)) ≈ 0.04 of
    // the mass at h = 0.2, so the integral is ≈ 0.92 < 0.95; with reflection the integral over [−1, 1] is 1 up to
    // the trapezoid error ≤ (b − a)·step²/12·max|p''| ≤ 2·0.004²/12·(1/(√(2π)·0.2³)) ≈ 1.3·10⁻⁴ < 10⁻³.
    const rng = new Random(4);
    const x = Float64Array.from({ length: 1000 }, () => 2 * rng.uniform() - 1);
    const grid = Array.from({ length: 501 }, (_, i) => -1 + i * 0.004);
    const reflected = gaussianKde(x, grid, { lower: -1, upper: 1, bandwidth: 0.2 });
    const plain = gaussianKde(x, grid, { bandwidth: 0.2 });
    expect(Math.abs(integrate(reflected, 0.004) - 1)).toBeLessThan(1e-3);
    expect(integrate(plain, 0.004)).toBeLessThan(0.95);
  });

  it('names bad input', () => {
    expect(() => gaussianKde([], [0])).toThrow(/samples/);
    expect(() => gaussianKde([1, NaN], [0])).toThrow(/samples/);
    expect(() => gaussianKde([1, 2], [0], { bandwidth: -1 })).toThrow(/bandwidth/);
    expect(() => silvermanBandwidth([1, 1, 1])).toThrow(/samples/);
  });
});
