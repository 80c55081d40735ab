/**
 * The initial attention logit A(0) of P1 (FIGURES.md P1-3b, P1-3c, V-A0; THEORY.md §2.8, §4): samples of
 * A^a_{ss′}(x₀) over heads, layers and seeds from networks at initialization, and the exact law's table (variance ratio
 * of sampled sums, Kolmogorov–Smirnov distances, total variation to the Gaussian limit, Fourier against closed forms).
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../../backend';
import { ksOneSample, ksThreshold99 } from '../../analysis/statistics';
import { AttentionLogitLaw } from '../../theory/attention-logit-law';
import { standardizedFourierDensity } from '../../theory/attention-logit-fourier';
import { varianceGammaDensity } from '../../theory/attention-logit-special';
import { specRun } from '../../sweep/spec-run';
import { buildInitNetwork, gaussianPatchInputs } from './common';

/** Settings of a logit run: the probe image's seed and the token pair (s, s′) = (query, key) (the paper's Fig 3b: (4, 4)). */
export interface P1LogitSettings {
  inputSeed: number;
  query: number;
  key: number;
}

/** What a logit run returns: samples[ℓ−1][a] = A^a_{ss′}(x₀) in block ℓ, head a. */
export interface P1LogitRunResult {
  samples: number[][];
}

/** The settings every P1-3b/3c grid uses (one Gaussian image of seed 777, pair (4, 4)), so the two figures share runs. */
export const p1LogitSettings: Readonly<P1LogitSettings> = { inputSeed: 777, query: 4, key: 4 };

/**
 * One point of P1-3b/3c: the network of `spec` (LN ViT or the no-LN variant) at initialization with weights from the
 * seed, on one Gaussian image (seed `inputSeed`, shared by all runs, cut into the spec's patches); returns
 * samples[ℓ−1][a] = A^a_{ss′}(x₀) in block ℓ for the token pair (s, s′) = (query, key) (THEORY.md §2.8, §4).
 */
export const p1InitialLogits = specRun<P1LogitSettings, P1LogitRunResult>(async (spec, _table, { seed, settings }) => {
  if (activeBackend() === null) await initBackend();
  const { inputSeed, query: s, key: sp } = settings;
  const model = buildInitNetwork(spec, seed);
  const x = gaussianPatchInputs(1, inputSeed, spec.image?.side, spec.image?.patch);
  try {
    const tokens = x.shape[1];
    if (!(s >= 0 && s < tokens && sp >= 0 && sp < tokens)) throw new Error(`query/key: token indices must lie in 0…${tokens - 1}, got (${s}, ${sp})`);
    const result = model.forward(x, { internals: true });
    const samples = result.internals!.logits.map((logits) => {
      const [, heads, S] = logits.shape;
      const values = logits.dataSync();
      return Array.from({ length: heads }, (_, a) => values[(a * S + s) * S + sp]);
    });
    tf.dispose(result as unknown as tf.TensorContainer);
    return { samples };
  } finally {
    x.dispose();
    model.dispose();
  }
});

/** Sweep run reference of p1InitialLogits (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1InitialLogitsReference = { module: __filename, name: 'p1InitialLogits', version: '1' };

/** Total-variation distance of the standardized law to the Gaussian (THEORY.md §4.5 table). */
export const attentionLogitTotalVariationTable: Readonly<Record<number, number>> = { 1: 0.2375, 2: 0.1413, 3: 0.1008, 4: 0.0783, 8: 0.0414, 16: 0.0213, 32: 0.0108, 64: 0.0054 };

export interface AttentionLogitLawRow {
  headDim: number;
  attentionExponent: number;
  /** Var A = N^{1−2α_A}/4 (§4.2, ViT). */
  variance: number;
  draws: number;
  sampleVariance: number;
  /** s² = (1/M)ΣA² (known mean 0); s²/Var A and its 4-SE half-width 4√((2 + 6/N)/M) (Var s² = σ⁴(2 + κ)/M, κ = 6/N). */
  varianceRatio: number;
  varianceTolerance: number;
  /** One-sample KS distance of the sampled sums to the exact CDF, and the 99 % threshold 1.63/√M. */
  ks: number;
  ksThreshold: number;
  /** TV and Kolmogorov distances of the law to the equal-variance Gaussian (scale-free), the table value and N·TV. */
  totalVariation: number;
  kolmogorov: number;
  tableTotalVariation: number | null;
  scaledTotalVariation: number;
}

/**
 * For each (N, α_A): `draws` exact sampled sums A = N^{−α_A}Σ k_i q_i (seed per row), their variance ratio to
 * N^{1−2α_A}/4, their KS distance to the exact CDF, and the law's TV/KS distances to its Gaussian limit (THEORY.md §4).
 */
export function attentionLogitLawTable(headDims: readonly number[], exponents: readonly number[], draws: number, seed = 0): AttentionLogitLawRow[] {
  const rows: AttentionLogitLawRow[] = [];
  const distances = new Map<number, { totalVariation: number; kolmogorov: number }>();
  exponents.forEach((alpha, e) =>
    headDims.forEach((n, k) => {
      const law = new AttentionLogitLaw({ headDim: n, attentionExponent: alpha });
      const x = law.sample(draws, seed + 1000 * e + k);
      if (!distances.has(n)) distances.set(n, law.distanceToGaussian());
      const d = distances.get(n)!;
      // known mean 0: s² = (1/M) Σ A², whose SD is Var A·√((2 + κ)/M) exactly (κ = 6/N, §4.2)
      let sampleVariance = 0;
      for (const a of x) sampleVariance += (a * a) / draws;
      rows.push({
        headDim: n,
        attentionExponent: alpha,
        variance: law.variance,
        draws,
        sampleVariance,
        varianceRatio: sampleVariance / law.variance,
        varianceTolerance: 4 * Math.sqrt((2 + 6 / n) / draws),
        ks: ksOneSample(x, (a) => law.cdf(a)),
        ksThreshold: ksThreshold99(draws),
        totalVariation: d.totalVariation,
        kolmogorov: d.kolmogorov,
        tableTotalVariation: attentionLogitTotalVariationTable[n] ?? null,
        scaledTotalVariation: n * d.totalVariation,
      });
    }),
  );
  return rows;
}

export interface AttentionLogitCurves {
  x: number[];
  /** Closed-form density p_A (§4.3). */
  exact: number[];
  /** Fourier-inversion density (§4.4); null for N ≤ 2, where the closed form is the method of record. */
  fourier: number[] | null;
  /** Equal-variance Gaussian density. */
  gaussian: number[];
}

/** Densities on `points` values of a spanning ±`span` standard deviations (a = 0 skipped for N = 1, where p = ∞). */
export function attentionLogitDensityCurves(law: AttentionLogitLaw, points = 201, span = 4): AttentionLogitCurves {
  const sd = law.standardDeviation;
  const x: number[] = [];
  for (let j = 0; j < points; j++) {
    const a = -span * sd + (2 * span * sd * j) / (points - 1);
    if (law.headDim === 1 && Math.abs(a) < 1e-12 * sd) continue;
    x.push(a);
  }
  const fourierAt = law.headDim >= 3 ? law.fourierDensity() : null;
  return {
    x,
    exact: x.map((a) => law.density(a)),
    fourier: fourierAt ? x.map(fourierAt) : null,
    gaussian: x.map((a) => law.gaussianDensity(a)),
  };
}

/**
 * max over y ∈ `ys` of |p_Y^{Fourier}(y) − p_Y^{closed}(y)| in standardized units (V-A0). N = 2 uses envelope 10⁻⁸
 * (Ω = 10⁴; the §4.4 default would need ~10⁸ nodes) and skips y = 0, where truncation leaves ≈ 1/(πΩ).
 */
export function fourierClosedFormGap(headDim: number, ys: readonly number[] = [0, 0.05, 0.25, 0.5, 1, 2, 3, 5, 8, 12]): number {
  const fourier = standardizedFourierDensity(headDim, headDim <= 2 ? { envelopeTolerance: 1e-8 } : {});
  let worst = 0;
  for (const y of ys) {
    if (headDim <= 2 && y === 0) continue;
    worst = Math.max(worst, Math.abs(fourier(y) - varianceGammaDensity(y, headDim)));
  }
  return worst;
}

/** Pools run samples (samples[layer][head] per seed) into one list; `layers` picks blocks (1-based), default all. */
export function poolLogitSamples(runs: readonly { samples: number[][] }[], layers?: readonly number[]): Float64Array {
  const out: number[] = [];
  for (const r of runs) {
    r.samples.forEach((heads, l) => {
      if (layers && !layers.includes(l + 1)) return;
      out.push(...heads);
    });
  }
  return Float64Array.from(out);
}
