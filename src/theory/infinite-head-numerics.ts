/**
 * Numerical building blocks of the infinite-head kernel solver (docs/theory/infinite-head-kernel.md §1, §3):
 * a pivoted Cholesky factor F with F Fᵀ = K of a positive semi-definite P×P kernel (rank-revealing, so the
 * rank-deficient read-in kernels factor too), Gauss–Hermite nodes for Gaussian expectations, the fixed LayerNorm of
 * a kernel (K_ij/√((K_ii + ε)(K_jj + ε)), THEORY.md §2.1) and pooling over tokens. Plain Float64Array, row-major.
 */

/** A factor F (rows × rank, row-major) with F Fᵀ ≈ K up to the tolerance. */
export interface KernelFactor {
  rows: number;
  rank: number;
  values: Float64Array;
}

/**
 * Pivoted (outer-product) Cholesky K = F Fᵀ of a symmetric PSD matrix (docs/theory/infinite-head-kernel.md §1):
 * pivots on the largest remaining diagonal and stops when it falls below tolerance·max diag K, so the neglected
 * remainder R = K − F Fᵀ is PSD with trace(R) ≤ P·tolerance·max diag K. Cost O(P·r²).
 */
export function pivotedCholesky(kernel: Float64Array, size: number, tolerance = 1e-12): KernelFactor {
  if (kernel.length !== size * size) throw new Error(`kernel: expected ${size}×${size} = ${size * size} entries, got ${kernel.length}`);
  const diag = new Float64Array(size);
  let maxDiag = 0;
  for (let i = 0; i < size; i++) {
    diag[i] = kernel[i * size + i];
    if (!(diag[i] >= -1e-12 * Math.max(1, maxDiag))) throw new Error(`kernel: diagonal entry ${i} is ${diag[i]} (a kernel has diagonal ≥ 0)`);
    maxDiag = Math.max(maxDiag, diag[i]);
  }
  // Rows of F in a size × size scratch (row-major, so every update is a contiguous dot product over the columns so far).
  const f = new Float64Array(size * size);
  const used = new Uint8Array(size);
  const floor = tolerance * maxDiag;
  let rank = 0;
  while (rank < size) {
    let pivot = -1;
    let best = floor;
    for (let i = 0; i < size; i++) if (!used[i] && diag[i] > best) { best = diag[i]; pivot = i; }
    if (pivot < 0) break;
    used[pivot] = 1;
    const root = Math.sqrt(diag[pivot]);
    const pr = pivot * size;
    f[pr + rank] = root;
    for (let i = 0; i < size; i++) {
      if (used[i]) continue;
      const ir = i * size;
      let v = kernel[ir + pivot];
      for (let k = 0; k < rank; k++) v -= f[ir + k] * f[pr + k];
      const value = v / root;
      f[ir + rank] = value;
      diag[i] -= value * value;
    }
    diag[pivot] = 0;
    rank++;
  }
  const values = new Float64Array(size * rank);
  for (let i = 0; i < size; i++) for (let c = 0; c < rank; c++) values[i * rank + c] = f[i * size + c];
  return { rows: size, rank, values };
}

/** out (rows × cols) = F · Z for F (rows × rank) and Z (rank × cols), all row-major. */
export function multiplyFactor(factor: KernelFactor, z: Float64Array, cols: number, out: Float64Array): void {
  const { rows, rank, values } = factor;
  out.fill(0, 0, rows * cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let k = 0; k < rank; k++) {
      const f = values[i * rank + k];
      if (f === 0) continue;
      const zk = k * cols;
      for (let j = 0; j < cols; j++) out[o + j] += f * z[zk + j];
    }
  }
}

/**
 * Gauss–Hermite rule for E_{g~N(0,1)} f(g) ≈ Σ_k w_k f(x_k) with `order` nodes (exact for polynomials of degree
 * < 2·order): Newton on the orthonormal Hermite recurrence (Numerical Recipes' gauher), rescaled to the
 * probabilists' weight e^{−x²/2}/√(2π).
 */
export function gaussHermite(order: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(order) || order < 2 || order > 150) throw new Error(`quadratureOrder: expected an integer in [2, 150], got ${order}`);
  const n = order;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < Math.floor((n + 1) / 2); i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  // physicists' rule ∫ e^{−t²} f(t) dt → probabilists': node √2·t, weight w/√π.
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[n - 1 - i];
    weights[i] = w[n - 1 - i] / Math.sqrt(Math.PI);
  }
  return { nodes, weights };
}

/**
 * Kernel of the fixed LayerNorm in the infinite-width limit (THEORY.md §2.1; docs §2): the feature mean of a centred
 * Gaussian stream tends to 0 and its variance to K_ii, so LN(h_i)·LN(h_j)/n → K_ij/√((K_ii + ε)(K_jj + ε)).
 */
export function layerNormKernel(kernel: Float64Array, size: number, eps = 1e-6): Float64Array {
  const out = new Float64Array(size * size);
  const inv = new Float64Array(size);
  for (let i = 0; i < size; i++) inv[i] = 1 / Math.sqrt(kernel[i * size + i] + eps);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) out[i * size + j] = kernel[i * size + j] * inv[i] * inv[j];
  return out;
}

/**
 * Pooled kernel (1/S²) Σ_{s,t} K[(x,s),(x′,t)] of a token-level kernel over B inputs × S tokens (the limit of
 * probes/kernels.ts pooledKernel, (1/n) h̄(x)·h̄(x′)); B×B row-major.
 */
export function poolKernel(kernel: Float64Array, inputs: number, tokens: number): Float64Array {
  const size = inputs * tokens;
  const out = new Float64Array(inputs * inputs);
  for (let i = 0; i < size; i++) {
    const x = Math.floor(i / tokens);
    for (let j = 0; j < size; j++) out[x * inputs + Math.floor(j / tokens)] += kernel[i * size + j];
  }
  for (let k = 0; k < out.length; k++) out[k] /= tokens * tokens;
  return out;
}

/** Copies the upper triangle onto the lower one (kernels are filled for j ≥ i only). */
export function symmetrizeFromUpper(kernel: Float64Array, size: number): void {
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) kernel[i * size + j] = kernel[j * size + i];
}
