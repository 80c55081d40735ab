import { describe, expect, it } from 'vitest';
import { smallProduct, unrolledTokenLimit } from '../../src/theory/small-kernels';
import { Random } from '../../src/base/random';

/** Reference op(A) op(B) by the textbook triple loop on explicit (zeroed) matrices. */
function reference(m: number, a: Float64Array, b: Float64Array, at: boolean, bt: boolean): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += (at ? a[k * m + i] : a[i * m + k]) * (bt ? b[j * m + k] : b[k * m + j]);
      out[i * m + j] = acc;
    }
  }
  return out;
}

function draw(m: number, lower: boolean, rng: Random): Float64Array {
  const x = rng.fillNormal(new Float64Array(m * m));
  if (lower) for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) x[r * m + c] = 0;
  return x;
}

describe('unrolled small products', () => {
  it('match the triple loop for every shape, m = 1…5 and m above the unrolling limit', () => {
    // Exact algebra up to rounding: the same products summed in the same order except skipped zeros, so the
    // difference is a few ulps of the entries (|entry| ≤ m·max|a||b| ≈ 40); tolerance 1e−12.
    const rng = new Random(3);
    for (const m of [1, 2, 3, 4, 5, unrolledTokenLimit, unrolledTokenLimit + 1]) {
      for (let flags = 0; flags < 32; flags++) {
        const [at, al, bt, bl, acc] = [0, 1, 2, 3, 4].map((bit) => ((flags >> bit) & 1) === 1);
        const a = draw(m, al, rng);
        const b = draw(m, bl, rng);
        const expected = reference(m, a, b, at, bt);
        const start = rng.fillNormal(new Float64Array(m * m));
        const out = Float64Array.from(start);
        smallProduct(m, { aTransposed: at, aLower: al, bTransposed: bt, bLower: bl, accumulate: acc })(a, b, out);
        for (let i = 0; i < m * m; i++) expect(out[i]).toBeCloseTo(expected[i] + (acc ? start[i] : 0), 12);
        // symmetric: A Aᵀ-type products (op(B) = op(A)ᵀ) computed from the upper half
        const g = Float64Array.from(start);
        smallProduct(m, { aLower: al, bTransposed: true, bLower: al, symmetric: true, accumulate: acc })(a, a, g);
        const gram = reference(m, a, a, false, true);
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(g[i * m + j]).toBeCloseTo(gram[i * m + j] + (acc ? start[Math.min(i, j) * m + Math.max(i, j)] : 0), 12);
      }
    }
  });

  it('rejects a bad size naming the field', () => {
    expect(() => smallProduct(0, {})).toThrow(/m: expected a positive integer/);
  });
});
