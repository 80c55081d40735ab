/**
 * infiniteHeadKernels(spec, inputs, options): the H → ∞ limit, at fixed head dimension N and depth L, of the
 * residual-stream kernels of P1's transformers at initialization (docs/theory/infinite-head-kernel.md; THEORY.md §3.2):
 *   Φ_ℓ[(x,s),(x′,t)] = lim (1/n) h^ℓ_s(x)·h^ℓ_t(x′),  ℓ = 0 (read-in) … L,
 * for the LN ViT (§2.2), the variant without LayerNorm (§2.3) and the causal LM with QK-LayerNorm (§2.4). Block ℓ:
 *   vit       Φ ← λ²Φ + b²c_O·K_head(LN Φ);              Φ ← λ²Φ + b²c₂·E_{N(0, c₁ LN Φ)}[φφ]
 *   causalLm  Φ ← λ²Φ + b²c_O·K_head(E_{N(0, LN Φ)}[gg]);  Φ ← λ²Φ + b²c₂·E_{N(0, c₁ E[gg])}[φφ]   (g = gelu)
 *   simple    Φ ← Φ + b²c_mix·E_{N(0, c_O K_head(E_{N(0,Φ)}[gg]))}[gg]
 * with K_head the one-head output kernel of infinite-head-attention.ts (sampled exactly in law, values integrated),
 * b = b_L, λ the skip weight and every c = (std·multiplier)²·fan-in read from the spec's parameter table. Cross terms
 * between the stream and a fresh branch vanish in the limit (fresh W^O, W²). The MC standard error of every entry
 * comes from `replicates` independent chains (it carries the propagation of earlier layers' sampling error).
 */
import { mlpActivationOf } from '../spec/families';
import { resolve } from '../spec/resolve';
import type { ParameterTable, Spec } from '../spec/types';
import { HeadSampler, type HeadForm, type HeadLaw } from './infinite-head-attention';
import { dualKernel, type DualActivation } from './infinite-head-gaussian';
import { layerNormKernel, pivotedCholesky, poolKernel, symmetrizeFromUpper, type KernelFactor } from './infinite-head-numerics';
import { kernelScale, probeShape, readInKernel, tableRow, type ProbeInputs } from './infinite-head-read-in';
import { Random } from '../base/random';

export type { ProbeInputs } from './infinite-head-read-in';

export interface InfiniteHeadOptions {
  /** 'finiteHeadDim' (N = spec.headDim, the default) or 'infiniteHeadDim' (N → ∞: uniform attention for α_A > ½,
   *  Gaussian logits for α_A = ½). */
  headDim?: 'finiteHeadDim' | 'infiniteHeadDim';
  /** Head draws per layer, summed over replicates (default 64). */
  heads?: number;
  /** Independent chains whose spread gives the standard errors (default 8; 1 when nothing is sampled). */
  replicates?: number;
  /** Seed of the head draws (default 0). */
  seed?: number;
  /** Keep the P×P token-level kernels (default true; P = B·S, memory 4·(L+1)·P² doubles). */
  tokenLevel?: boolean;
  /** Gauss–Hermite order of the unequal-variance GELU expectations (default 24). */
  quadratureOrder?: number;
}

/** A kernel and the Monte Carlo standard error of each entry (0 where nothing is sampled, NaN with one replicate). */
export interface KernelEstimate {
  value: Float64Array;
  standardError: Float64Array;
}

export interface InfiniteHeadLayer {
  /** ℓ: 0 = read-in, ℓ = 1…L after block ℓ. */
  layer: number;
  /** Raw stream Φ_ℓ: token level (P×P, row (x,s) = x·S + s; absent when tokenLevel is false) and pooled (B×B). */
  raw: { tokens?: KernelEstimate; pooled: KernelEstimate };
  /** After the fixed LayerNorm: Φ_ij/√((Φ_ii + ε)(Φ_jj + ε)). */
  postLn: { tokens?: KernelEstimate; pooled: KernelEstimate };
  /** For ℓ ≥ 1: diagonal of the attention-input kernel G of block ℓ (P values); the query/key variances are c·G_ii. */
  attentionInputVariance?: Float64Array;
}

export interface InfiniteHeadKernels {
  architecture: string;
  inputs: number;
  tokens: number;
  headDim: number | 'infinite';
  headForm: HeadForm;
  /** Head draws per layer actually used (replicates × per replicate). */
  heads: number;
  replicates: number;
  seed: number;
  /** c_Q, c_K and the logit scale of block 1 (the same in every block of P1's tables). */
  queryScale: number;
  keyScale: number;
  logitScale: number;
  attentionExponent: number;
  qkLayerNorm: boolean;
  layers: InfiniteHeadLayer[];
}

const SUPPORTED = ['vit', 'simple', 'causalLm'];

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected an integer ≥ 1, got ${Number.isNaN(value) ? 'NaN' : value}`);
  return value;
}

/** Accumulates sum and sum of squares over replicates. */
class Moments {
  readonly sum: Float64Array;
  readonly squares: Float64Array;
  constructor(size: number) {
    this.sum = new Float64Array(size);
    this.squares = new Float64Array(size);
  }
  add(x: Float64Array): void {
    for (let i = 0; i < x.length; i++) {
      this.sum[i] += x[i];
      this.squares[i] += x[i] * x[i];
    }
  }
  estimate(count: number, sampled: boolean): KernelEstimate {
    const value = new Float64Array(this.sum.length);
    const standardError = new Float64Array(this.sum.length);
    for (let i = 0; i < value.length; i++) {
      value[i] = this.sum[i] / count;
      const variance = count > 1 ? Math.max(0, (this.squares[i] - count * value[i] * value[i]) / (count - 1)) : NaN;
      standardError[i] = sampled ? Math.sqrt(variance / count) : 0;
    }
    return { value, standardError };
  }
}

/**
 * The infinite-head kernels of `spec`'s network at initialization on `inputs` (see the file comment; docs §6 for
 * the N → ∞ forms). The spec's H only enters through its table, whose c's are H-independent in P1's families.
 */
export function infiniteHeadKernels(spec: Spec | ParameterTable, inputs: ProbeInputs, options: InfiniteHeadOptions = {}): InfiniteHeadKernels {
  const table: ParameterTable = 'rows' in spec ? (spec as ParameterTable) : resolve(spec as Spec);
  const s = table.spec;
  const arch = s.architecture;
  if (!SUPPORTED.includes(arch)) throw new Error(`architecture: infiniteHeadKernels covers ${SUPPORTED.map((a) => `'${a}'`).join(', ')}, got '${arch}'`);
  const activation = mlpActivationOf(s) as DualActivation;
  if (activation !== 'gelu' && activation !== 'relu') throw new Error(`mlpActivation: infiniteHeadKernels supports 'gelu' or 'relu', got '${activation}'`);
  const { inputs: B, tokens: S } = probeShape(table, inputs);
  const P = B * S;
  const qkLayerNorm = s.qkLayerNorm ?? arch === 'causalLm';
  const causal = s.causal ?? arch === 'causalLm';
  const infiniteN = (options.headDim ?? 'finiteHeadDim') === 'infiniteHeadDim';
  if (options.headDim !== undefined && options.headDim !== 'finiteHeadDim' && options.headDim !== 'infiniteHeadDim') {
    throw new Error(`headDim: expected 'finiteHeadDim' or 'infiniteHeadDim', got '${String(options.headDim)}'`);
  }
  const alpha = s.attentionExponent;
  let form: HeadForm = 'finite';
  if (infiniteN) {
    if (alpha > 0.5) form = 'uniform';
    else if (alpha === 0.5) form = 'gaussianLogits';
    else throw new Error(`attentionExponent: the N → ∞ forms need α_A ≥ ½ (logit variance N^{1−2α_A} diverges below), got ${alpha}`);
  }
  const replicates = form === 'uniform' ? 1 : positiveInteger('replicates', options.replicates ?? 8);
  const headsTotal = positiveInteger('heads', options.heads ?? 64);
  const perReplicate = Math.max(1, Math.round(headsTotal / replicates));
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
  const tokenLevel = options.tokenLevel ?? true;
  const dual = { quadratureOrder: options.quadratureOrder };
  const b2 = table.branchMultiplier ** 2;
  const skip2 = (table.skipMultiplier ?? 1) ** 2;
  const logitScale = table.logitScale ?? s.headDim ** -alpha;
  const L = s.depth;
  const raw = Array.from({ length: L + 1 }, () => ({ tokens: tokenLevel ? new Moments(P * P) : null, pooled: new Moments(B * B) }));
  const post = Array.from({ length: L + 1 }, () => ({ tokens: tokenLevel ? new Moments(P * P) : null, pooled: new Moments(B * B) }));
  const variances = Array.from({ length: L + 1 }, () => new Float64Array(P));
  const record = (l: number, phi: Float64Array) => {
    const ln = layerNormKernel(phi, P);
    raw[l].tokens?.add(phi);
    post[l].tokens?.add(ln);
    raw[l].pooled.add(poolKernel(phi, B, S));
    post[l].pooled.add(poolKernel(ln, B, S));
  };
  const rowScale = (l: number, name: string) => kernelScale(tableRow(table, `block${l}.${name}`));
  const update = (phi: Float64Array, branch: Float64Array, c: number) => {
    for (let i = 0; i < phi.length; i++) phi[i] = skip2 * phi[i] + b2 * c * branch[i];
  };
  for (let r = 0; r < replicates; r++) {
    const rng = new Random(seed * 1024 + r);
    let phi = readInKernel(table, inputs);
    record(0, phi);
    for (let l = 1; l <= L; l++) {
      const law: HeadLaw = {
        inputs: B,
        tokens: S,
        headDim: s.headDim,
        logitScale,
        queryScale: rowScale(l, 'query'),
        keyScale: rowScale(l, 'key'),
        valueScale: rowScale(l, 'value'),
        qkLayerNorm,
        causal,
        form,
      };
      const G = arch === 'vit' ? layerNormKernel(phi, P) : arch === 'causalLm' ? dualKernel(layerNormKernel(phi, P), P, 'gelu', 1, dual) : dualKernel(phi, P, 'gelu', 1, dual);
      for (let i = 0; i < P; i++) variances[l][i] += G[i * P + i] / replicates;
      const factor: KernelFactor =
        form === 'uniform' ? { rows: P, rank: 0, values: new Float64Array(0) } : pivotedCholesky(form === 'gaussianLogits' && qkLayerNorm ? layerNormKernel(G, P, 0) : G, P);
      const heads = new Float64Array(P * P);
      new HeadSampler(law, G, factor).accumulate(perReplicate, rng, heads);
      for (let i = 0; i < heads.length; i++) heads[i] /= perReplicate;
      symmetrizeFromUpper(heads, P);
      const cO = rowScale(l, 'output');
      if (arch === 'simple') {
        const branch = dualKernel(heads, P, 'gelu', cO, dual);
        update(phi, branch, rowScale(l, 'mix'));
      } else {
        update(phi, heads, cO);
        const ln = layerNormKernel(phi, P);
        const u = arch === 'causalLm' ? dualKernel(ln, P, 'gelu', 1, dual) : ln;
        const branch = dualKernel(u, P, activation, rowScale(l, 'mlpIn'), dual);
        update(phi, branch, rowScale(l, 'mlpOut'));
      }
      record(l, phi);
    }
    phi = new Float64Array(0);
  }
  const sampled = form !== 'uniform';
  const layers: InfiniteHeadLayer[] = raw.map((m, l) => ({
    layer: l,
    raw: { tokens: m.tokens?.estimate(replicates, sampled), pooled: m.pooled.estimate(replicates, sampled) },
    postLn: { tokens: post[l].tokens?.estimate(replicates, sampled), pooled: post[l].pooled.estimate(replicates, sampled) },
    attentionInputVariance: l === 0 ? undefined : variances[l],
  }));
  return {
    architecture: arch,
    inputs: B,
    tokens: S,
    headDim: infiniteN ? 'infinite' : s.headDim,
    headForm: form,
    heads: form === 'uniform' ? headsTotal : perReplicate * replicates,
    replicates,
    seed,
    queryScale: kernelScale(tableRow(table, 'block1.query')),
    keyScale: kernelScale(tableRow(table, 'block1.key')),
    logitScale,
    attentionExponent: alpha,
    qkLayerNorm,
    layers,
  };
}
