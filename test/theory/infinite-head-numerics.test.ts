/**
 * Building blocks of the infinite-head solver (docs/theory/infinite-head-kernel.md §1–§3): the pivoted Cholesky
 * factor, the Gauss–Hermite rule, the dual GELU/ReLU kernels (against an independent brute-force quadrature and a
 * Monte Carlo of the activation itself), and pooling against the finite-width definition.
 */
import { describe, expect, it } from 'vitest';
import { dualKernel, geluTanhDerivative, geluTanhScalar } from '../../src/theory/infinite-head-gaussian';
import { gaussHermite, layerNormKernel, pivotedCholesky, poolKernel } from '../../src/theory/infinite-head-numerics';
import { Random } from '../../src/base/random';

/** Brute-force E[φ(z)φ(z′)] by the trapezoid rule on a 1601² grid over ±8 SD (independent of the solver's rules). */
function bruteForce(phi: (x: number) => number, a: number, b: number, c: number): number {
  const n = 1601;
  const h = 16 / (n - 1);
  const ra = Math.sqrt(a);
  const beta = c / ra;
  const gamma = Math.sqrt(Math.max(0, b - beta * beta));
  const w = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = -8 + i * h;
    let inner = 0;
    for (let j = 0; j < n; j++) {
      const y = -8 + j * h;
      inner += w(y) * phi(beta * x + gamma * y);
    }
    total += w(x) * phi(ra * x) * inner * h;
  }
  return total * h;
}

describe('infinite-head numerics', () => {
  it('pivoted Cholesky factors a rank-deficient kernel exactly and reveals its rank', () => {
    const random = new Random(1);
    const P = 30;
    const d = 6;
    const x = new Float64Array(P * d);
    random.fillNormal(x);
    const k = new Float64Array(P * P);
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) for (let c = 0; c < d; c++) k[i * P + j] += x[i * d + c] * x[j * d + c];
    const f = pivotedCholesky(k, P);
    expect(f.rank).toBe(d);
    let worst = 0;
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < P; j++) {
        let v = 0;
        for (let c = 0; c < f.rank; c++) v += f.values[i * f.rank + c] * f.values[j * f.rank + c];
        worst = Math.max(worst, Math.abs(v - k[i * P + j]));
      }
    }
    // Round-off of an outer-product Cholesky: O(P·ε·max|K|) ≈ 30·2e-16·30 ≈ 2e-13; 1e-10 leaves room.
    expect(worst).toBeLessThan(1e-10);
    expect(() => pivotedCholesky(new Float64Array(3), 2)).toThrow(/kernel/);
  });

  it('Gauss–Hermite rules integrate Gaussian moments exactly up to degree 2·order − 1', () => {
    for (const order of [8, 24, 150]) {
      const { nodes, weights } = gaussHermite(order);
      let doubleFactorial = 1;
      for (let k = 0; 2 * k < Math.min(2 * order, 40); k++) {
        if (k > 0) doubleFactorial *= 2 * k - 1;
        let m = 0;
        for (let i = 0; i < order; i++) m += weights[i] * nodes[i] ** (2 * k);
        expect(Math.abs(m / doubleFactorial - 1)).toBeLessThan(1e-11);
      }
    }
    expect(() => gaussHermite(151)).toThrow(/quadratureOrder/);
  });

  it('the GELU derivative used for the interpolation table is the derivative of the GELU', () => {
    for (const x of [-3, -1, -0.2, 0, 0.5, 2, 4]) {
      const h = 1e-5;
      const numeric = (geluTanhScalar(x + h) - geluTanhScalar(x - h)) / (2 * h);
      expect(Math.abs(numeric - geluTanhDerivative(x))).toBeLessThan(1e-8); // central difference error O(h²) ≈ 1e-10
    }
  });

  it('dual GELU kernel: table path (equal variances) and series/product path (unequal) agree with brute force', () => {
    // Equal variances 1 (the LayerNorm'd case) and unequal variances up to 5 (the no-LN stream), correlations up to 0.99.
    const cases: [number, number, number][] = [
      [1, 1, 0.3],
      [1, 1, 0.97],
      [1, 1, -0.6],
    ];
    for (const [a, b, rho] of cases) {
      const k = new Float64Array([a, rho, rho, b]);
      const d = dualKernel(k, 2, 'gelu');
      const ref = bruteForce(geluTanhScalar, a, b, rho * Math.sqrt(a * b));
      // Trapezoid on an analytic integrand over ±8 SD: error ≪ 1e-9; the table's documented error is < 1e-7.
      expect(Math.abs(d[1] - ref)).toBeLessThan(1e-7 * Math.max(1, Math.abs(ref)));
    }
    const unequal: [number, number, number][] = [
      [2, 1, 0.5],
      [5, 4, 0.99],
      [3, 0.5, -0.3],
      [4, 4, 0.9],
    ];
    for (const [a, b, rho] of unequal) {
      const c = rho * Math.sqrt(a * b);
      const d = dualKernel(new Float64Array([a, c, c, b]), 2, 'gelu');
      expect(Math.abs(d[1] - bruteForce(geluTanhScalar, a, b, c))).toBeLessThan(1e-7 * Math.max(1, Math.abs(d[1])));
      expect(Math.abs(d[0] - bruteForce(geluTanhScalar, a, a, a))).toBeLessThan(1e-7 * Math.max(1, d[0]));
    }
  });

  it('dual kernels are E[φ(z)φ(z′)] of the network activations (Monte Carlo, 4 SE)', () => {
    const random = new Random(7);
    const M = 200_000;
    const a = 2.5;
    const b = 0.8;
    const c = 0.9;
    const k = new Float64Array([a, c, c, b]);
    for (const activation of ['gelu', 'relu'] as const) {
      const phi = activation === 'gelu' ? geluTanhScalar : (x: number) => Math.max(0, x);
      const exact = dualKernel(k, 2, activation)[1];
      let s = 0;
      let s2 = 0;
      for (let m = 0; m < M; m++) {
        const g1 = random.normal();
        const g2 = random.normal();
        const z = Math.sqrt(a) * g1;
        const zp = (c / Math.sqrt(a)) * g1 + Math.sqrt(b - (c * c) / a) * g2;
        const v = phi(z) * phi(zp);
        s += v;
        s2 += v * v;
      }
      const mean = s / M;
      const se = Math.sqrt((s2 / M - mean * mean) / M);
      // The sample mean of M i.i.d. products has SD se; |mean − exact| > 4 SE has probability 6e-5.
      expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    }
    expect(() => dualKernel(k, 2, 'tanh' as never)).toThrow(/mlpActivation/);
  });

  it('pooling and LayerNorm of a kernel match the finite-width definitions applied to h', () => {
    const random = new Random(3);
    const B = 3;
    const S = 4;
    const n = 7;
    const h = new Float64Array(B * S * n);
    random.fillNormal(h);
    const P = B * S;
    const k = new Float64Array(P * P);
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) for (let c = 0; c < n; c++) k[i * P + j] += (h[i * n + c] * h[j * n + c]) / n;
    const pooled = poolKernel(k, B, S);
    for (let x = 0; x < B; x++) {
      for (let y = 0; y < B; y++) {
        let dot = 0;
        for (let c = 0; c < n; c++) {
          let mx = 0;
          let my = 0;
          for (let s = 0; s < S; s++) {
            mx += h[(x * S + s) * n + c] / S;
            my += h[(y * S + s) * n + c] / S;
          }
          dot += (mx * my) / n;
        }
        expect(pooled[x * B + y]).toBeCloseTo(dot, 12);
      }
    }
    const ln = layerNormKernel(k, P, 0);
    for (let i = 0; i < P; i++) expect(ln[i * P + i]).toBeCloseTo(1, 14);
  });
});
