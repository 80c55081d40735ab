/**
 * Unrolled products of small m×m blocks for the per-sample loops of the covariance chain and SDE (THEORY.md
 * §6.11–6.12). Generic loops over m = 4 spend most of their time on loop control and index arithmetic (≈ 2 ns per
 * multiply-add in V8 against ≈ 0.4 ns straight-line); so for m ≤ 8 each product shape is compiled once per m into
 * straight-line code that loads the non-zero entries into locals, skips the structural zeros of triangular factors
 * and writes every output entry with one expression. Larger m (or a runtime that forbids code generation from
 * strings) use the equivalent loops. The generated source contains only numeric indices derived from m and the
 * shape flags (no user data).
 */

/** Shape of a product out = op(A) op(B) of m×m row-major blocks (offset 0). */
export interface ProductShape {
  /** use Aᵀ */
  aTransposed?: boolean;
  /** stored A is lower triangular (A[r][c] = 0 for c > r) */
  aLower?: boolean;
  /** use Bᵀ */
  bTransposed?: boolean;
  /** stored B is lower triangular */
  bLower?: boolean;
  /** the product is symmetric: compute the upper half and mirror it */
  symmetric?: boolean;
  /** out ← out + op(A) op(B) instead of out ← op(A) op(B) */
  accumulate?: boolean;
}

/** out = op(A) op(B) (or out += …) for m×m blocks; out must not alias A or B. */
export type SmallProduct = (a: Float64Array, b: Float64Array, out: Float64Array) => void;

/** Largest m compiled to straight-line code (m = 8 is 512 multiply-adds per product). */
export const unrolledTokenLimit = 8;

const cache = new Map<string, SmallProduct>();

/**
 * The kernel out = op(A) op(B), i.e. out_ij = Σ_k op(A)_ik op(B)_kj over the k where neither factor is a structural
 * zero, for m×m blocks of the given shape (cached per m and shape).
 */
export function smallProduct(m: number, shape: ProductShape): SmallProduct {
  if (!Number.isInteger(m) || m < 1) throw new Error(`m: expected a positive integer, got ${m}`);
  const s = {
    aTransposed: !!shape.aTransposed, aLower: !!shape.aLower, bTransposed: !!shape.bTransposed,
    bLower: !!shape.bLower, symmetric: !!shape.symmetric, accumulate: !!shape.accumulate,
  };
  const key = `${m}:${Object.values(s).map(Number).join('')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const kernel = (m <= unrolledTokenLimit && compileProduct(m, s)) || loopProduct(m, s);
  cache.set(key, kernel);
  return kernel;
}

/** Stored index of op(X)_rc, or −1 when it is a structural zero of a lower-triangular X. */
function entry(m: number, transposed: boolean, lower: boolean, r: number, c: number): number {
  const row = transposed ? c : r;
  const col = transposed ? r : c;
  return lower && col > row ? -1 : row * m + col;
}

function compileProduct(m: number, s: Required<ProductShape>): SmallProduct | null {
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const lines: string[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = s.symmetric ? i : 0; j < m; j++) {
      const terms: string[] = [];
      for (let k = 0; k < m; k++) {
        const ia = entry(m, s.aTransposed, s.aLower, i, k);
        const ib = entry(m, s.bTransposed, s.bLower, k, j);
        if (ia < 0 || ib < 0) continue;
        usedA.add(ia);
        usedB.add(ib);
        terms.push(`a${ia} * b${ib}`);
      }
      const sum = terms.length ? terms.join(' + ') : '0';
      const value = s.accumulate ? `out[${i * m + j}] + ${sum}` : sum;
      if (s.symmetric && j > i) lines.push(`x = ${value}; out[${i * m + j}] = x; out[${j * m + i}] = x;`);
      else lines.push(`out[${i * m + j}] = ${value};`);
    }
  }
  const loads = [...[...usedA].map((t) => `const a${t} = a[${t}];`), ...[...usedB].map((t) => `const b${t} = b[${t}];`)];
  const body = `'use strict';\nlet x = 0;\n${loads.join('\n')}\n${lines.join('\n')}`;
  try {
    return new Function('a', 'b', 'out', body) as SmallProduct;
  } catch {
    return null; // code generation disallowed (e.g. --disallow-code-generation-from-strings): use the loops
  }
}

function loopProduct(m: number, s: Required<ProductShape>): SmallProduct {
  return (a, b, out) => {
    for (let i = 0; i < m; i++) {
      for (let j = s.symmetric ? i : 0; j < m; j++) {
        let acc = s.accumulate ? out[i * m + j] : 0;
        for (let k = 0; k < m; k++) {
          const ia = entry(m, s.aTransposed, s.aLower, i, k);
          const ib = entry(m, s.bTransposed, s.bLower, k, j);
          if (ia >= 0 && ib >= 0) acc += a[ia] * b[ib];
        }
        out[i * m + j] = acc;
        if (s.symmetric) out[j * m + i] = acc;
      }
    }
  };
}
