/**
 * One attention head of a P1 transformer in the infinite-head limit (docs/theory/infinite-head-kernel.md §4–§5).
 * Given the kernel G of the attention input u over all probe pairs (x, s) (P = B·S rows), one head's queries and keys
 * have N i.i.d. coordinates, each a centred Gaussian vector over the P rows with covariance c_Q·G (c_K·G), independent
 * of each other and of the values (covariance c_V·G). The head's output kernel (1/N) o^a_s(x)·o^a_t(x′) has mean
 *   K[(x,s),(x′,t)] = c_V Σ_{s′,t′} E[σ_{ss′}(x) σ_{tt′}(x′)] G[(x,s′),(x′,t′)],
 * the values integrated exactly (they are independent of σ). σ(x) is drawn exactly in law:
 *   'finite'          q, k = F·Z (F Fᵀ = G, Z i.i.d. N(0,1)), optional QK-LayerNorm over the N coordinates, logits
 *                     A = logitScale·q·k, causal mask, softmax: the finite-N head (§4);
 *   'gaussianLogits'  N → ∞ at α_A = ½: A(x) = √(c_Q c_K)·F W F_xᵀ with W an r×r i.i.d. N(0,1) matrix, so that
 *                     Cov(A_{ss′}(x), A_{tt′}(x′)) = c_Q c_K G[(x,s),(x′,t)] G[(x,s′),(x′,t′)] (§5);
 *   'uniform'         N → ∞ at α_A > ½: A → 0, σ = U (uniform, or 1/(s+1) on s′ ≤ s under the causal mask) (§5).
 */
import type { KernelFactor } from './infinite-head-numerics';
import { multiplyFactor } from './infinite-head-numerics';
import type { Random } from '../base/random';

export type HeadForm = 'finite' | 'gaussianLogits' | 'uniform';

export interface HeadLaw {
  /** B probe inputs and S tokens each (P = B·S rows of every kernel). */
  inputs: number;
  tokens: number;
  /** N (ignored by the N → ∞ forms). */
  headDim: number;
  /** A = logitScale·q·k (the table's N^{−α_A}). */
  logitScale: number;
  /** c = (std·multiplier)²·fan-in of W^Q, W^K, W^V: per-coordinate covariances c·G. */
  queryScale: number;
  keyScale: number;
  valueScale: number;
  qkLayerNorm: boolean;
  causal: boolean;
  form: HeadForm;
}

/** Row-stochastic attention of every input, B×S×S: softmax of the logits (masked when causal). */
function softmaxRows(logits: Float64Array, law: HeadLaw): void {
  const S = law.tokens;
  for (let row = 0; row < law.inputs * S; row++) {
    const s = row % S;
    const base = row * S;
    const count = law.causal ? s + 1 : S;
    let max = -Infinity;
    for (let t = 0; t < count; t++) max = Math.max(max, logits[base + t]);
    let sum = 0;
    for (let t = 0; t < count; t++) {
      const e = Math.exp(logits[base + t] - max);
      logits[base + t] = e;
      sum += e;
    }
    for (let t = 0; t < count; t++) logits[base + t] /= sum;
    for (let t = count; t < S; t++) logits[base + t] = 0;
  }
}

/** QK-LayerNorm of each row of a P×N block: (q − q̄)/√(mean((q − q̄)²) + 10⁻⁶) over the N coordinates (THEORY.md §2.4). */
function layerNormRows(x: Float64Array, rows: number, width: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * width;
    let mean = 0;
    for (let k = 0; k < width; k++) mean += x[o + k];
    mean /= width;
    let v = 0;
    for (let k = 0; k < width; k++) v += (x[o + k] - mean) ** 2;
    const r = 1 / Math.sqrt(v / width + 1e-6);
    for (let k = 0; k < width; k++) x[o + k] = (x[o + k] - mean) * r;
  }
}

/** Scratch for one layer's head draws (allocated once per layer). */
export class HeadSampler {
  private readonly law: HeadLaw;
  private readonly factor: KernelFactor;
  private readonly kernel: Float64Array;
  private readonly size: number;
  private readonly attention: Float64Array;
  private readonly mixed: Float64Array;
  private readonly z: Float64Array;
  private readonly q: Float64Array;
  private readonly k: Float64Array;

  /** `kernel` is G (P×P), `factor` F with F Fᵀ = G (or the LayerNorm'd G for the QK-LN N → ∞ form). */
  constructor(law: HeadLaw, kernel: Float64Array, factor: KernelFactor) {
    this.law = law;
    this.kernel = kernel;
    this.factor = factor;
    this.size = law.inputs * law.tokens;
    const P = this.size;
    const width = law.form === 'gaussianLogits' ? factor.rank : law.headDim;
    this.attention = new Float64Array(P * law.tokens);
    this.mixed = new Float64Array(P * P);
    this.z = new Float64Array(factor.rank * width);
    this.q = new Float64Array(P * width);
    this.k = new Float64Array(law.form === 'finite' ? P * width : 0);
  }

  /** Draws σ(x) for every input of one head into this.attention (B×S×S). */
  private drawAttention(rng: Random): void {
    const { law, factor } = this;
    const S = law.tokens;
    const P = this.size;
    const a = this.attention;
    if (law.form === 'uniform') {
      for (let row = 0; row < P; row++) for (let t = 0; t < S; t++) a[row * S + t] = 0;
      softmaxRows(a, law);
      return;
    }
    const r = factor.rank;
    if (law.form === 'finite') {
      const N = law.headDim;
      rng.fillNormal(this.z, Math.sqrt(law.queryScale));
      multiplyFactor(factor, this.z, N, this.q);
      rng.fillNormal(this.z, Math.sqrt(law.keyScale));
      multiplyFactor(factor, this.z, N, this.k);
      if (law.qkLayerNorm) {
        layerNormRows(this.q, P, N);
        layerNormRows(this.k, P, N);
      }
      for (let x = 0; x < law.inputs; x++) {
        for (let s = 0; s < S; s++) {
          const qi = (x * S + s) * N;
          for (let t = 0; t < S; t++) {
            const ki = (x * S + t) * N;
            let dot = 0;
            for (let c = 0; c < N; c++) dot += this.q[qi + c] * this.k[ki + c];
            a[(x * S + s) * S + t] = law.logitScale * dot;
          }
        }
      }
    } else {
      // M = F·W, A(x)_{ss′} = √(c_Q c_K)·M_{(x,s)}·F_{(x,s′)}.
      const scale = law.qkLayerNorm ? 1 : Math.sqrt(law.queryScale * law.keyScale);
      rng.fillNormal(this.z, 1);
      multiplyFactor(factor, this.z, r, this.q);
      for (let x = 0; x < law.inputs; x++) {
        for (let s = 0; s < S; s++) {
          const mi = (x * S + s) * r;
          for (let t = 0; t < S; t++) {
            const fi = (x * S + t) * r;
            let dot = 0;
            for (let c = 0; c < r; c++) dot += this.q[mi + c] * factor.values[fi + c];
            a[(x * S + s) * S + t] = scale * dot;
          }
        }
      }
    }
    softmaxRows(a, law);
  }

  /**
   * Adds c_V·σ G σᵀ of `heads` independent heads into `sum` (upper triangle, blocks x′ ≥ x; P×P). For the
   * 'uniform' form one evaluation is exact and is added `heads` times.
   */
  accumulate(heads: number, rng: Random, sum: Float64Array): void {
    const { law, kernel } = this;
    const S = law.tokens;
    const B = law.inputs;
    const P = this.size;
    const T = this.mixed;
    const a = this.attention;
    const draws = law.form === 'uniform' ? 1 : heads;
    const weight = (law.form === 'uniform' ? heads : 1) * law.valueScale;
    for (let h = 0; h < draws; h++) {
      this.drawAttention(rng);
      // T[(x,s), j] = Σ_{s′} σ_x[s][s′] G[(x,s′), j] for j in blocks x′ ≥ x.
      for (let x = 0; x < B; x++) {
        const from = x * S;
        for (let s = 0; s < S; s++) {
          const row = (from + s) * P;
          T.fill(0, row + from, row + P);
          for (let sp = 0; sp < S; sp++) {
            const w = a[(from + s) * S + sp];
            if (w === 0) continue;
            const g = (from + sp) * P;
            for (let j = from; j < P; j++) T[row + j] += w * kernel[g + j];
          }
        }
      }
      // K[(x,s),(x′,t)] += Σ_{t′} T[(x,s),(x′,t′)] σ_{x′}[t][t′].
      for (let x = 0; x < B; x++) {
        for (let s = 0; s < S; s++) {
          const row = (x * S + s) * P;
          for (let xp = x; xp < B; xp++) {
            const col = xp * S;
            for (let t = 0; t < S; t++) {
              const ai = (col + t) * S;
              let dot = 0;
              for (let tp = 0; tp < S; tp++) dot += T[row + col + tp] * a[ai + tp];
              sum[row + col + t] += weight * dot;
            }
          }
        }
      }
    }
  }

  /** The attention σ(x) of the last draw (B×S×S), for the limiting law of A over heads. */
  lastAttention(): Float64Array {
    return this.attention;
  }
}
