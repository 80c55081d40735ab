/**
 * Synthetic tasks on real-valued tokens, each with its Bayes-optimal predictor and loss:
 *  - gaussianMixtureTask: C classes, each a mean sequence μ_c ∈ ℝ^{S×D}; x = μ_y + σ ε (a cheap ViT-like task).
 *    Posterior: log p(c | x) = −‖x − μ_c‖²/(2σ²) − log Σ_c' exp(−‖x − μ_c'‖²/(2σ²)) (equal priors). Optimal loss
 *    E[−log p(y | x)] (Monte Carlo via bayesLoss); for C = 2 the Bayes error is Φ(−‖μ₁ − μ₀‖/(2σ)).
 *  - inContextRegressionTask: w ~ N(0, I_d) per sequence, xᵢ ~ N(0, I_d), yᵢ = w·xᵢ/√d + σ εᵢ; tokens (xᵢ, yᵢ) for
 *    i = 1 … k, then the query (x_q, 0); target y_q. Bayes predictor: ŷ = x_q·m/√d with posterior
 *    Σ = (XᵀX/(dσ²) + I)⁻¹, m = Σ Xᵀy/(√d σ²); optimal mean squared error E[σ² + x_qᵀ Σ x_q / d].
 * Batch `step` is drawn from streamRandom(seed, step + 1) (stream 0 draws the task's fixed parameters).
 */
import { streamRandom } from './streams';

export interface VectorBatch {
  /** batchSize·tokens·features values. */
  inputs: Float32Array;
  batchSize: number;
  tokens: number;
  features: number;
}

export interface GaussianMixtureTask {
  classes: number;
  tokens: number;
  features: number;
  noise: number;
  /** classes·tokens·features: the class means μ_c, entries N(0, separation²/(S·D)) so ‖μ_c‖ ≈ separation. */
  means: Float64Array;
  batch(step: number, batchSize: number): VectorBatch & { labels: Int32Array };
  /** log p(c | x) for every example and class (batchSize·classes). */
  logPosterior(batch: VectorBatch): Float64Array;
  /** Mean −log p(y | x) of the Bayes posterior on a batch: a Monte Carlo estimate of the optimal loss. */
  bayesLoss(batch: VectorBatch & { labels: Int32Array }): number;
}

function positive(name: string, value: number, integer = true): void {
  if (!(value > 0) || (integer && !Number.isInteger(value)) || !Number.isFinite(value)) {
    throw new Error(`${name}: expected a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
}

/** A Gaussian-mixture classification of token sequences (see the file comment for the optimal loss). */
export function gaussianMixtureTask(options: { classes: number; tokens: number; features: number; noise: number; separation?: number; seed: number }): GaussianMixtureTask {
  const { classes, tokens, features, noise, seed } = options;
  positive('classes', classes);
  positive('tokens', tokens);
  positive('features', features);
  positive('noise', noise, false);
  const separation = options.separation ?? 3;
  const size = tokens * features;
  const means = streamRandom(seed, 0).fillNormal(new Float64Array(classes * size), separation / Math.sqrt(size));
  const logPosterior = (b: VectorBatch) => {
    const out = new Float64Array(b.batchSize * classes);
    for (let n = 0; n < b.batchSize; n++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let d = 0;
        for (let j = 0; j < size; j++) d += (b.inputs[n * size + j] - means[c * size + j]) ** 2;
        out[n * classes + c] = -d / (2 * noise * noise);
        max = Math.max(max, out[n * classes + c]);
      }
      let z = 0;
      for (let c = 0; c < classes; c++) z += Math.exp(out[n * classes + c] - max);
      const lse = max + Math.log(z);
      for (let c = 0; c < classes; c++) out[n * classes + c] -= lse;
    }
    return out;
  };
  return {
    classes,
    tokens,
    features,
    noise,
    means,
    batch(step, batchSize) {
      positive('batchSize', batchSize);
      const rng = streamRandom(seed, step + 1);
      const labels = new Int32Array(batchSize);
      const inputs = new Float32Array(batchSize * size);
      for (let n = 0; n < batchSize; n++) {
        labels[n] = rng.integer(classes);
        for (let j = 0; j < size; j++) inputs[n * size + j] = means[labels[n] * size + j] + noise * rng.normal();
      }
      return { inputs, labels, batchSize, tokens, features };
    },
    logPosterior,
    bayesLoss(b) {
      const lp = logPosterior(b);
      let s = 0;
      for (let n = 0; n < b.batchSize; n++) s -= lp[n * classes + b.labels[n]];
      return s / b.batchSize;
    },
  };
}

export interface RegressionBatch extends VectorBatch {
  /** The query's target y_q per sequence. */
  targets: Float64Array;
  /** The sequences' weights w (batchSize·dim). */
  weights: Float64Array;
}

export interface InContextRegressionTask {
  dim: number;
  points: number;
  noise: number;
  batch(step: number, batchSize: number): RegressionBatch;
  /** Bayes predictions ŷ and predictive variances σ² + x_qᵀΣx_q/d per sequence. */
  bayesPrediction(batch: VectorBatch): { prediction: Float64Array; variance: Float64Array };
}

/** Solve (A) x = b for a symmetric positive definite d×d matrix by Cholesky (A and b are overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= a[j * d + k] ** 2;
    const l = Math.sqrt(s);
    a[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / l;
    }
  }
  for (let i = 0; i < d; i++) {
    let t = b[i];
    for (let k = 0; k < i; k++) t -= a[i * d + k] * b[k];
    b[i] = t / a[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = b[i];
    for (let k = i + 1; k < d; k++) t -= a[k * d + i] * b[k];
    b[i] = t / a[i * d + i];
  }
  return b;
}

/** In-context linear regression (see the file comment for the Bayes predictor and its loss). */
export function inContextRegressionTask(options: { dim: number; points: number; noise: number; seed: number }): InContextRegressionTask {
  const { dim: d, points: k, noise, seed } = options;
  positive('dim', d);
  positive('points', k);
  positive('noise', noise, false);
  const features = d + 1;
  const tokens = k + 1;
  return {
    dim: d,
    points: k,
    noise,
    batch(step, batchSize) {
      positive('batchSize', batchSize);
      const rng = streamRandom(seed, step + 1);
      const inputs = new Float32Array(batchSize * tokens * features);
      const targets = new Float64Array(batchSize);
      const weights = rng.fillNormal(new Float64Array(batchSize * d));
      for (let n = 0; n < batchSize; n++) {
        for (let i = 0; i <= k; i++) {
          const at = (n * tokens + i) * features;
          let y = 0;
          for (let j = 0; j < d; j++) {
            const x = rng.normal();
            inputs[at + j] = x;
            y += weights[n * d + j] * x;
          }
          y = y / Math.sqrt(d) + noise * rng.normal();
          if (i < k) inputs[at + d] = y;
          else targets[n] = y;
        }
      }
      return { inputs, targets, weights, batchSize, tokens, features };
    },
    bayesPrediction(b) {
      const prediction = new Float64Array(b.batchSize);
      const variance = new Float64Array(b.batchSize);
      const s2 = noise * noise;
      for (let n = 0; n < b.batchSize; n++) {
        const precision = new Float64Array(d * d); // XᵀX/(dσ²) + I
        const rhs = new Float64Array(d); // Xᵀy/(√d σ²)
        for (let i = 0; i < k; i++) {
          const at = (n * tokens + i) * features;
          for (let r = 0; r < d; r++) {
            rhs[r] += (b.inputs[at + r] * b.inputs[at + d]) / (Math.sqrt(d) * s2);
            for (let c = 0; c < d; c++) precision[r * d + c] += (b.inputs[at + r] * b.inputs[at + c]) / (d * s2);
          }
        }
        for (let r = 0; r < d; r++) precision[r * d + r] += 1;
        const q = new Float64Array(d);
        const qAt = (n * tokens + k) * features;
        for (let r = 0; r < d; r++) q[r] = b.inputs[qAt + r];
        const m = choleskySolve(precision.slice(), rhs, d);
        const sq = choleskySolve(precision, q.slice(), d); // Σ x_q
        let p = 0;
        let v = 0;
        for (let r = 0; r < d; r++) {
          p += q[r] * m[r];
          v += q[r] * sq[r];
        }
        prediction[n] = p / Math.sqrt(d);
        variance[n] = s2 + v / d;
      }
      return { prediction, variance };
    },
  };
}
