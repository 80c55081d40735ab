/**
 * The exact law of the initial attention logit A = N^{−α_A} Σ_{i=1}^{N} k_i q_i, k_i ~ N(0, σ_k²), q_i ~ N(0, σ_q²)
 * independent (THEORY.md §4). With σ = N^{−α_A} σ_k σ_q, Y = A/σ is symmetric variance-gamma with shape N/2.
 * Defaults σ_k² = σ_q² = ½ are the LayerNorm'd ViT of §2.2 (every layer, every token pair). Given a Spec or its
 * ParameterTable, N and the logit scale N^{−α_A} (1/τ for shaped attention) are read from the table.
 */
import { Random } from '../base/random';
import {
  standardNormalCdfAccurate,
  varianceGammaCdf,
  varianceGammaDensity,
} from './attention-logit-special';
import { standardizedFourierDensity, type FourierInversionOptions } from './attention-logit-fourier';
import { checkOptionKeys, integerOption, numberOption, rejectOption, type KeysComplete } from './solver-inputs';
import { powerLawLogitScale } from '../spec/scales';
import { tableOf, type SpecOrTable } from './table-input';

export interface AttentionLogitLawOptions {
  /** N, the key/query dimension per head (integer ≥ 1). */
  headDim: number;
  /** α_A in A = q·k/N^{α_A}. Default 1. */
  attentionExponent?: number;
  /** σ_k², variance of a key coordinate. Default ½ (ViT, §2.8). */
  keyVariance?: number;
  /** σ_q², variance of a query coordinate. Default ½ (ViT, §2.8). */
  queryVariance?: number;
}

/** The law of the network a Spec or ParameterTable describes: N = spec.headDim and the table's logitScale. */
export interface AttentionLogitLawSpecOptions {
  /** The network: N and the logit scale (N^{−α_A}, or 1/τ when shaped) come from its table (THEORY.md §2.5). */
  spec: SpecOrTable;
  /** σ_k², variance of a key coordinate. Default ½ (ViT, §2.8). */
  keyVariance?: number;
  /** σ_q², variance of a query coordinate. Default ½ (ViT, §2.8). */
  queryVariance?: number;
}

/** Option keys of AttentionLogitLaw. */
export const attentionLogitLawKeys = ['headDim', 'attentionExponent', 'keyVariance', 'queryVariance'] as const;
const attentionLogitLawKeysComplete: KeysComplete<AttentionLogitLawOptions, typeof attentionLogitLawKeys> = true;
void attentionLogitLawKeysComplete;

/** Option keys of AttentionLogitLaw given a Spec or ParameterTable. */
export const attentionLogitLawSpecKeys = ['spec', 'keyVariance', 'queryVariance'] as const;
const attentionLogitLawSpecKeysComplete: KeysComplete<AttentionLogitLawSpecOptions, typeof attentionLogitLawSpecKeys> = true;
void attentionLogitLawSpecKeysComplete;

/** Total-variation and Kolmogorov distances of the law to the equal-variance Gaussian, with the density crossings. */
export interface GaussianDistance {
  totalVariation: number;
  kolmogorov: number;
  /** Positive y (standardized units) where p_Y = Gaussian density; the sup of |F − Φ| sits at one of them. */
  crossings: number[];
}

/** Law of A(0) (THEORY.md §4): density, CDF, moments, characteristic function, sampler, distance to its Gaussian limit. */
export class AttentionLogitLaw {
  readonly headDim: number;
  /** α_A of the plain form or of the spec (the shaped architecture's scale is 1/τ instead, see logitScale). */
  readonly attentionExponent: number;
  readonly keyVariance: number;
  readonly queryVariance: number;
  /** The logit scale: N^{−α_A} (plain form, powerLawLogitScale) or the table's logitScale (spec form). */
  readonly logitScale: number;
  /** σ = logitScale · σ_k σ_q, i.e. N^{−α_A} σ_k σ_q (THEORY.md §4.2). */
  readonly scale: number;
  private cdfTable?: { step: number; values: Float64Array; densities: Float64Array };
  private nearTable?: { nodes: Float64Array; values: Float64Array; densities: Float64Array };

  /**
   * Plain form { headDim, attentionExponent?, keyVariance?, queryVariance? }, or { spec, keyVariance?, queryVariance? }
   * with a Spec or ParameterTable: N = spec.headDim and the scale N^{−α_A} is the table's logitScale, never re-derived.
   */
  constructor(options: AttentionLogitLawOptions | AttentionLogitLawSpecOptions) {
    if (options === undefined || options === null) rejectOption('AttentionLogitLaw options', options, 'an object with headDim or spec');
    const fromSpec = (options as { spec?: unknown }).spec !== undefined;
    checkOptionKeys('AttentionLogitLaw', options, fromSpec ? attentionLogitLawSpecKeys : attentionLogitLawKeys);
    let headDim: number;
    let attentionExponent: number;
    let logitScale: number;
    if (fromSpec) {
      const table = tableOf('spec', (options as AttentionLogitLawSpecOptions).spec);
      headDim = table.spec.headDim;
      attentionExponent = table.spec.attentionExponent;
      if (table.logitScale === undefined) rejectOption('spec', table, 'a ParameterTable with its logitScale (from resolve)');
      logitScale = table.logitScale;
    } else {
      const plain = options as AttentionLogitLawOptions;
      if (plain.headDim === undefined) rejectOption('headDim', undefined, 'an integer N ≥ 1 (required)');
      headDim = integerOption('headDim', plain.headDim, 1, 1);
      attentionExponent = numberOption('attentionExponent', plain.attentionExponent, 1, { describe: 'α_A, a finite number' });
      logitScale = powerLawLogitScale(headDim, attentionExponent);
    }
    const keyVariance = numberOption('keyVariance', options.keyVariance, 0.5, { above: 0, describe: 'σ_k², a finite number > 0' });
    const queryVariance = numberOption('queryVariance', options.queryVariance, 0.5, { above: 0, describe: 'σ_q², a finite number > 0' });
    this.headDim = headDim;
    this.attentionExponent = attentionExponent;
    this.keyVariance = keyVariance;
    this.queryVariance = queryVariance;
    this.logitScale = logitScale;
    this.scale = logitScale * Math.sqrt(keyVariance * queryVariance);
  }

  /** Var A = N σ² = N^{1−2α_A} σ_k² σ_q² (THEORY.md §4.2). */
  get variance(): number {
    return this.headDim * this.scale * this.scale;
  }

  get standardDeviation(): number {
    return Math.sqrt(this.variance);
  }

  /** Excess kurtosis 6/N (each product k_i q_i has kurtosis 9; THEORY.md §4.2). */
  get excessKurtosis(): number {
    return 6 / this.headDim;
  }

  /** E e^{iωA} = (1 + σ²ω²)^{−N/2} (THEORY.md §4.2). */
  characteristicFunction(omega: number): number {
    const s = this.scale * omega;
    return Math.pow(1 + s * s, -this.headDim / 2);
  }

  /** Exact density p_A(a) = p_Y(a/σ)/σ with the closed form of §4.3 (Bessel K by quadrature; +∞ at a = 0 for N = 1). */
  density(a: number): number {
    return varianceGammaDensity(a / this.scale, this.headDim) / this.scale;
  }

  /**
   * Density by Fourier inversion p_A(a) = (1/π)∫₀^∞ cos(ωa)(1 + σ²ω²)^{−N/2} dω (THEORY.md §4.4). Returns an evaluator
   * (the quadrature is precomputed once); `maxAbsValue` is in units of A (default 8 standard deviations).
   */
  fourierDensity(options: FourierInversionOptions = {}): (a: number) => number {
    const maxAbsValue = options.maxAbsValue === undefined ? undefined : options.maxAbsValue / this.scale;
    const standardized = standardizedFourierDensity(this.headDim, { ...options, maxAbsValue });
    return (a: number) => standardized(a / this.scale) / this.scale;
  }

  /**
   * CDF F_A(a) = F_Y(a/σ) with F_Y(y) = E Φ(y/|k|), |k|² ~ χ²_N (THEORY.md §4.4, "for KS tests"). Tabulated once on
   * |y| ≤ 12√N (2400 cells, cubic Hermite interpolation using the exact density as derivative; error < 1e-10), evaluated
   * directly outside; for N = 1 a geometric table resolves the logarithmic singularity of the density at 0.
   */
  cdf(a: number): number {
    const y = a / this.scale;
    const z = Math.abs(y);
    const table = this.table();
    let upper: number;
    if (this.headDim === 1 && z < NEAR_ZERO_TOP) {
      // N = 1 near the logarithmic singularity: geometric nodes z_j = z₀ r^j; below z₀ the expansion
      // F − ½ = (z/π)(1 − γ_E − ln(z/2)) + O(z³ ln z) from K₀(t) = −ln(t/2) − γ_E + O(t² ln t).
      if (z < NEAR_ZERO_BOTTOM) upper = 0.5 + (z / Math.PI) * (1 - EULER_GAMMA - Math.log(z / 2));
      else {
        const near = this.nearZeroTable();
        const j = Math.min(near.nodes.length - 2, Math.floor(Math.log(z / NEAR_ZERO_BOTTOM) / Math.log(NEAR_ZERO_RATIO)));
        upper = hermite(near.nodes[j], near.nodes[j + 1], near.values[j], near.values[j + 1], near.densities[j], near.densities[j + 1], z);
      }
    } else {
      const cell = Math.floor(z / table.step);
      if (cell >= table.values.length - 1) return varianceGammaCdf(y, this.headDim);
      const k = table.values;
      const d = table.densities;
      upper = hermite(cell * table.step, (cell + 1) * table.step, k[cell], k[cell + 1], d[cell], d[cell + 1], z);
    }
    return y >= 0 ? upper : 1 - upper;
  }

  /** The Gaussian limit at equal variance: density of N(0, N^{1−2α_A}σ_k²σ_q²) (THEORY.md §4.2). */
  gaussianDensity(a: number): number {
    const v = this.variance;
    return Math.exp((-a * a) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
  }

  /** CDF of the equal-variance Gaussian limit. */
  gaussianCdf(a: number): number {
    return standardNormalCdfAccurate(a / this.standardDeviation);
  }

  /**
   * `count` exact draws of A = N^{−α_A} Σ_i k_i q_i (N fresh Gaussian pairs per draw; THEORY.md §4.4 "Sampling").
   * Deterministic for a seed.
   */
  sample(count: number, seed: number): Float64Array {
    if (!Number.isInteger(count) || count < 0) throw new Error(`count: expected a non-negative integer, got ${count}`);
    const random = new Random(seed);
    const out = new Float64Array(count);
    const n = this.headDim;
    for (let m = 0; m < count; m++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += random.normal() * random.normal();
      out[m] = s;
    }
    const factor = this.scale; // σ_k σ_q N^{−α_A}: the products of standard normals are rescaled once
    for (let m = 0; m < count; m++) out[m] *= factor;
    return out;
  }

  /**
   * Total-variation distance ½∫|p_A − g| and Kolmogorov distance sup|F_A − G| to the equal-variance Gaussian g (scale-free,
   * so computed for Y against N(0, N)). The densities cross at isolated points c_j; TV = 2 Σ_{regions p>g, y>0} [ΔF − ΔG]
   * and KS = max_j |F(c_j) − G(c_j)| (THEORY.md §4.5 table).
   */
  distanceToGaussian(): GaussianDistance {
    const n = this.headDim;
    const sd = Math.sqrt(n);
    const gauss = (y: number) => Math.exp((-y * y) / (2 * n)) / Math.sqrt(2 * Math.PI * n);
    const gaussCdf = (y: number) => standardNormalCdfAccurate(y / sd);
    const gap = (y: number) => varianceGammaDensity(y, n) - gauss(y);
    const top = 14 * sd;
    const cells = 4000;
    const crossings: number[] = [];
    let previous = gap(top / cells / 100);
    for (let k = 1; k <= cells; k++) {
      const y = (k * top) / cells;
      const current = gap(y);
      if (Math.sign(current) !== Math.sign(previous) && current !== 0) crossings.push(bisect(gap, y - top / cells, y));
      previous = current;
    }
    const startsAbove = gap(Math.min(1e-6, crossings[0] ?? 1) * sd) > 0;
    const ends = [0, ...crossings, Infinity];
    let totalVariation = 0;
    for (let j = 0; j + 1 < ends.length; j++) {
      const above = (j % 2 === 0) === startsAbove;
      if (!above) continue;
      const b = ends[j + 1];
      const fb = b === Infinity ? 1 : varianceGammaCdf(b, n);
      const gb = b === Infinity ? 1 : gaussCdf(b);
      const fa = ends[j] === 0 ? 0.5 : varianceGammaCdf(ends[j], n);
      const ga = ends[j] === 0 ? 0.5 : gaussCdf(ends[j]);
      totalVariation += 2 * (fb - fa - (gb - ga));
    }
    let kolmogorov = 0;
    for (const c of crossings) kolmogorov = Math.max(kolmogorov, Math.abs(varianceGammaCdf(c, n) - gaussCdf(c)));
    return { totalVariation, kolmogorov, crossings };
  }

  private nearZeroTable(): { nodes: Float64Array; values: Float64Array; densities: Float64Array } {
    if (this.nearTable) return this.nearTable;
    const count = Math.ceil(Math.log(NEAR_ZERO_TOP / NEAR_ZERO_BOTTOM) / Math.log(NEAR_ZERO_RATIO)) + 2;
    const nodes = new Float64Array(count);
    const values = new Float64Array(count);
    const densities = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      nodes[j] = NEAR_ZERO_BOTTOM * Math.pow(NEAR_ZERO_RATIO, j);
      values[j] = varianceGammaCdf(nodes[j], 1);
      densities[j] = varianceGammaDensity(nodes[j], 1);
    }
    this.nearTable = { nodes, values, densities };
    return this.nearTable;
  }

  private table(): { step: number; values: Float64Array; densities: Float64Array } {
    if (this.cdfTable) return this.cdfTable;
    const cells = 2400;
    const step = (12 * Math.sqrt(this.headDim)) / cells;
    const values = new Float64Array(cells + 1);
    const densities = new Float64Array(cells + 1);
    for (let k = 0; k <= cells; k++) {
      values[k] = varianceGammaCdf(k * step, this.headDim);
      densities[k] = varianceGammaDensity(k * step, this.headDim);
    }
    this.cdfTable = { step, values, densities };
    return this.cdfTable;
  }
}

const NEAR_ZERO_BOTTOM = 1e-12;
const NEAR_ZERO_TOP = 0.5;
const NEAR_ZERO_RATIO = 1.02;
const EULER_GAMMA = 0.5772156649015329;

/** Cubic Hermite interpolation of F on [x0, x1] from the values F and the derivatives p = F′ at both ends. */
function hermite(x0: number, x1: number, f0: number, f1: number, p0: number, p1: number, x: number): number {
  const h = x1 - x0;
  const s = (x - x0) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  return (2 * s3 - 3 * s2 + 1) * f0 + (s3 - 2 * s2 + s) * h * p0 + (-2 * s3 + 3 * s2) * f1 + (s3 - s2) * h * p1;
}

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let it = 0; it < 80; it++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return 0.5 * (lo + hi);
}
