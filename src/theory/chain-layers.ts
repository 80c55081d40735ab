/**
 * One layer of the exact-in-law finite-width covariance chain (THEORY.md §6.12–6.13): the m×m Gram matrix V of a
 * width-n network is updated using only m×m random matrices (attention) or m×n ones (MLP), never n×n weights.
 */
import { EigenWorkspace, congruence, covarianceFactor, matMul, matMulTransposeB } from './linalg';
import { Random } from './random';
import { WishartSampler } from './wishart';
import { ResolvedNetwork } from './covariance-options';

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
  readonly gram: Float64Array;
  readonly branchGram: Float64Array;
  readonly cross: Float64Array;
  readonly tmp1: Float64Array;
  readonly tmp2: Float64Array;
  readonly hidden: Float64Array;
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
    this.gram = new Float64Array(mm);
    this.branchGram = new Float64Array(mm);
    this.cross = new Float64Array(mm);
    this.tmp1 = new Float64Array(mm);
    this.tmp2 = new Float64Array(mm);
    this.hidden = new Float64Array(3 * tokens);
  }
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
 * and W_⊥ ~ Wishart_m(n − m, I), R = C_skip Bᵀ C_branchᵀ/√n (law of X Zᵀ/n) into s.cross and
 * M = C_branch (B Bᵀ + W_⊥) C_branchᵀ/n (law of Z Zᵀ/n) into s.branchGram.
 */
function valueProducts(rng: Random, s: ChainScratch, skipFactor: Float64Array, branchFactor: Float64Array, n: number): void {
  const m = s.tokens;
  const mm = m * m;
  const b = s.gaussian;
  rng.fillNormal(b, 1, 0, mm);
  s.wishart.wishart(rng, n - m, s.gram, 0);
  const g = s.gram;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let k = 0; k < m; k++) acc += b[i * m + k] * b[j * m + k];
      g[i * m + j] += acc;
    }
  }
  congruence(branchFactor, 0, g, 0, s.branchGram, 0, m, s.tmp1);
  const invN = 1 / n;
  for (let i = 0; i < mm; i++) s.branchGram[i] *= invN;
  matMulTransposeB(skipFactor, 0, b, 0, s.tmp1, 0, m, m, m);
  matMulTransposeB(s.tmp1, 0, branchFactor, 0, s.cross, 0, m, m, m);
  const invRoot = 1 / Math.sqrt(n);
  for (let i = 0; i < mm; i++) s.cross[i] *= invRoot;
}

/**
 * Attention sub-block on the m×m block v[off…] in place (§6.12 attention recipe, §6.13 baselines):
 *   logits = scale · C_Y Ξ C_Yᵀ, Ξ ~ B_q B_kᵀ;  A = softmax(logits) (+ I − 11ᵀ/m when shaped);
 *   V ← λ² V + γ² A M Aᵀ + λγ (R Aᵀ + A Rᵀ),
 * with C_Y = C (λ/γ residual) or D_V^{−1} C and λ = γ = 1 (Pre-LN, RMS normalization).
 */
export function chainAttentionLayer(v: Float64Array, off: number, rng: Random, s: ChainScratch, net: ResolvedNetwork): void {
  const m = s.tokens;
  s.clipped += covarianceFactor(v, off, s.factor, 0, s.eigen);
  let bf = s.factor;
  if (net.preNorm) {
    normalizedFactor(v, off, s.factor, s.branchFactor, m);
    bf = s.branchFactor;
  }
  if (s.explicitLogits) s.wishart.crossGramExplicit(rng, net.keyDim, s.xi, 0);
  else s.wishart.crossGram(rng, net.keyDim, s.xi, 0);
  congruence(bf, 0, s.xi, 0, s.logits, 0, m, s.tmp1);
  const scale = net.logitScale;
  const shaped = net.attention === 'shaped';
  const a = s.attention;
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let j = 0; j < m; j++) max = Math.max(max, s.logits[i * m + j] * scale);
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(s.logits[i * m + j] * scale - max);
      a[i * m + j] = e;
      sum += e;
    }
    for (let j = 0; j < m; j++) a[i * m + j] = a[i * m + j] / sum + (shaped ? (i === j ? 1 : 0) - 1 / m : 0);
  }
  valueProducts(rng, s, s.factor, bf, net.width);
  matMul(a, 0, s.branchGram, 0, s.tmp1, 0, m, m, m);
  matMulTransposeB(s.tmp1, 0, a, 0, s.tmp2, 0, m, m, m); // A M Aᵀ
  matMulTransposeB(s.cross, 0, a, 0, s.tmp1, 0, m, m, m); // R Aᵀ
  combine(v, off, m, net.skip, net.branch, s.tmp2, s.tmp1);
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
  s.clipped += covarianceFactor(v, off, s.factor, 0, s.eigen);
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
    for (let i = 0; i < m; i++) h[i] = rng.normal();
    for (let i = 0; i < m; i++) {
      let u = 0;
      for (let k = 0; k < m; k++) u += bf[i * m + k] * h[k];
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
  s.clipped += covarianceFactor(vz, 0, s.attention, 0, s.eigen); // C_Z in s.attention
  valueProducts(rng, s, s.factor, s.attention, n);
  combine(v, off, m, net.skip, net.branch, s.branchGram, s.cross);
}
