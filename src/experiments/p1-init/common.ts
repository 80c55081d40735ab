/**
 * Shared pieces of the P1 initialization figures (FIGURES.md P1-3a, 3b, 3c, 6b): the two networks at
 * initialization (LN ViT of THEORY.md §2.2 and the no-LN variant of §2.3), their fixed Gaussian probe inputs, and
 * small numeric helpers (seeded Gaussian inputs, histograms for log-y density plots, bootstrap slopes).
 */
import * as tf from '@tensorflow/tfjs';
import { buildSimpleTransformer, buildVit } from '../../models/builders';
import type { Model } from '../../models/types';
import { preset } from '../../spec/presets';
import type { Spec } from '../../spec/types';
import { Random } from '../../base/random';
import { fitPowerLaw } from '../../analysis/fit';

/** 'vit' = LN ViT (§2.2); 'noLn' = the simple variant without LayerNorm (§2.3). */
export type P1InitVariant = 'vit' | 'noLn';
export const p1InitVariants: readonly P1InitVariant[] = ['vit', 'noLn'];

export interface P1InitNetworkOptions {
  variant: P1InitVariant;
  /** N. */
  headDim: number;
  /** H. */
  heads: number;
  /** L. */
  depth: number;
  /** α_A (default 1). */
  attentionExponent?: number;
  /** α_L (default 1, the fixed-depth preset). */
  residualExponent?: number;
  /** Image side and patch (default 28 and 7: S = 16 tokens of dimension 49, FIGURES.md quick scale). */
  side?: number;
  patch?: number;
}

/**
 * The P1 fixed-depth preset (§2.5: b_L = β₀/L^{α_L} with β₀ = 4, positional table on) for one network at
 * initialization, single-channel images of `side` cut into patches of `patch`. Outputs are not centred (centred: false):
 * nothing here trains, the internals are identical and the forward pass is run once instead of twice.
 */
export function p1InitSpec(options: P1InitNetworkOptions): Spec {
  const { variant, headDim, heads, depth } = options;
  if (variant !== 'vit' && variant !== 'noLn') throw new Error(`variant: expected 'vit' or 'noLn', got '${String(variant)}'`);
  const side = options.side ?? 28;
  const patch = options.patch ?? 7;
  return preset('p1', {
    architecture: variant === 'vit' ? 'vit' : 'simple',
    headDim,
    heads,
    depth,
    tokens: (side / patch) ** 2,
    inputDim: patch * patch,
    image: { side, channels: 1, patch },
    attentionExponent: options.attentionExponent ?? 1,
    residualExponent: options.residualExponent ?? 1,
    centred: false,
  });
}

/** The network of a P1 init spec with weights drawn from `seed`: the LN ViT for architecture 'vit', else the no-LN variant. */
export function buildInitNetwork(spec: Spec, seed: number): Model {
  return spec.architecture === 'vit' ? buildVit(spec, seed) : buildSimpleTransformer(spec, seed);
}

/** The P1 init variant of a spec's architecture ('vit' → 'vit', 'simple' → 'noLn'). */
export function initVariant(spec: Spec): P1InitVariant {
  if (spec.architecture === 'vit') return 'vit';
  if (spec.architecture === 'simple') return 'noLn';
  throw new Error(`architecture: the P1 init figures use 'vit' (LN ViT) or 'simple' (no-LN variant), got '${String(spec.architecture)}'`);
}

/**
 * `count` Gaussian images side × side with i.i.d. N(0, 1) pixels (already standardized), cut into (side/patch)²
 * patches of patch² pixels (row-major patches, row-major pixels inside a patch): [count, S, patch²], seeded.
 */
export function gaussianPatchInputs(count: number, seed: number, side = 28, patch = 7): tf.Tensor3D {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count: expected an integer ≥ 1, got ${count}`);
  if (!Number.isInteger(side) || !Number.isInteger(patch) || patch < 1 || side % patch !== 0) {
    throw new Error(`patch: expected an integer dividing side = ${side}, got ${patch}`);
  }
  const pixels = new Float32Array(count * side * side);
  new Random(seed).fillNormal32(pixels, 1);
  const per = side / patch;
  const tokens = per * per;
  const dim = patch * patch;
  const out = new Float32Array(count * tokens * dim);
  for (let b = 0; b < count; b++) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const token = Math.floor(r / patch) * per + Math.floor(c / patch);
        const inner = (r % patch) * patch + (c % patch);
        out[(b * tokens + token) * dim + inner] = pixels[b * side * side + r * side + c];
      }
    }
  }
  return tf.tensor3d(out, [count, tokens, dim]);
}

/** A density histogram (bin centres, densities = counts/(M·width)) of samples on [low, high] with `bins` bins. */
export function densityHistogram(samples: ArrayLike<number>, low: number, high: number, bins: number): { x: number[]; density: number[] } {
  if (!(high > low) || !Number.isInteger(bins) || bins < 1) throw new Error(`bins: expected an integer ≥ 1 on low < high, got ${bins} on [${low}, ${high}]`);
  const width = (high - low) / bins;
  const counts = new Float64Array(bins);
  for (let j = 0; j < samples.length; j++) {
    const k = Math.floor((samples[j] - low) / width);
    if (k >= 0 && k < bins) counts[k]++;
  }
  const x = Array.from({ length: bins }, (_, k) => low + (k + 0.5) * width);
  const density = Array.from(counts, (c) => c / (samples.length * width));
  return { x, density };
}

export interface BootstrapSlope {
  slope: number;
  /** Least-squares SE of the slope (log–log residuals). */
  slopeSE: number;
  /** SD of the slope over bootstrap resamples of seeds within each size (FIGURES.md "Statistics"). */
  bootstrapSE: number;
}

/**
 * Slope of log(mean_seeds e) against log(size) (FIGURES.md "Statistics"): `errors[k]` holds the per-seed values at
 * sizes[k]; the bootstrap redraws seeds with replacement within each size (`resamples` times, seeded).
 */
export function bootstrapPowerLawSlope(sizes: readonly number[], errors: readonly ArrayLike<number>[], resamples = 200, seed = 0): BootstrapSlope {
  if (sizes.length !== errors.length) throw new Error(`errors: expected ${sizes.length} per-size lists, got ${errors.length}`);
  const means = errors.map((e) => meanOf(e));
  const fit = fitPowerLaw(sizes, means);
  const random = new Random(seed);
  const slopes = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const resampled = errors.map((e) => {
      let s = 0;
      for (let j = 0; j < e.length; j++) s += e[random.integer(e.length)];
      return s / e.length;
    });
    slopes[b] = fitPowerLaw(sizes, resampled).slope;
  }
  const m = meanOf(slopes);
  let v = 0;
  for (const s of slopes) v += (s - m) ** 2;
  return { slope: fit.slope, slopeSE: fit.slopeSE, bootstrapSE: resamples > 1 ? Math.sqrt(v / (resamples - 1)) : NaN };
}

function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j];
  return s / x.length;
}
