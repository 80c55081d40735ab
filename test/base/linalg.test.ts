import { describe, expect, it } from 'vitest';
import {
  EigenWorkspace, choleskyFactor, congruence, covarianceFactor, frobeniusDistance, matMul, matMulTransposeB,
  psdProject, psdSquareRoot, symmetricEigen, symmetrize, trace,
} from '../../src/base/linalg';
import { Random } from '../../src/base/random';
import { WishartSampler } from '../../src/theory/wishart';
import { mean, variance } from '../../src/analysis/statistics';

function randomSymmetric(rng: Random, m: number): Float64Array {
  const a = rng.fillNormal(new Float64Array(m * m));
  symmetrize(a, 0, m);
  return a;
}

function reconstruct(work: EigenWorkspace): Float64Array {
  const m = work.tokens;
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += work.vectors[i * m + k] * work.values[k] * work.vectors[j * m + k];
    out[i * m + j] = s;
  }
  return out;
}

describe('small symmetric linear algebra', () => {
  it('diagonalises known matrices', () => {
    // [[2,1],[1,2]] has eigenvalues 1 and 3.
    const w = new EigenWorkspace(2);
    symmetricEigen(Float64Array.of(2, 1, 1, 2), 0, w);
    expect(Array.from(w.values).sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    // 0.8 I + 0.2 11ᵀ (m = 4): eigenvalues 0.8 (×3) and 1.6.
    const v = new Float64Array(16).fill(0.2);
    for (let i = 0; i < 4; i++) v[i * 5] = 1;
    const w4 = new EigenWorkspace(4);
    symmetricEigen(v, 0, w4);
    const sorted = Array.from(w4.values).sort();
    [0.8, 0.8, 0.8, 1.6].forEach((x, i) => expect(sorted[i]).toBeCloseTo(x, 12));
  });

  it('reconstructs random symmetric matrices and keeps eigenvectors orthonormal (m up to 32, batched offsets)', () => {
    const rng = new Random(11);
    for (const m of [1, 3, 4, 8, 32]) {
      const w = new EigenWorkspace(m);
      const batch = new Float64Array(3 * m * m);
      for (let k = 0; k < 3; k++) batch.set(randomSymmetric(rng, m), k * m * m);
      for (let k = 0; k < 3; k++) {
        symmetricEigen(batch, k * m * m, w);
        const err = frobeniusDistance(reconstruct(w), 0, batch, k * m * m, m);
        expect(err).toBeLessThan(1e-11 * m);
        const qtq = new Float64Array(m * m);
        // Qᵀ Q = I
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
          let s = 0;
          for (let t = 0; t < m; t++) s += w.vectors[t * m + i] * w.vectors[t * m + j];
          qtq[i * m + j] = s - (i === j ? 1 : 0);
        }
        expect(frobeniusDistance(qtq, 0, new Float64Array(m * m), 0, m)).toBeLessThan(1e-12 * m);
      }
    }
  });

  it('PSD square root squares back, and clipping is counted', () => {
    const rng = new Random(5);
    const m = 5;
    const w = new EigenWorkspace(m);
    const g = rng.fillNormal(new Float64Array(m * m));
    const v = new Float64Array(m * m);
    matMulTransposeB(g, 0, g, 0, v, 0, m, m, m); // G Gᵀ is PSD
    const c = new Float64Array(m * m);
    expect(psdSquareRoot(v, 0, c, 0, w)).toBe(0);
    const cc = new Float64Array(m * m);
    matMul(c, 0, c, 0, cc, 0, m, m, m);
    expect(frobeniusDistance(cc, 0, v, 0, m)).toBeLessThan(1e-11 * trace(v, 0, m));
    // diag(2, −1, 0.5) rotated: one negative eigenvalue is clipped; the root of the projection squares back.
    const d = Float64Array.of(2, 0, 0, 0, -1, 0, 0, 0, 0.5);
    const q = Float64Array.of(0.6, 0.8, 0, -0.8, 0.6, 0, 0, 0, 1);
    const a = new Float64Array(9);
    congruence(q, 0, d, 0, a, 0, 3, new Float64Array(9));
    const w3 = new EigenWorkspace(3);
    const root = new Float64Array(9);
    expect(psdSquareRoot(a, 0, root, 0, w3)).toBe(1);
    const projected = new Float64Array(9);
    expect(psdProject(a, 0, projected, 0, w3)).toBe(1);
    const expected = new Float64Array(9);
    congruence(q, 0, Float64Array.of(2, 0, 0, 0, 0, 0, 0, 0, 0.5), 0, expected, 0, 3, new Float64Array(9));
    expect(frobeniusDistance(projected, 0, expected, 0, 3)).toBeLessThan(1e-12);
    const sq = new Float64Array(9);
    matMul(root, 0, root, 0, sq, 0, 3, 3, 3);
    expect(frobeniusDistance(sq, 0, expected, 0, 3)).toBeLessThan(1e-12);
    // covarianceFactor: Cholesky fails on the indefinite matrix and falls back to the clipped root.
    const f = new Float64Array(9);
    expect(choleskyFactor(a, 0, f, 0, 3)).toBe(false);
    expect(covarianceFactor(a, 0, f, 0, w3)).toBe(1);
  });

  it('Cholesky factor reproduces V', () => {
    const v = Float64Array.of(1, 0.2, -0.1, 0.2, 1.3, 0.3, -0.1, 0.3, 0.9);
    const l = new Float64Array(9);
    expect(choleskyFactor(v, 0, l, 0, 3)).toBe(true);
    const llt = new Float64Array(9);
    matMulTransposeB(l, 0, l, 0, llt, 0, 3, 3, 3);
    expect(frobeniusDistance(llt, 0, v, 0, 3)).toBeLessThan(1e-14);
    expect(l[1]).toBe(0);
  });

  it('Bartlett Wishart and the Bartlett cross Gram have the right first two moments', () => {
    // Wishart_m(k, I): E W_ii = k, Var W_ii = 2k, Var W_ij = k. Cross Gram Ξ = B_q B_kᵀ (n_k columns):
    // E Ξ = 0, Var Ξ_ij = n_k, Cov(Ξ_11, Ξ_22) = 0, E[Ξ_11 Ξ_12] = 0, and Cov(Ξ_11, Ξ_21) = E[q1·k1 q2·k1] = 0 but
    // Var of Ξ_11 + Ξ_21 = 2 n_k. N = 40 000 draws; SE of a mean of Var v is √(v·κ/N); tolerances 4 SE.
    const rng = new Random(9);
    const m = 3;
    const k = 7;
    const s = new WishartSampler(m);
    const N = 40_000;
    const w = new Float64Array(9);
    const d = new Float64Array(N), o = new Float64Array(N), x11 = new Float64Array(N), x12 = new Float64Array(N);
    const xe = new Float64Array(N), xs = new Float64Array(N);
    for (let t = 0; t < N; t++) {
      s.wishart(rng, k, w, 0);
      d[t] = w[4];
      o[t] = w[5];
      s.crossGram(rng, k, w, 0);
      x11[t] = w[0];
      x12[t] = w[1];
      xe[t] = w[0] + w[3];
      s.crossGramExplicit(rng, k, w, 0);
      xs[t] = w[0] + w[3];
    }
    expect(Math.abs(mean(d) - k)).toBeLessThan(4 * Math.sqrt((2 * k) / N));
    expect(Math.abs(variance(d) / (2 * k) - 1)).toBeLessThan(4 * Math.sqrt(12 / N + 2 / N)); // χ²_k: κ₄ = 12/k
    expect(Math.abs(variance(o) / k - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
    expect(Math.abs(mean(x11))).toBeLessThan(4 * Math.sqrt(k / N));
    expect(Math.abs(variance(x11) / k - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
    expect(Math.abs(variance(x12) / k - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
    expect(Math.abs(variance(xe) / (2 * k) - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
    expect(Math.abs(variance(xs) / (2 * k) - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
  });
});
