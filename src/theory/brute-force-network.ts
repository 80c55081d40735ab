/**
 * Test oracle for the covariance chain: the real width-n network at initialization with explicit n×n Gaussian
 * weights, X ∈ ℝ^{m×n} (THEORY.md §6.2–6.4, §6.13). Cost O(m n²) per layer: use small n (≈ 32).
 */
import { choleskyFactor } from '../base/linalg';
import { Random } from '../base/random';
import { CovarianceTrajectories } from './covariance-trajectories';
import { NetworkOptions, ResolvedNetwork, networkOptionKeys, resolveNetworkOptions } from './covariance-options';
import { booleanOption, checkOptionKeys, rejectOption, startLongRun, type KeysComplete } from './solver-inputs';

/** Options of simulateBruteForceNetwork: the same network options as the chain. */
export interface BruteForceNetworkOptions extends NetworkOptions {
  /** with normalization 'preRms', also subtract each token's mean over the n coordinates (true LayerNorm); default false */
  subtractMean?: boolean;
}

/** Option keys of simulateBruteForceNetwork. */
export const bruteForceNetworkKeys = [...networkOptionKeys, 'subtractMean'] as const;
const bruteForceKeysComplete: KeysComplete<BruteForceNetworkOptions, typeof bruteForceNetworkKeys> = true;
void bruteForceKeysComplete;

/**
 * Estimated operations of one brute-force layer of one sample: attention n²(m + 10) + n n_k (2m + 20) (the value
 * product and the Gaussian draws of W^V, W^Q, W^K at ≈ 10 operations per normal), MLP n²(2m + 20).
 */
export function bruteForceLayerWork(net: ResolvedNetwork): number {
  const { tokens: m, width: n, keyDim: nk } = net;
  return (net.attention !== 'none' ? n * n * (m + 10) + n * nk * (2 * m + 20) : 0) + (net.mlp ? n * n * (2 * m + 20) : 0);
}

/** Buffers for one sample. */
class Buffers {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly q: Float64Array;
  readonly k: Float64Array;
  readonly wq: Float64Array;
  readonly wk: Float64Array;
  readonly w: Float64Array;
  readonly a: Float64Array;
  constructor(m: number, n: number, nk: number) {
    this.x = new Float64Array(m * n);
    this.y = new Float64Array(m * n);
    this.z = new Float64Array(m * n);
    this.q = new Float64Array(m * nk);
    this.k = new Float64Array(m * nk);
    this.wq = new Float64Array(n * nk);
    this.wk = new Float64Array(n * nk);
    this.w = new Float64Array(n * n);
    this.a = new Float64Array(m * m);
  }
}

/** out (m×cols) = scale · in (m×inner) · w (inner×cols). */
function rowTimes(input: Float64Array, w: Float64Array, out: Float64Array, m: number, inner: number, cols: number, scale: number): void {
  out.fill(0, 0, m * cols);
  for (let i = 0; i < m; i++) {
    for (let t = 0; t < inner; t++) {
      const x = input[i * inner + t] * scale;
      if (x === 0) continue;
      const base = t * cols;
      const o = i * cols;
      for (let j = 0; j < cols; j++) out[o + j] += x * w[base + j];
    }
  }
}

/** Branch input Y: X itself, or each token rescaled to norm √n (after mean subtraction for true LayerNorm). */
function branchInput(b: Buffers, net: ResolvedNetwork, subtractMean: boolean): Float64Array {
  if (!net.preNorm) return b.x;
  const m = net.tokens;
  const n = net.width;
  for (let i = 0; i < m; i++) {
    let mean = 0;
    if (subtractMean) {
      for (let j = 0; j < n; j++) mean += b.x[i * n + j];
      mean /= n;
    }
    let ss = 0;
    for (let j = 0; j < n; j++) ss += (b.x[i * n + j] - mean) ** 2;
    const s = Math.sqrt(n / ss);
    for (let j = 0; j < n; j++) b.y[i * n + j] = (b.x[i * n + j] - mean) * s;
  }
  return b.y;
}

/** X ← λX + γ A Y W^V/√n with A shaped or standard softmax attention of the branch input Y (§6.2–6.3, §6.13). */
function attentionLayer(b: Buffers, net: ResolvedNetwork, rng: Random, subtractMean: boolean): void {
  const m = net.tokens;
  const n = net.width;
  const nk = net.keyDim;
  const y = branchInput(b, net, subtractMean);
  rng.fillNormal(b.wq, 1 / Math.sqrt(n));
  rng.fillNormal(b.wk, 1 / Math.sqrt(n));
  rowTimes(y, b.wq, b.q, m, n, nk, 1);
  rowTimes(y, b.wk, b.k, m, n, nk, 1);
  const shaped = net.attention === 'shaped';
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < nk; t++) s += b.q[i * nk + t] * b.k[j * nk + t];
      b.a[i * m + j] = s * net.logitScale;
      max = Math.max(max, b.a[i * m + j]);
    }
    let sum = 0;
    for (let j = 0; j < m; j++) {
      b.a[i * m + j] = Math.exp(b.a[i * m + j] - max);
      sum += b.a[i * m + j];
    }
    for (let j = 0; j < m; j++) b.a[i * m + j] = b.a[i * m + j] / sum + (shaped ? (i === j ? 1 : 0) - 1 / m : 0);
  }
  rng.fillNormal(b.w);
  rowTimes(y, b.w, b.z, m, n, n, 1 / Math.sqrt(n));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < m; t++) s += b.a[i * m + t] * b.z[t * n + j];
      b.x[i * n + j] = net.skipMultiplier * b.x[i * n + j] + net.branchMultiplier * s;
    }
  }
}

/** X ← λX + γ √(c/n) φ(Y W^pre/√n) W^post (§6.4). */
function mlpLayer(b: Buffers, net: ResolvedNetwork, rng: Random, subtractMean: boolean): void {
  const m = net.tokens;
  const n = net.width;
  const y = branchInput(b, net, subtractMean);
  rng.fillNormal(b.w);
  rowTimes(y, b.w, b.z, m, n, n, 1 / Math.sqrt(n));
  for (let i = 0; i < m * n; i++) b.z[i] = b.z[i] > 0 ? net.slopeUp * b.z[i] : net.slopeDown * b.z[i];
  rng.fillNormal(b.w);
  const out = b.y; // free: Y (if it is b.y) was consumed by the first product

  rowTimes(b.z, b.w, out, m, n, n, Math.sqrt(net.normaliser / n));
  for (let i = 0; i < m * n; i++) b.x[i] = net.skipMultiplier * b.x[i] + net.branchMultiplier * out[i];
}

/**
 * Samples K networks with explicit weights (W^Q, W^K ∈ ℝ^{n×n_k} with N(0, 1/n) entries; W^V, W^pre, W^post ∈ ℝ^{n×n}
 * with N(0, 1) entries; fresh in every layer) and records V_ℓ = X_ℓ X_ℓᵀ/n. X₀ = √n C₀ [I_m 0] with C₀ C₀ᵀ = V₀
 * (every layer is rotation invariant, so any X₀ with Gram V₀ gives the same law of V_ℓ for ℓ ≥ 0). Refuses (naming
 * depth) a run whose estimated work samples · depth · bruteForceLayerWork exceeds workLimit; reports progress per sample.
 */
export function simulateBruteForceNetwork(options: BruteForceNetworkOptions = {}): CovarianceTrajectories {
  checkOptionKeys('simulateBruteForceNetwork', options, bruteForceNetworkKeys);
  const net = resolveNetworkOptions(options);
  const subtractMean = booleanOption('subtractMean', options.subtractMean, false);
  const run = startLongRun(
    'simulateBruteForceNetwork', options, 'depth', net.depth, net.samples * net.depth * bruteForceLayerWork(net),
    'samples · depth · layer work', net.samples,
  );
  const { tokens: m, width: n, samples: K, depth, recordLayers } = net;
  const mm = m * m;
  const R = recordLayers.length;
  const covariances = new Float64Array(R * K * mm);
  const c0 = new Float64Array(mm);
  if (!choleskyFactor(net.initialCovariance, 0, c0, 0, m)) {
    rejectOption('initialCovariance', Array.from(net.initialCovariance), 'a positive definite matrix for the brute-force network (X₀ = √n C₀ [I 0] needs a Cholesky factor)');
  }
  const b = new Buffers(m, n, Math.max(net.keyDim, n));
  const base = new Random(net.seed);
  for (let k = 0; k < K; k++) {
    const rng = base.fork(k);
    b.x.fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) b.x[i * n + j] = Math.sqrt(n) * c0[i * m + j];
    let r = 0;
    for (let layer = 0; layer <= depth; layer++) {
      if (layer > 0) {
        if (net.attention !== 'none') attentionLayer(b, net, rng, subtractMean);
        if (net.mlp) mlpLayer(b, net, rng, subtractMean);
      }
      if (r < R && recordLayers[r] === layer) {
        const off = (r * K + k) * mm;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < m; j++) {
            let s = 0;
            for (let t = 0; t < n; t++) s += b.x[i * n + t] * b.x[j * n + t];
            covariances[off + i * m + j] = s / n;
          }
        }
        r++;
      }
    }
    run.progress.report(k + 1);
  }
  return {
    source: 'network', tokens: m, samples: K,
    times: Float64Array.from(recordLayers, (l) => l / n),
    layers: recordLayers, covariances,
    exploded: new Uint8Array(K), explosionTimes: new Float64Array(K).fill(NaN), clippedEigenvalues: 0,
  };
}
