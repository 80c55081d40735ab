/**
 * Initial residual-stream kernels of P1 networks (FIGURES.md P1-3a and the initial-gap part of P1-6b):
 * - P1-3a: pooled kernel of the raw stream after the read-in and after each block, Φ_ℓ(x, x′) = (1/n) h̄_ℓ(x)·h̄_ℓ(x′),
 *   its relative squared error ‖Φ_ℓ − Φ̄_ℓ^{ref}‖²_F/‖Φ̄_ℓ^{ref}‖²_F against the seed mean at a large H, and the
 *   slope of the seed-mean error against H (THEORY.md §3.2: ∝ H^{−1}).
 * - P1-6b: the probe images, and the gap ‖mean_seeds(Φ^{final} − Φ^{read-in})‖_F/‖mean_seeds Φ^{read-in}‖_F of the
 *   token-level kernels Φ(x, x′) = (1/(S n)) Σ_s h_s(x)·h_s(x′) (THEORY.md §3.3: ∝ L^{1−2α_L}).
 * The typed runs live with their figures: P1-3a in figure-3a.ts, the P1-6b gap in ../p1-scaled/figure-6b-gap.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { loadImageData, imagePatches } from '../../data/images';
import { relativeSquaredError } from '../../analysis/finite-size';
import { bootstrapPowerLawSlope, gaussianPatchInputs, type BootstrapSlope } from './common';

export interface KernelRunRecord {
  variant: string;
  heads: number;
  seed: number;
  kernels: number[][];
}

export interface KernelConvergenceLayer {
  /** ℓ (0 = read-in). */
  layer: number;
  /** Seed-mean relative squared error per fitted H, and its SE over seeds. */
  meanError: number[];
  errorSE: number[];
  /** Per-seed errors per fitted H. */
  errors: number[][];
  /** Slope of log mean error against log H ± LSQ SE and bootstrap-over-seeds SE. */
  fit: BootstrapSlope;
}

export interface KernelConvergence {
  variant: string;
  heads: number[];
  referenceHeads: number;
  referenceSeeds: number;
  layers: KernelConvergenceLayer[];
}

/**
 * P1-3a analysis for one variant: reference Φ̄_ℓ = seed mean of the runs at `referenceHeads`; error of each run at
 * H ∈ `heads` = ‖Φ_ℓ − Φ̄_ℓ‖²_F/‖Φ̄_ℓ‖²_F; per layer, the slope of log(seed mean error) against log H (THEORY.md §3.2).
 */
export function kernelConvergenceInHeads(records: readonly KernelRunRecord[], variant: string, heads: readonly number[], referenceHeads: number): KernelConvergence {
  const mine = records.filter((r) => r.variant === variant);
  const ref = mine.filter((r) => r.heads === referenceHeads);
  if (ref.length === 0) throw new Error(`referenceHeads: no ${variant} runs at H = ${referenceHeads}`);
  const layerCount = ref[0].kernels.length;
  const reference = Array.from({ length: layerCount }, (_, l) => seedMean(ref.map((r) => r.kernels[l])));
  const layers: KernelConvergenceLayer[] = [];
  for (let l = 0; l < layerCount; l++) {
    const errors = heads.map((h) => {
      const runs = mine.filter((r) => r.heads === h);
      if (runs.length === 0) throw new Error(`heads: no ${variant} runs at H = ${h}`);
      return runs.map((r) => relativeSquaredError(r.kernels[l], reference[l]));
    });
    const meanError = errors.map((e) => e.reduce((a, b) => a + b, 0) / e.length);
    const errorSE = errors.map((e, k) => Math.sqrt(e.reduce((a, b) => a + (b - meanError[k]) ** 2, 0) / Math.max(1, e.length - 1) / e.length));
    layers.push({ layer: l, meanError, errorSE, errors, fit: bootstrapPowerLawSlope([...heads], errors, 200, 17 + l) });
  }
  return { variant, heads: [...heads], referenceHeads, referenceSeeds: ref.length, layers };
}

function seedMean(kernels: readonly number[][]): Float64Array {
  const out = new Float64Array(kernels[0].length);
  for (const k of kernels) for (let j = 0; j < out.length; j++) out[j] += k[j] / kernels.length;
  return out;
}

/** Probe images of P1-6b: the first `count` test images (standardized with the training statistics, patch 7), or
 * Gaussian images when data = 'gaussian'. Returns the tensor and the data set actually used. */
export function p1ProbeImages(count: number, data: 'fashion-mnist' | 'shapes' | 'gaussian'): { inputs: tf.Tensor3D; dataset: string } {
  if (data === 'gaussian') return { inputs: gaussianPatchInputs(count, 2024), dataset: 'Gaussian 28×28 images' };
  const images = loadImageData({ source: data });
  const indices = Array.from({ length: count }, (_, i) => i);
  const values = imagePatches(images.test, indices, images.statistics, { patch: 7 });
  return { inputs: tf.tensor3d(values, [count, 16, 49]), dataset: `${images.test.name} test images 0–${count - 1}` };
}

/** gap = ‖mean_seeds(Φ^{final} − Φ^{read-in})‖_F / ‖mean_seeds Φ^{read-in}‖_F over the given runs (THEORY.md §3.3). */
export function initialKernelGap(runs: readonly { readIn: number[]; final: number[] }[]): number {
  if (runs.length === 0) throw new Error('runs: expected at least one run');
  const size = runs[0].readIn.length;
  const diff = new Float64Array(size);
  const base = new Float64Array(size);
  for (const r of runs) {
    for (let j = 0; j < size; j++) {
      diff[j] += (r.final[j] - r.readIn[j]) / runs.length;
      base[j] += r.readIn[j] / runs.length;
    }
  }
  let num = 0;
  let den = 0;
  for (let j = 0; j < size; j++) {
    num += diff[j] ** 2;
    den += base[j] ** 2;
  }
  return Math.sqrt(num / den);
}
