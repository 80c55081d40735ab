/**
 * One layer of the exact-in-law finite-width covariance chain (THEORY.md §6.12–6.13): the m×m Gram matrix V of a
 * width-n network is updated using only m×m random matrices (attention) or m×n ones (MLP), never n×n weights.
 * Per sample and layer everything runs in preallocated m×m buffers, using the triangular shape of the Cholesky
 * and Bartlett factors (the eigen-root fallback of an ill-conditioned V is handled as a full matrix).
 */
import { EigenWorkspace, choleskyFactor, congruence, factorTimes, psdSquareRoot, rowGram } from '../base/linalg';
import { Random } from '../base/random';
import { SmallProduct, smallProduct } from './small-kernels';
import { WishartSampler } from './wishart';
import { ResolvedNetwork } from './covariance-options';

/** The m×m products with a factor C (lower triangular after a Cholesky, full after the eigen fallback). */
class FactorProducts {
  /** C X */
  readonly times: SmallProduct;
  /** C L, L lower triangular */
  readonly timesLower: SmallProduct;
  /** C Xᵀ */
  readonly timesTransposed: SmallProduct;
  /** P (C L)ᵀ, P full */
  readonly fullTimesProductTransposed: SmallProduct;
  /** out += F Fᵀ for F = C L (lower triangular when C is) */
  readonly addGram: SmallProduct;
  constructor(m: number, lower: boolean) {
    this.times = smallProduct(m, { aLower: lower });
    this.timesLower = smallProduct(m, { aLower: lower, bLower: true });
    this.timesTransposed = smallProduct(m, { aLower: lower, bTransposed: true });
    this.fullTimesProductTransposed = smallProduct(m, { bTransposed: true, bLower: lower });
    this.addGram = smallProduct(m, { aLower: lower, bTransposed: true, bLower: lower, symmetric: true, accumulate: true });
  }
}

/** Preallocated buffers for chain layers with m tokens (one per thread of work; reuse across samples). */
export class ChainScratch {
  readonly tokens: number;
  readonly eigen: EigenWorkspace;
  readonly wishart: WishartSampler;
  readonly factor: Float64Array;
  readonly branchFactor: Float64Array;
  readonly xi: Float64Array;
  readonly logits: Float64Array;
  readonly attention: Float64Array;
  readonly gaussian: Float64Array;
  readonly bartlett: Float64Array;
  readonly gram: Float64Array;
  readonly branchGram: Float64Array;
  readonly cross: Float64Array;
  readonly tmp1: Float64Array;
  readonly tmp2: Float64Array;
  readonly hidden: Float64Array;
  /** products with a lower-triangular (Cholesky) factor and with a full (eigen-root) factor */
  readonly lowerProducts: FactorProducts;
  readonly fullProducts: FactorProducts;
  /** Y Yᵀ, A B, A Bᵀ for full m×m blocks */
  readonly gramProduct: SmallProduct;
  readonly times: SmallProduct;
  readonly timesTransposed: SmallProduct;
  /** eigenvalues clipped so far (diagnostic) */
  clipped = 0;
  /** draw the attention logits from explicit m×n_k Gaussians instead of the Bartlett shortcut (reference mode) */
  explicitLogits = false;
  constructor(tokens: number) {
    const mm = tokens * tokens;
    this.tokens = tokens;
    this.eigen = new EigenWorkspace(tokens);
    this.wishart = new WishartSampler(tokens);
    this.factor = new Float64Array(mm);
    this.branchFactor = new Float64Array(mm);
    this.xi = new Float64Array(mm);
    this.logits = new Float64Array(mm);
    this.attention = new Float64Array(mm);
    this.gaussian = new Float64Array(mm);
    this.bartlett = new Float64Array(mm);
    this.gram = new Float64Array(mm);
    this.branchGram = new Float64Array(mm);
    this.cross = new Float64Array(mm);
    this.tmp1 = new Float64Array(mm);
    this.tmp2 = new Float64Array(mm);
    this.hidden = new Float64Array(3 * tokens);
    this.lowerProducts = new FactorProducts(tokens, true);
    this.fullProducts = new FactorProducts(tokens, false);
    this.gramProduct = smallProduct(tokens, { bTransposed: true, symmetric: true });
    this.times = smallProduct(tokens, {});
    this.timesTransposed = smallProduct(tokens, { bTransposed: true });
  }
}

/** C with C Cᵀ = V into out: Cholesky (returns true: lower triangular) or the eigen-clipped root (false). */
function factorOf(v: Float64Array, off: number, out: Float64Array, s: ChainScratch): boolean {
  if (choleskyFactor(v, off, out, 0, s.tokens)) return true;
  s.clipped += psdSquareRoot(v, off, out, 0, s.eigen);
  return false;
}

/** Writes D_V^{−1} C into out (row α scaled by 1/√V^{αα}): the factor of the RMS-normalized input (§6.13). */
function normalizedFactor(v: Float64Array, off: number, c: Float64Array, out: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    const inv = 1 / Math.sqrt(v[off + i * m + i]);
    for (let j = 0; j < m; j++) out[i * m + j] = c[i * m + j] * inv;
  }
}

/**
 * Draws (R, M) for a value/post matrix W ∈ ℝ^{n×n} i.i.d. N(0, 1) (§6.12 steps 3–4): with B ∈ ℝ^{m×m} i.i.d. N(0, 1)
 * and W_⊥ = F₀F₀ᵀ ~ Wishart_m(n − m, I), R = C_skip Bᵀ C_branchᵀ/√n (law of X Zᵀ/n) into s.cross and
 * M = C_branch (B Bᵀ + W_⊥) C_branchᵀ/n (law of Z Zᵀ/n) into s.branchGram. Computed as Y = C_branch Bᵀ (Bᵀ drawn
 * directly, it is i.i.d. too), R = C_skip Yᵀ/√n and M = (Y Yᵀ + (C_branch F₀)(C_branch F₀)ᵀ)/n.
 */
function valueProducts(
  rng: Random, s: ChainScratch, skipFactor: Float64Array, skipLower: boolean, branchFactor: Float64Array, branchLower: boolean, n: number,
): void {
  const m = s.tokens;
  const mm = m * m;
  const branch = branchLower ? s.lowerProducts : s.fullProducts;
  rng.fillZigguratNormal(s.gaussian, 0, mm); // Bᵀ
  branch.times(branchFactor, s.gaussian, s.tmp1); // Y = C_branch Bᵀ
  s.gramProduct(s.tmp1, s.tmp1, s.branchGram); // Y Yᵀ
  (skipLower ? s.lowerProducts : s.fullProducts).timesTransposed(skipFactor, s.tmp1, s.cross); // C_skip Yᵀ
  const w = s.wishart.wishartFactor(rng, n - m, s.bartlett);
  if (w === m) {
    branch.timesLower(branchFactor, s.bartlett, s.tmp2); // F = C_branch F₀
    branch.addGram(s.tmp2, s.tmp2, s.branchGram); // += F Fᵀ
  } else {
    factorTimes(branchFactor, branchLower, s.bartlett, false, w, s.tmp2, m); // C_branch F₀ (m×w)
    rowGram(s.tmp2, false, w, s.branchGram, m, true);
  }
  const invN = 1 / n;
  for (let i = 0; i < mm; i++) s.branchGram[i] *= invN;
  const invRoot = 1 / Math.sqrt(n);
  for (let i = 0; i < mm; i++) s.cross[i] *= invRoot;
}

/**
 * Logits C_Y Ξ C_Yᵀ (unscaled) into s.logits, Ξ ~ B_q B_kᵀ: with the Bartlett shortcut Ξ = G Lᵀ and n_k ≥ m this
 * is (C_Y G)(C_Y L)ᵀ; otherwise Ξ is drawn (explicitly when n_k < m or in reference mode) and congruenced.
 */
function attentionLogits(rng: Random, s: ChainScratch, bf: Float64Array, lower: boolean, keyDim: number): void {
  const m = s.tokens;
  if (!s.explicitLogits && keyDim >= m) {
    const products = lower ? s.lowerProducts : s.fullProducts;
    s.wishart.bartlettFactor(rng, keyDim, s.bartlett, 0);
    rng.fillZigguratNormal(s.gaussian, 0, m * m);
    products.times(bf, s.gaussian, s.tmp1); // C_Y G
    products.timesLower(bf, s.bartlett, s.tmp2); // C_Y L (lower when C_Y is)
    products.fullTimesProductTransposed(s.tmp1, s.tmp2, s.logits);
    return;
  }
  if (s.explicitLogits) s.wishart.crossGramExplicit(rng, keyDim, s.xi, 0);
  else s.wishart.crossGram(rng, keyDim, s.xi, 0);
  congruence(bf, 0, s.xi, 0, s.logits, 0, m, s.tmp1);
}

/**
 * Attention sub-block on the m×m block v[off…] in place (§6.12 attention recipe, §6.13 baselines):
 *   logits = scale · C_Y Ξ C_Yᵀ, Ξ ~ B_q B_kᵀ;  A = softmax(logits) (+ I − 11ᵀ/m when shaped);
 *   V ← λ² V + γ² A M Aᵀ + λγ (R Aᵀ + A Rᵀ) = λ² V + X + Xᵀ with X = (γ² A M/2 + λγ R) Aᵀ (M symmetric),
 * with C_Y = C (λ/γ residual) or D_V^{−1} C and λ = γ = 1 (Pre-LN, RMS normalization).
 */
export function chainAttentionLayer(v: Float64Array, off: number, rng: Random, s: ChainScratch, net: ResolvedNetwork): void {
  const m = s.tokens;
  const lower = factorOf(v, off, s.factor, s);
  let bf = s.factor;
  if (net.preNorm) {
    normalizedFactor(v, off, s.factor, s.branchFactor, m);
    bf = s.branchFactor;
  }
  attentionLogits(rng, s, bf, lower, net.keyDim);
  const scale = net.logitScale;
  const a = s.attention;
  const logits = s.logits;
  const shift = net.attention === 'shaped' ? 1 / m : 0;
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let j = 0; j < m; j++) max = Math.max(max, logits[i * m + j] * scale);
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(logits[i * m + j] * scale - max);
      a[i * m + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < m; j++) a[i * m + j] = a[i * m + j] * inv - shift;
    if (shift !== 0) a[i * m + i] += 1;
  }
  valueProducts(rng, s, s.factor, lower, bf, lower, net.width);
  const g2 = 0.5 * net.branchMultiplier * net.branchMultiplier;
  const lg = net.skipMultiplier * net.branchMultiplier;
  const h = s.tmp1;
  s.times(a, s.branchGram, h); // A M
  for (let i = 0; i < m * m; i++) h[i] = g2 * h[i] + lg * s.cross[i];
  s.timesTransposed(h, a, s.tmp2); // X
  const x = s.tmp2;
  const l2 = net.skipMultiplier * net.skipMultiplier;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const value = l2 * v[off + i * m + j] + x[i * m + j] + x[j * m + i];
      v[off + i * m + j] = value;
      v[off + j * m + i] = value;
    }
  }
}

/** V ← λ² V + γ² G + λγ (X + Xᵀ), symmetrized (G is the branch Gram, X the skip×branch cross term). */
function combine(v: Float64Array, off: number, m: number, skip: number, branch: number, g: Float64Array, x: Float64Array): void {
  const l2 = skip * skip;
  const g2 = branch * branch;
  const lg = skip * branch;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const value = l2 * v[off + i * m + j] + g2 * 0.5 * (g[i * m + j] + g[j * m + i]) + lg * (x[i * m + j] + x[j * m + i]);
      v[off + i * m + j] = value;
      v[off + j * m + i] = value;
    }
  }
}

/**
 * MLP sub-block on the block v[off…] in place (§6.12 MLP recipe): U = C_Y G with G ∈ ℝ^{m×n} i.i.d. N(0, 1),
 * V_Z = c φ(U) φ(U)ᵀ/n, C_Z its factor, R = C Bᵀ C_Zᵀ/√n, M = C_Z (B Bᵀ + W_⊥) C_Zᵀ/n,
 * V ← λ² V + γ² M + λγ (R + Rᵀ). The n hidden neurons are drawn one at a time (O(m²n) work, O(m) memory).
 */
export function chainMlpLayer(v: Float64Array, off: number, rng: Random, s: ChainScratch, net: ResolvedNetwork): void {
  const m = s.tokens;
  const n = net.width;
  const lower = factorOf(v, off, s.factor, s);
  let bf = s.factor;
  if (net.preNorm) {
    normalizedFactor(v, off, s.factor, s.branchFactor, m);
    bf = s.branchFactor;
  }
  const h = s.hidden; // [0, m) Gaussian g, [m, 2m) activations φ(u)
  const vz = s.logits; // reuse as V_Z accumulator
  vz.fill(0);
  const up = net.slopeUp;
  const down = net.slopeDown;
  for (let neuron = 0; neuron < n; neuron++) {
    rng.fillZigguratNormal(h, 0, m);
    for (let i = 0; i < m; i++) {
      let u = 0;
      const kEnd = lower ? i + 1 : m;
      for (let k = 0; k < kEnd; k++) u += bf[i * m + k] * h[k];
      h[m + i] = u > 0 ? up * u : down * u;
    }
    for (let i = 0; i < m; i++) {
      const fi = h[m + i];
      for (let j = i; j < m; j++) vz[i * m + j] += fi * h[m + j];
    }
  }
  const scale = net.normaliser / n;
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const x = vz[i * m + j] * scale;
      vz[i * m + j] = x;
      vz[j * m + i] = x;
    }
  }
  const zLower = factorOf(vz, 0, s.attention, s); // C_Z in s.attention
  valueProducts(rng, s, s.factor, lower, s.attention, zLower, n);
  combine(v, off, m, net.skipMultiplier, net.branchMultiplier, s.branchGram, s.cross);
}
