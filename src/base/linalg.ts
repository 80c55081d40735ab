/**
 * Small dense linear algebra for the covariance chains and SDEs of THEORY.md §6.11–6.13.
 *
 * Matrices are row-major blocks of a Float64Array addressed by (array, offset): a batch of K symmetric m×m matrices
 * lives in one array with sample k at offset k·m·m. Every routine writes into caller-provided buffers, so hot loops
 * allocate nothing. Sizes are small (m ≤ 32); the algorithms are the textbook ones (cyclic Jacobi, Cholesky).
 */

/** Scratch buffers for eigen-decompositions of m×m symmetric matrices (allocate once per m, reuse). */
export class EigenWorkspace {
  readonly tokens: number;
  /** working copy of the matrix being diagonalised */
  readonly matrix: Float64Array;
  /** eigenvalues λ_i (unsorted) */
  readonly values: Float64Array;
  /** eigenvectors as columns: Q[i·m + j] = (q_j)_i */
  readonly vectors: Float64Array;
  constructor(tokens: number) {
    if (!Number.isInteger(tokens) || tokens < 1 || tokens > 64) {
      throw new Error(`tokens: expected an integer in [1, 64], got ${tokens}`);
    }
    this.tokens = tokens;
    this.matrix = new Float64Array(tokens * tokens);
    this.values = new Float64Array(tokens);
    this.vectors = new Float64Array(tokens * tokens);
  }
}

/**
 * Cyclic Jacobi eigen-decomposition A = Q diag(λ) Qᵀ of the symmetric m×m block a[offset…]. Results land in
 * work.values and work.vectors (columns). Returns the number of sweeps used (at most 60).
 */
export function symmetricEigen(a: Float64Array, offset: number, work: EigenWorkspace): number {
  const m = work.tokens;
  const s = work.matrix;
  const q = work.vectors;
  for (let i = 0; i < m * m; i++) s[i] = a[offset + i];
  q.fill(0);
  for (let i = 0; i < m; i++) q[i * m + i] = 1;
  let sweep = 0;
  for (; sweep < 60; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < m; i++) {
      diagonal += s[i * m + i] * s[i * m + i];
      for (let j = i + 1; j < m; j++) off += s[i * m + j] * s[i * m + j];
    }
    if (off <= 1e-32 * diagonal || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let r = p + 1; r < m; r++) {
        const apr = s[p * m + r];
        if (apr === 0) continue;
        const app = s[p * m + p];
        const arr = s[r * m + r];
        const theta = (arr - app) / (2 * apr);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        // rotate rows/columns p and r of the symmetric matrix: S ← Jᵀ S J
        for (let k = 0; k < m; k++) {
          const skp = s[k * m + p];
          const skr = s[k * m + r];
          s[k * m + p] = c * skp - sn * skr;
          s[k * m + r] = sn * skp + c * skr;
        }
        for (let k = 0; k < m; k++) {
          const spk = s[p * m + k];
          const srk = s[r * m + k];
          s[p * m + k] = c * spk - sn * srk;
          s[r * m + k] = sn * spk + c * srk;
        }
        s[p * m + r] = 0;
        s[r * m + p] = 0;
        for (let k = 0; k < m; k++) {
          const qkp = q[k * m + p];
          const qkr = q[k * m + r];
          q[k * m + p] = c * qkp - sn * qkr;
          q[k * m + r] = sn * qkp + c * qkr;
        }
      }
    }
  }
  for (let i = 0; i < m; i++) work.values[i] = s[i * m + i];
  return sweep;
}

/**
 * Symmetric PSD square root C = Q diag(√max(λ, 0)) Qᵀ of the symmetric block v[vOffset…] (THEORY.md §6.11 step 1),
 * written to out[outOffset…]. Returns the number of clipped eigenvalues (λ < −1e−12·max|λ|), the diagnostic that
 * counts how often an Euler step left the PSD cone.
 */
export function psdSquareRoot(
  v: Float64Array,
  vOffset: number,
  out: Float64Array,
  outOffset: number,
  work: EigenWorkspace,
): number {
  return spectralMap(v, vOffset, out, outOffset, work, true);
}

/** PSD projection V ← Q diag(max(λ, 0)) Qᵀ (§6.11 step 3, optional). Returns the number of clipped eigenvalues. */
export function psdProject(v: Float64Array, vOffset: number, out: Float64Array, outOffset: number, work: EigenWorkspace): number {
  return spectralMap(v, vOffset, out, outOffset, work, false);
}

function spectralMap(
  v: Float64Array,
  vOffset: number,
  out: Float64Array,
  outOffset: number,
  work: EigenWorkspace,
  root: boolean,
): number {
  const m = work.tokens;
  symmetricEigen(v, vOffset, work);
  const lam = work.values;
  const q = work.vectors;
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(lam[i]));
  let clipped = 0;
  for (let i = 0; i < m; i++) {
    if (lam[i] < -1e-12 * scale) clipped++;
    const l = lam[i] > 0 ? lam[i] : 0;
    lam[i] = root ? Math.sqrt(l) : l;
  }
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += q[i * m + k] * lam[k] * q[j * m + k];
      out[outOffset + i * m + j] = acc;
      out[outOffset + j * m + i] = acc;
    }
  }
  return clipped;
}

/**
 * Lower-triangular Cholesky factor L with L Lᵀ = V of the m×m block v[vOffset…], written to out[outOffset…] (upper
 * part zeroed). Returns false (leaving out partly written) when a pivot is not strictly positive, i.e. when V is not
 * positive definite; callers then fall back to psdSquareRoot.
 */
export function choleskyFactor(v: Float64Array, vOffset: number, out: Float64Array, outOffset: number, m: number): boolean {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let acc = v[vOffset + i * m + j];
      for (let k = 0; k < j; k++) acc -= out[outOffset + i * m + k] * out[outOffset + j * m + k];
      if (i === j) {
        if (!(acc > 0)) return false;
        out[outOffset + i * m + i] = Math.sqrt(acc);
      } else {
        out[outOffset + i * m + j] = acc / out[outOffset + j * m + j];
      }
    }
    for (let j = i + 1; j < m; j++) out[outOffset + i * m + j] = 0;
  }
  return true;
}

/**
 * Any factor C with C Cᵀ = V: Cholesky when V is positive definite, otherwise the eigen-clipped symmetric root.
 * Every use in §6.11–6.13 depends on C only through C Cᵀ (the Gaussian draws it multiplies are rotation invariant),
 * so both give the same law. Returns the number of clipped eigenvalues (0 on the Cholesky path).
 */
export function covarianceFactor(v: Float64Array, vOffset: number, out: Float64Array, outOffset: number, work: EigenWorkspace): number {
  if (choleskyFactor(v, vOffset, out, outOffset, work.tokens)) return 0;
  return psdSquareRoot(v, vOffset, out, outOffset, work);
}

/** In place A ← (A + Aᵀ)/2 for the m×m block at offset. */
export function symmetrize(a: Float64Array, offset: number, m: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const x = 0.5 * (a[offset + i * m + j] + a[offset + j * m + i]);
      a[offset + i * m + j] = x;
      a[offset + j * m + i] = x;
    }
  }
}

/** tr A of the m×m block at offset. */
export function trace(a: Float64Array, offset: number, m: number): number {
  let t = 0;
  for (let i = 0; i < m; i++) t += a[offset + i * m + i];
  return t;
}

/** out = A B with A rows×inner, B inner×cols (all row-major blocks; out must not alias A or B). */
export function matMul(
  a: Float64Array, aOffset: number, b: Float64Array, bOffset: number,
  out: Float64Array, outOffset: number, rows: number, inner: number, cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let k = 0; k < inner; k++) acc += a[aOffset + i * inner + k] * b[bOffset + k * cols + j];
      out[outOffset + i * cols + j] = acc;
    }
  }
}

/** out = A Bᵀ with A rows×inner, B cols×inner (out must not alias A or B). */
export function matMulTransposeB(
  a: Float64Array, aOffset: number, b: Float64Array, bOffset: number,
  out: Float64Array, outOffset: number, rows: number, inner: number, cols: number,
): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let k = 0; k < inner; k++) acc += a[aOffset + i * inner + k] * b[bOffset + j * inner + k];
      out[outOffset + i * cols + j] = acc;
    }
  }
}

/** out = A Bᵀ for m×m blocks where the product is known to be symmetric (A Bᵀ = B Aᵀ): computes the upper half only. */
export function matMulTransposeBSymmetric(
  a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, out: Float64Array, outOffset: number, m: number, inner: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < inner; k++) acc += a[aOffset + i * inner + k] * b[bOffset + j * inner + k];
      out[outOffset + i * m + j] = acc;
      out[outOffset + j * m + i] = acc;
    }
  }
}

/**
 * out = C X (m×w) for an m×m factor C (lower triangular when cLower, e.g. a Cholesky factor) and an m×w X (lower
 * triangular m×m when xLower); sums run only over the structurally non-zero k. out must not alias C or X.
 */
export function factorTimes(c: Float64Array, cLower: boolean, x: Float64Array, xLower: boolean, w: number, out: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    const kEnd = cLower ? i + 1 : m;
    for (let j = 0; j < w; j++) {
      let acc = 0;
      for (let k = xLower ? j : 0; k < kEnd; k++) acc += c[i * m + k] * x[k * w + j];
      out[i * w + j] = acc;
    }
  }
}

/** out = A Bᵀ (m×m) for m×w A, B (lower triangular, w = m, when the flag is set). out must not alias A or B. */
export function timesTransposed(a: Float64Array, aLower: boolean, b: Float64Array, bLower: boolean, w: number, out: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const kEnd = aLower ? (bLower ? Math.min(i, j) + 1 : i + 1) : bLower ? j + 1 : w;
      let acc = 0;
      for (let k = 0; k < kEnd; k++) acc += a[i * w + k] * b[j * w + k];
      out[i * m + j] = acc;
    }
  }
}

/** out (+)= F Fᵀ (symmetric m×m) for an m×w F (lower triangular, w = m, when fLower); accumulate adds to out. */
export function rowGram(f: Float64Array, fLower: boolean, w: number, out: Float64Array, m: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const kEnd = fLower ? i + 1 : w;
      let acc = accumulate ? out[i * m + j] : 0;
      for (let k = 0; k < kEnd; k++) acc += f[i * w + k] * f[j * w + k];
      out[i * m + j] = acc;
      out[j * m + i] = acc;
    }
  }
}

/** Congruence out = C S Cᵀ for m×m blocks, using tmp (length ≥ m·m) as scratch. out must not alias C, S or tmp. */
export function congruence(
  c: Float64Array, cOffset: number, s: Float64Array, sOffset: number, out: Float64Array, outOffset: number, m: number, tmp: Float64Array,
): void {
  matMul(c, cOffset, s, sOffset, tmp, 0, m, m, m);
  matMulTransposeB(tmp, 0, c, cOffset, out, outOffset, m, m, m);
}

/** Frobenius norm of A − B for two m×m blocks (testing helper). */
export function frobeniusDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, m: number): number {
  let acc = 0;
  for (let i = 0; i < m * m; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    acc += d * d;
  }
  return Math.sqrt(acc);
}
