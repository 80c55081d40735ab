/**
 * P1 initialization figures against the computed infinite-head limit (FIGURES.md P1-3a, P1-3b;
 * docs/theory/infinite-head-kernel.md): the limit kernels of the P1-3a networks on the same Gaussian probe inputs, the
 * relative squared error of every finite-H seed against the limit (minus the limit's own Monte Carlo floor) with the
 * slope over every H and the two-term check H·err = C + D/H, and the limiting law of one attention logit over heads.
 */
import type { AttentionLogitLaw } from '../../theory/attention-logit-law';
import { infiniteHeadKernels, type InfiniteHeadKernels } from '../../theory/infinite-head-kernels';
import { infiniteHeadLogitLaw } from '../../theory/infinite-head-logit-law';
import { p1ScaledSpec, scaledImageData, scaledProbeBatch } from '../p1-scaled/common';
import { bootstrapPowerLawSlope, gaussianPatchInputs, p1InitSpec, type BootstrapSlope, type P1InitVariant } from './common';

export interface P1InitLimitOptions {
  variant: P1InitVariant;
  headDim: number;
  depth: number;
  attentionExponent?: number;
  /** Probe images (count, seed) exactly as p1InitialKernels / p1InitialLogits draw them. */
  inputs: number;
  inputSeed: number;
  /** Head draws per layer and replicate chains of the solver (defaults 1024 and 8). */
  heads?: number;
  replicates?: number;
  seed?: number;
}

/** infiniteHeadKernels for the P1-3a/3b network {variant, N, L, α_A} on its Gaussian probe images (28×28, patch 7). */
export function p1InitialLimit(options: P1InitLimitOptions): InfiniteHeadKernels {
  const spec = p1InitSpec({ variant: options.variant, headDim: options.headDim, heads: 1, depth: options.depth, attentionExponent: options.attentionExponent ?? 1 });
  const x = gaussianPatchInputs(options.inputs, options.inputSeed);
  try {
    return infiniteHeadKernels(spec, { values: x.dataSync(), shape: x.shape }, { heads: options.heads ?? 1024, replicates: options.replicates ?? 8, seed: options.seed ?? 0, tokenLevel: false });
  } finally {
    x.dispose();
  }
}

export interface LimitConvergenceLayer {
  layer: number;
  /** Per fitted H: mean over seeds of ‖Φ_H − Φ_∞‖²/‖Φ_∞‖² − floor, and its SE over seeds. */
  meanError: number[];
  errorSE: number[];
  errors: number[][];
  /** The limit's Monte Carlo floor Σ SE²/‖Φ_∞‖² (already subtracted). */
  floor: number;
  /** Slope of log mean error against log H over every H (± LSQ and bootstrap-over-seeds SE). */
  fit: BootstrapSlope;
  /** Weighted fit H·err = C + D/H: C (the prefactor of 1/H), D, and its χ² over the H points (dof = points − 2). */
  prefactor: number;
  correction: number;
  chiSquare: number;
  dof: number;
}

/**
 * P1-3a against the limit: for each layer, errors of every run at H ∈ `heads` against the pooled limit kernel. The
 * limit's MC error adds E‖Φ̂_∞ − Φ_∞‖² ≈ Σ SE² to every error (independent of the networks), hence the floor.
 */
export function kernelConvergenceToLimit(
  records: readonly { variant: string; heads: number; kernels: number[][] }[],
  variant: string,
  heads: readonly number[],
  limit: InfiniteHeadKernels,
): LimitConvergenceLayer[] {
  const mine = records.filter((r) => r.variant === variant);
  return limit.layers.map((layer, l) => {
    const ref = layer.raw.pooled;
    let den = 0;
    let floor = 0;
    for (let i = 0; i < ref.value.length; i++) {
      den += ref.value[i] ** 2;
      floor += ref.standardError[i] ** 2;
    }
    floor /= den;
    const errors = heads.map((h) => {
      const runs = mine.filter((r) => r.heads === h);
      if (runs.length === 0) throw new Error(`heads: no ${variant} runs at H = ${h}`);
      return runs.map((r) => {
        const k = r.kernels[l];
        if (k.length !== ref.value.length) throw new Error(`kernels: run has ${k.length} entries, the limit ${ref.value.length} (same probe inputs?)`);
        let num = 0;
        for (let i = 0; i < k.length; i++) num += (k[i] - ref.value[i]) ** 2;
        return num / den - floor;
      });
    });
    const meanError = errors.map((e) => e.reduce((a, b) => a + b, 0) / e.length);
    const errorSE = errors.map((e, k) => Math.sqrt(e.reduce((a, b) => a + (b - meanError[k]) ** 2, 0) / Math.max(1, e.length - 1) / e.length));
    meanError.forEach((m, k) => {
      if (!(m > 0)) throw new Error(`limit: the mean error at H = ${heads[k]} (${m}) is not above the limit's MC floor ${floor}; raise the solver's heads`);
    });
    const two = twoTermFit(heads, meanError, errorSE);
    return { layer: l, meanError, errorSE, errors, floor, fit: bootstrapPowerLawSlope([...heads], errors, 200, 31 + l), ...two };
  });
}

/** Weighted least squares of y = H·err on 1/H (weights 1/(H·SE)²): H·err = C + D/H, with its χ². */
function twoTermFit(heads: readonly number[], means: readonly number[], ses: readonly number[]): { prefactor: number; correction: number; chiSquare: number; dof: number } {
  const y = means.map((m, k) => heads[k] * m);
  const w = ses.map((s, k) => 1 / (heads[k] * s) ** 2);
  const x = heads.map((h) => 1 / h);
  const sw = w.reduce((a, b) => a + b, 0);
  const mx = w.reduce((a, wi, k) => a + wi * x[k], 0) / sw;
  const my = w.reduce((a, wi, k) => a + wi * y[k], 0) / sw;
  const correction = w.reduce((a, wi, k) => a + wi * (x[k] - mx) * (y[k] - my), 0) / w.reduce((a, wi, k) => a + wi * (x[k] - mx) ** 2, 0);
  const prefactor = my - correction * mx;
  const chiSquare = w.reduce((a, wi, k) => a + wi * (y[k] - prefactor - correction * x[k]) ** 2, 0);
  return { prefactor, correction, chiSquare, dof: heads.length - 2 };
}

/** Upper 99.9 % quantile of χ² with 1…8 degrees of freedom (for the two-term fit's consistency claim). */
export const chiSquare999: Readonly<Record<number, number>> = { 1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 6: 22.46, 7: 24.32, 8: 26.12 };

/** The H → ∞ law of A^a_{ss′}(x₀) in block `layer` for the P1-3b network on its probe image (docs §4). */
export function p1LimitingLogitLaw(options: P1InitLimitOptions & { layer: number; query: number; key: number }): AttentionLogitLaw {
  const limit = p1InitialLimit({ ...options, heads: options.heads ?? 64, replicates: options.replicates ?? 4 });
  return infiniteHeadLogitLaw(limit, options.layer, 0, options.query, options.key);
}

/**
 * P1-6d: the H → ∞ law at initialization of the last block's logits A^a_{ss′}(x) of the P1-6 LN ViT (p1ScaledSpec, N,
 * α_A, L) pooled over the first `probes` Fashion-MNIST test images and every (s, s′), as a density on `x`: the mean over
 * (x, s, s′) of the §4 densities with variances c_Q G_ss and c_K G_s′s′ of the limit kernel (docs §4). For the LN ViT
 * G_ss ≈ 1, so every component is the law of THEORY.md §2.8 with Var A = N^{1−2α_A}/4.
 */
export function p1ScaledInitialLogitDensity(options: { headDim: number; depth: number; attentionExponent: number; probes: number; x: readonly number[] }): { density: number[]; variance: number } {
  const spec = p1ScaledSpec({ headDim: options.headDim, heads: 1, depth: options.depth, learningRate: 1, attentionExponent: options.attentionExponent });
  const probe = scaledProbeBatch(scaledImageData(), options.probes);
  try {
    const limit = infiniteHeadKernels(spec, { values: probe.inputs.dataSync(), shape: probe.inputs.shape }, { heads: 16, replicates: 2, tokenLevel: false });
    const S = limit.tokens;
    const densities = new Map<string, number[]>();
    const density = options.x.map(() => 0);
    let variance = 0;
    const count = limit.inputs * S * S;
    for (let x = 0; x < limit.inputs; x++) {
      for (let s = 0; s < S; s++) {
        for (let t = 0; t < S; t++) {
          const law = infiniteHeadLogitLaw(limit, options.depth, x, s, t);
          // Components with variances equal to 6 digits share one density evaluation (relative error ≤ 5·10⁻⁷).
          const key = law.variance.toPrecision(6);
          if (!densities.has(key)) densities.set(key, options.x.map((a) => law.density(a)));
          densities.get(key)!.forEach((d, k) => (density[k] += d / count));
          variance += law.variance / count;
        }
      }
    }
    return { density, variance };
  } finally {
    probe.inputs.dispose();
    probe.targets.dispose();
  }
}

/**
 * P1-9/10: the H → ∞ kernels at initialization of the P1-6 LN ViT (p1ScaledSpec with N, L, α_A) on the first `probes`
 * Fashion-MNIST test images, as the figures define them: the spatial kernel (1/n) u_s·u_{s′} of probe 0 with
 * u = LN(h_L) (the post-LN token kernel's first S×S block) and the pooled kernel of the readout input
 * h̄ = mean_s LN(h_L,s) (the post-LN pooled kernel); with MC standard errors.
 */
export function p1ScaledInitialKernelLimit(options: { headDim: number; depth: number; attentionExponent?: number; probes: number; heads?: number; replicates?: number }): {
  spatialKernel: number[];
  spatialSE: number[];
  pooledKernel: number[];
  pooledSE: number[];
  heads: number;
  replicates: number;
} {
  const spec = p1ScaledSpec({ headDim: options.headDim, heads: 1, depth: options.depth, learningRate: 1, attentionExponent: options.attentionExponent ?? 1 });
  const probe = scaledProbeBatch(scaledImageData(), options.probes);
  try {
    const limit = infiniteHeadKernels(spec, { values: probe.inputs.dataSync(), shape: probe.inputs.shape }, { heads: options.heads ?? 256, replicates: options.replicates ?? 8 });
    const last = limit.layers[options.depth].postLn;
    const S = limit.tokens;
    const P = limit.inputs * S;
    const block = (m: Float64Array) => Array.from({ length: S * S }, (_, k) => m[Math.floor(k / S) * P + (k % S)]);
    return {
      spatialKernel: block(last.tokens!.value),
      spatialSE: block(last.tokens!.standardError),
      pooledKernel: Array.from(last.pooled.value),
      pooledSE: Array.from(last.pooled.standardError),
      heads: limit.heads,
      replicates: limit.replicates,
    };
  } finally {
    probe.inputs.dispose();
    probe.targets.dispose();
  }
}
