/**
 * The plain shaped-ReLU MLP of THEORY.md §6.5, X_{ℓ+1} = √(c/n) φ_s(X_ℓ) W_ℓ with W_ℓ ∈ ℝ^{n×n} i.i.d. N(0, 1) and no
 * skip, next to the residual MLP sub-block of §6.4: its exact-in-law finite-width chain and the brute-force network
 * with explicit n×n weights (the chain's test oracle). Its SDE is simulateCovarianceSde with model 'plainMlp':
 * b^{αβ} = ν(ρ^{αβ})√(V^{αα}V^{ββ}), Σ = V⊗V (κ = 1: one fresh matrix per layer), time t = ℓ/n.
 *
 * Input layer: the network is not rotation invariant (φ_s acts coordinate-wise), so its law depends on X₀, not only
 * on V₀. Both simulators take X₀ with i.i.d. N(0, V₀) columns — the output of a Gaussian read-in layer applied to
 * inputs of Gram V₀ — and record V_ℓ = X_ℓ X_ℓᵀ/n, so V_0 itself fluctuates around V₀ by O(n^{−1/2}).
 */
import { EigenWorkspace, choleskyFactor, psdSquareRoot } from '../base/linalg';
import { Random } from '../base/random';
import { CovarianceTrajectories, averageMeanCorrelation } from './covariance-trajectories';
import { InitialCovarianceOptions, initialCovarianceKeys, resolveInitialCovariance, resolveRecordPoints } from './covariance-options';
import { shapedReluNormaliser, slopesOption } from './shaped-coefficients';
import {
  LongRunOptions, checkOptionKeys, choiceOption, integerOption, longRunKeys, numberOption, rejectOption, startLongRun,
  type KeysComplete,
} from './solver-inputs';

/** Options of the plain MLP chain and network (defaults: m = 4, ρ₀ = 0.2, n = 200, 200 layers (T = 1), c₊ = 0, c₋ = −1.5). */
export interface PlainMlpOptions extends InitialCovarianceOptions, LongRunOptions {
  /** n, width of every layer; default 200 */
  width?: number;
  /** number of layers; default 200 (T = depth/n = 1 at the default width) */
  depth?: number;
  /** (c₊, c₋) of the slopes s_± = 1 + c_±/√n (the Spec's shapedReluSlopes); default (0, −1.5) */
  shapedReluSlopes?: [number, number];
  /** 'shapedRelu' φ_s (default) or the unshaped 'relu' with c = 2 (ρ → 1 with depth) */
  activation?: 'shapedRelu' | 'relu';
  /** K, number of independent samples; default 2048 */
  samples?: number;
  /** seed; sample k uses new Random(seed).fork(k); default 0 */
  seed?: number;
  /** layers ℓ at which V is recorded (0 = the input layer X₀); default every layer 0…depth */
  recordLayers?: number[];
}

/** Option keys of the plain MLP simulators. */
export const plainMlpKeys = [
  ...initialCovarianceKeys, ...longRunKeys, 'width', 'depth', 'shapedReluSlopes', 'activation', 'samples', 'seed', 'recordLayers',
] as const;
const plainMlpKeysComplete: KeysComplete<PlainMlpOptions, typeof plainMlpKeys> = true;
void plainMlpKeysComplete;

/** Resolved plain MLP options. */
export interface ResolvedPlainMlp {
  tokens: number;
  initialCovariance: Float64Array;
  width: number;
  depth: number;
  samples: number;
  seed: number;
  recordLayers: Int32Array;
  /** slopes s₊, s₋ of φ and the normaliser c with c E φ(g)² = 1 */
  slopeUp: number;
  slopeDown: number;
  normaliser: number;
}

/** Applies the defaults and checks every option (names the field, the allowed values and the value). */
export function resolvePlainMlpOptions(what: string, o: PlainMlpOptions = {}): ResolvedPlainMlp {
  checkOptionKeys(what, o, plainMlpKeys);
  const tokens = integerOption('tokens', o.tokens, 4, 1, 64);
  const width = integerOption('width', o.width, 200, 1);
  const depth = integerOption('depth', o.depth, 200, 0);
  const [cp, cm] = slopesOption(o.shapedReluSlopes);
  const activation = choiceOption('activation', o.activation, 'shapedRelu', ['shapedRelu', 'relu'] as const);
  if (activation === 'relu' && o.shapedReluSlopes !== undefined) {
    rejectOption('shapedReluSlopes', o.shapedReluSlopes, "to be absent with activation 'relu' (slopes 1 and 0)");
  }
  const root = Math.sqrt(width);
  return {
    tokens,
    initialCovariance: resolveInitialCovariance({ ...o, tokens }),
    width,
    depth,
    samples: integerOption('samples', o.samples, 2048, 1),
    seed: numberOption('seed', o.seed, 0),
    recordLayers: resolveRecordPoints('recordLayers', o.recordLayers, depth),
    slopeUp: activation === 'relu' ? 1 : 1 + cp / root,
    slopeDown: activation === 'relu' ? 0 : 1 + cm / root,
    normaliser: activation === 'relu' ? 2 : shapedReluNormaliser(cp, cm, width),
  };
}

/** Trajectories with the sample average of ρ̄ per record and the resolved options. */
export interface PlainMlpResult extends CovarianceTrajectories {
  averageCorrelation: Float64Array;
  network: ResolvedPlainMlp;
}

function result(source: 'chain' | 'network', net: ResolvedPlainMlp, covariances: Float64Array, clipped: number): PlainMlpResult {
  const traj: CovarianceTrajectories = {
    source, tokens: net.tokens, samples: net.samples,
    times: Float64Array.from(net.recordLayers, (l) => l / net.width),
    layers: net.recordLayers, covariances,
    exploded: new Uint8Array(net.samples), explosionTimes: new Float64Array(net.samples).fill(NaN), clippedEigenvalues: clipped,
  };
  return { ...traj, averageCorrelation: averageMeanCorrelation(traj), network: net };
}

/**
 * Exact-in-law chain of the plain MLP (§6.5): given the past, the n neurons (columns) of X_ℓ are i.i.d. N(0, V̂_{ℓ−1})
 * with V̂_{−1} = V₀ and V̂_ℓ = (c/n) Σ_j φ_s(z_{ℓ,j}) φ_s(z_{ℓ,j})ᵀ, because X_{ℓ+1} = √(c/n) φ_s(X_ℓ) W has columns
 * √(c/n) φ_s(X_ℓ) w_j with w_j ~ N(0, I_n). Per layer: draw z_j = C g_j (C Cᵀ = V̂_{ℓ−1}, g_j ~ N(0, I_m)), record
 * V_ℓ = (1/n) Σ_j z_j z_jᵀ, form V̂_ℓ, factor it. Cost O(m² n) per layer; work ≈ samples · (depth + 1) · n(2m² + 12m)
 * (checked against workLimit, naming depth); progress per sample.
 */
export function simulatePlainMlpChain(options: PlainMlpOptions = {}): PlainMlpResult {
  const net = resolvePlainMlpOptions('simulatePlainMlpChain', options);
  const { tokens: m, width: n, samples: K, depth, recordLayers } = net;
  const run = startLongRun(
    'simulatePlainMlpChain', options, 'depth', depth, K * (depth + 1) * n * (2 * m * m + 12 * m), 'samples · (depth + 1) · n(2m² + 12m)', K,
  );
  const mm = m * m;
  const R = recordLayers.length;
  const covariances = new Float64Array(R * K * mm);
  const eigen = new EigenWorkspace(m);
  const factor = new Float64Array(mm);
  const gram = new Float64Array(mm);
  const hat = new Float64Array(mm);
  const g = new Float64Array(m);
  const z = new Float64Array(m);
  const f = new Float64Array(m);
  const base = new Random(net.seed);
  const scale = net.normaliser / n;
  let clipped = 0;
  for (let k = 0; k < K; k++) {
    const rng = base.fork(k);
    hat.set(net.initialCovariance);
    let r = 0;
    for (let layer = 0; layer <= depth; layer++) {
      const lower = choleskyFactor(hat, 0, factor, 0, m);
      if (!lower) clipped += psdSquareRoot(hat, 0, factor, 0, eigen);
      gram.fill(0);
      hat.fill(0);
      for (let j = 0; j < n; j++) {
        rng.fillZigguratNormal(g, 0, m);
        for (let a = 0; a < m; a++) {
          let s = 0;
          const end = lower ? a + 1 : m;
          for (let b = 0; b < end; b++) s += factor[a * m + b] * g[b];
          z[a] = s;
          f[a] = s > 0 ? net.slopeUp * s : net.slopeDown * s;
        }
        for (let a = 0; a < m; a++) {
          const za = z[a];
          const fa = f[a];
          for (let b = a; b < m; b++) {
            gram[a * m + b] += za * z[b];
            hat[a * m + b] += fa * f[b];
          }
        }
      }
      for (let a = 0; a < m; a++) {
        for (let b = a; b < m; b++) {
          const v = gram[a * m + b] / n;
          gram[a * m + b] = v;
          gram[b * m + a] = v;
          const h = hat[a * m + b] * scale;
          hat[a * m + b] = h;
          hat[b * m + a] = h;
        }
      }
      if (r < R && recordLayers[r] === layer) covariances.set(gram, (r++ * K + k) * mm);
    }
    run.progress.report(k + 1);
  }
  return result('chain', net, covariances, clipped);
}

/**
 * The plain MLP with explicit weights (test oracle for the chain): X₀ = C₀ G with G ∈ ℝ^{m×n} i.i.d. N(0, 1)
 * (C₀ C₀ᵀ = V₀), then X_{ℓ+1} = √(c/n) φ_s(X_ℓ) W_ℓ with fresh W_ℓ ∈ ℝ^{n×n} i.i.d. N(0, 1); records V_ℓ = X_ℓ X_ℓᵀ/n.
 * Cost O(m n²) per layer; work ≈ samples · depth · n²(2m + 10) (checked against workLimit, naming depth); progress per
 * sample. Sample k uses new Random(seed).fork(k).
 */
export function simulatePlainMlpNetwork(options: PlainMlpOptions = {}): PlainMlpResult {
  const net = resolvePlainMlpOptions('simulatePlainMlpNetwork', options);
  const { tokens: m, width: n, samples: K, depth, recordLayers } = net;
  const run = startLongRun(
    'simulatePlainMlpNetwork', options, 'depth', depth, K * depth * n * n * (2 * m + 10), 'samples · depth · n²(2m + 10)', K,
  );
  const mm = m * m;
  const c0 = new Float64Array(mm);
  // any C₀ with C₀ C₀ᵀ = V₀ gives columns N(0, V₀): Cholesky, or the eigen root of a singular V₀
  if (!choleskyFactor(net.initialCovariance, 0, c0, 0, m)) psdSquareRoot(net.initialCovariance, 0, c0, 0, new EigenWorkspace(m));
  const R = recordLayers.length;
  const covariances = new Float64Array(R * K * mm);
  const x = new Float64Array(m * n);
  const y = new Float64Array(m * n);
  const w = new Float64Array(n * n);
  const g = new Float64Array(m * n);
  const base = new Random(net.seed);
  const scale = Math.sqrt(net.normaliser / n);
  for (let k = 0; k < K; k++) {
    const rng = base.fork(k);
    rng.fillNormal(g);
    x.fill(0);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
      const c = c0[a * m + b];
      if (c !== 0) for (let j = 0; j < n; j++) x[a * n + j] += c * g[b * n + j];
    }
    let r = 0;
    for (let layer = 0; layer <= depth; layer++) {
      if (layer > 0) {
        for (let i = 0; i < m * n; i++) x[i] = x[i] > 0 ? net.slopeUp * x[i] : net.slopeDown * x[i];
        rng.fillNormal(w);
        y.fill(0);
        for (let a = 0; a < m; a++) {
          for (let t = 0; t < n; t++) {
            const v = x[a * n + t] * scale;
            if (v === 0) continue;
            for (let j = 0; j < n; j++) y[a * n + j] += v * w[t * n + j];
          }
        }
        x.set(y);
      }
      if (r < R && recordLayers[r] === layer) {
        const off = (r++ * K + k) * mm;
        for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
          let s = 0;
          for (let t = 0; t < n; t++) s += x[a * n + t] * x[b * n + t];
          covariances[off + a * m + b] = s / n;
        }
      }
    }
    run.progress.report(k + 1);
  }
  return result('network', net, covariances, 0);
}
