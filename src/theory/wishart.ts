/**
 * Exact samplers for the Gaussian Gram blocks of the finite-width covariance chain (THEORY.md §6.12).
 *
 * - Wishart_m(k, I) by the Bartlett decomposition W = L Lᵀ, L lower triangular with L_ii = √χ²_{k−i+1} and N(0, 1)
 *   below the diagonal (k ≥ m), or W = G Gᵀ with G ∈ ℝ^{m×k} when k < m.
 * - The cross Gram B_q B_kᵀ of two independent m×n_k Gaussian matrices in O(m²) draws: with the thin QR
 *   B_kᵀ = O R (O ∈ ℝ^{n_k×m} orthonormal), R ᵀ is a Bartlett factor of Wishart_m(n_k, I) and B_q O is an m×m
 *   i.i.d. N(0, 1) matrix independent of R (rotation invariance of B_q's rows), so B_q B_kᵀ has the law of G Lᵀ.
 * All Gaussian and χ² draws use the ziggurat stream of Random (zigguratNormal, zigguratChiSquare).
 */
import { Random } from '../base/random';

/** Scratch for Wishart / cross-Gram draws of m×m matrices (allocate once per m). */
export class WishartSampler {
  readonly tokens: number;
  private readonly factor: Float64Array;
  private readonly gaussian: Float64Array;
  private wide: Float64Array;
  constructor(tokens: number) {
    if (!Number.isInteger(tokens) || tokens < 1) throw new Error(`tokens: expected a positive integer, got ${tokens}`);
    this.tokens = tokens;
    this.factor = new Float64Array(tokens * tokens);
    this.gaussian = new Float64Array(tokens * tokens);
    this.wide = new Float64Array(0);
  }

  /**
   * Lower-triangular L with L Lᵀ ~ Wishart_m(k, I) (Bartlett; requires k ≥ m, real k allowed), written to out.
   */
  bartlettFactor(rng: Random, dof: number, out: Float64Array, outOffset: number): void {
    const m = this.tokens;
    for (let i = 0; i < m; i++) {
      const row = outOffset + i * m;
      rng.fillZigguratNormal(out, row, i); // below the diagonal, drawn in row-major order
      out[row + i] = Math.sqrt(rng.zigguratChiSquare(dof - i));
      for (let j = i + 1; j < m; j++) out[row + j] = 0;
    }
  }

  /**
   * A factor F ∈ ℝ^{m×w} with F Fᵀ ~ Wishart_m(k, I), written row-major (row stride w) to out (length ≥ m²):
   * the lower-triangular Bartlett factor (w = m) when k ≥ m, i.i.d. N(0, 1) columns (w = k) when k < m.
   * Returns w; k = 0 gives w = 0 (the zero matrix).
   */
  wishartFactor(rng: Random, dof: number, out: Float64Array): number {
    const m = this.tokens;
    if (dof >= m) {
      this.bartlettFactor(rng, dof, out, 0);
      return m;
    }
    if (!Number.isInteger(dof) || dof < 0) throw new Error(`dof: expected an integer ≥ 0 when below m = ${m}, got ${dof}`);
    rng.fillZigguratNormal(out, 0, m * dof);
    return dof;
  }

  /** W ~ Wishart_m(k, I) written to out (symmetric m×m); k = 0 gives the zero matrix. */
  wishart(rng: Random, dof: number, out: Float64Array, outOffset: number): void {
    const m = this.tokens;
    if (dof >= m) {
      this.bartlettFactor(rng, dof, this.factor, 0);
      lowerGram(this.factor, m, m, out, outOffset);
      return;
    }
    if (!Number.isInteger(dof) || dof < 0) throw new Error(`dof: expected an integer ≥ 0 when below m = ${m}, got ${dof}`);
    if (this.wide.length < m * dof) this.wide = new Float64Array(m * dof);
    rng.fillZigguratNormal(this.wide, 0, m * dof);
    lowerGram(this.wide, m, dof, out, outOffset);
  }

  /**
   * Ξ with the law of B_q B_kᵀ, B_q, B_k ∈ ℝ^{m×n_k} independent i.i.d. N(0, 1): G Lᵀ with G i.i.d. m×m and
   * L L ᵀ ~ Wishart_m(n_k, I) when n_k ≥ m (O(m²) draws), explicit product otherwise.
   */
  crossGram(rng: Random, keyDim: number, out: Float64Array, outOffset: number): void {
    const m = this.tokens;
    if (keyDim >= m) {
      this.bartlettFactor(rng, keyDim, this.factor, 0);
      const g = this.gaussian;
      rng.fillZigguratNormal(g, 0, m * m);
      const l = this.factor;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          let acc = 0;
          for (let k = 0; k <= j; k++) acc += g[i * m + k] * l[j * m + k];
          out[outOffset + i * m + j] = acc;
        }
      }
      return;
    }
    this.crossGramExplicit(rng, keyDim, out, outOffset);
  }

  /** Same law as crossGram by drawing both m×n_k matrices explicitly (reference implementation, O(m n_k) draws). */
  crossGramExplicit(rng: Random, keyDim: number, out: Float64Array, outOffset: number): void {
    const m = this.tokens;
    if (this.wide.length < 2 * m * keyDim) this.wide = new Float64Array(2 * m * keyDim);
    const w = this.wide;
    rng.fillZigguratNormal(w, 0, 2 * m * keyDim);
    const kOff = m * keyDim;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let t = 0; t < keyDim; t++) acc += w[i * keyDim + t] * w[kOff + j * keyDim + t];
        out[outOffset + i * m + j] = acc;
      }
    }
  }
}

/** out = G Gᵀ for G ∈ ℝ^{m×k} stored row-major (symmetric output). */
function lowerGram(g: Float64Array, m: number, k: number, out: Float64Array, outOffset: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += g[i * k + t] * g[j * k + t];
      out[outOffset + i * m + j] = acc;
      out[outOffset + j * m + i] = acc;
    }
  }
}
