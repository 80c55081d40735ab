/**
 * Per-weight initialisation std, forward multiplier and learning-rate factor for each parameterization family
 * (THEORY.md §2.5 for P1's mean-field table, §7 for SP, NTK, μP and the shaped P2 table, §6.2–6.4).
 * A family maps a weight's role (readIn, query, …) to {initStd, multiplier, rate}; `rate` multiplies η₀ for
 * the families in abc form and the global rate for the mean-field family.
 */
import type { Spec } from './types';
import { shapedReluNormaliser } from './scales';

export type WeightRole =
  | 'patchReadIn'
  | 'embedding'
  | 'positional'
  | 'query'
  | 'key'
  | 'value'
  | 'output'
  | 'mlpIn'
  | 'mlpOut'
  | 'mix'
  | 'readout'
  | 'bias';

export interface WeightScaling {
  initStd: number;
  multiplier: number;
  /** Learning rate of this weight relative to the table's global rate. */
  rate: number;
}

/** Sizes and flags a family needs. */
export interface FamilyContext {
  spec: Spec;
  /** n = N·H. */
  width: number;
  /** m, the MLP hidden width. */
  mlpWidth: number;
  adam: boolean;
  /** r = (L/L_r)^{α_L − ½} (THEORY.md §2.5). */
  readoutDepthFactor: number;
  /** Token input (LM rows) rather than patches. */
  tokensIn: boolean;
}

/** E_{g~N(0,1)} φ(g)² by Simpson's rule on [−12, 12] (4800 panels; error far below float32 round-off). */
export function gaussianSecondMoment(phi: (x: number) => number): number {
  const panels = 4800;
  const a = -12;
  const h = 24 / panels;
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const x = a + i * h;
    const w = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
    const f = phi(x);
    sum += w * f * f * Math.exp(-0.5 * x * x);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/** The MLP activations a spec can name. */
export type MlpActivationName = NonNullable<Spec['mlpActivation']>;

/**
 * The MLP activation φ a spec runs (THEORY.md §6.4): spec.mlpActivation when given, else the shaped ReLU for the
 * shaped architecture, ReLU for P2's Pre-LN baseline and tanh-GELU for every P1 network. The one place this default
 * is decided: the builders run it and activationNormaliser normalises for it.
 */
export function mlpActivationOf(spec: Spec): MlpActivationName {
  if (spec.mlpActivation !== undefined) return spec.mlpActivation;
  if (spec.architecture === 'shaped') return 'shapedRelu';
  return spec.architecture === 'preLn' ? 'relu' : 'gelu';
}

/** The shaped-ReLU slopes (c₊, c₋) of s_± = 1 + c_±/√n (THEORY.md §6.4): spec.shapedReluSlopes, default (0, −1). */
export function shapedReluSlopesOf(spec: Spec): [number, number] {
  return spec.shapedReluSlopes ?? [0, -1];
}

/**
 * The normaliser c of the MLP output, c·E φ(g)² = 1 (THEORY.md §6.4): shaped ReLU with s_± = 1 + c_±/√n gives
 * 1/c = 1 + (c₊ + c₋)/√n + (c₊² + c₋²)/(2n); ReLU gives c = 2; tanh-GELU c = 1/E gelu(g)². The one place c is derived.
 */
export function mlpNormaliser(activation: MlpActivationName, slopes: [number, number], width: number): number {
  if (activation === 'relu') return 2;
  if (activation === 'shapedRelu') return shapedReluNormaliser(slopes[0], slopes[1], width);
  const k = Math.sqrt(2 / Math.PI);
  return 1 / gaussianSecondMoment((x) => 0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x * x * x))));
}

/** The normaliser c of a spec's MLP (THEORY.md §6.4): mlpNormaliser of the activation it runs and its slopes. */
export function activationNormaliser(spec: Spec, width: number): number {
  return mlpNormaliser(mlpActivationOf(spec), shapedReluSlopesOf(spec), width);
}

function fanIn(role: WeightRole, ctx: FamilyContext): number {
  const { spec, width } = ctx;
  if (role === 'patchReadIn') return spec.inputDim;
  if (role === 'embedding' || role === 'positional' || role === 'bias') return 1;
  if (role === 'mlpOut') return ctx.mlpWidth;
  return width;
}

/**
 * P1's table (THEORY.md §2.5), SGD and Adam columns. μ_QK = 1/(√H·N^{3/2−α_A}·√2) for patches (ViT, simple)
 * and without the √2 for the LM; r = (L/L_r)^{α_L−½}. Adam readout: std 1 (ViT code row) or n^{−½} (LM, and
 * spec.adamReadout = 'muP'), multiplier n^{−½}.
 */
export function meanFieldScaling(role: WeightRole, ctx: FamilyContext): WeightScaling {
  const { spec, width: n, adam, readoutDepthFactor: r, tokensIn } = ctx;
  const N = spec.headDim;
  const aA = spec.attentionExponent;
  const readInStd = adam ? n ** -0.5 : r;
  switch (role) {
    case 'patchReadIn':
      return adam
        ? { initStd: n ** -0.5, multiplier: Math.sqrt(n / spec.inputDim), rate: 1 }
        : { initStd: r, multiplier: 1 / (r * Math.sqrt(spec.inputDim)), rate: 1 };
    case 'embedding':
      return adam ? { initStd: n ** -0.5, multiplier: Math.sqrt(n), rate: 1 } : { initStd: r, multiplier: 1 / r, rate: 1 };
    case 'positional':
      return { initStd: readInStd, multiplier: 1 / readInStd, rate: 1 };
    case 'query':
    case 'key': {
      const mu = 1 / (Math.sqrt(spec.heads) * N ** (1.5 - aA) * (tokensIn ? 1 : Math.SQRT2));
      return { initStd: N ** (1 - aA), multiplier: mu, rate: 1 };
    }
    case 'readout':
      if (!adam) return { initStd: r, multiplier: 1 / (r * n), rate: 1 };
      // 'muP' (and every token network): effective scale n^{−1}; 'code': the reconstructed ViT row, effective n^{−½}.
      return tokensIn || spec.adamReadout === 'muP' ? { initStd: n ** -0.5, multiplier: n ** -0.5, rate: 1 } : { initStd: 1, multiplier: n ** -0.5, rate: 1 };
    case 'bias':
      return { initStd: 0, multiplier: 1, rate: 1 };
    default:
      return { initStd: 1, multiplier: 1 / Math.sqrt(fanIn(role, ctx)), rate: 1 };
  }
}

/** Standard parameterization (§7): N(0, 1/fan_in), multiplier 1, one global rate η₀. */
export function standardScaling(role: WeightRole, ctx: FamilyContext): WeightScaling {
  if (role === 'bias') return { initStd: 0, multiplier: 1, rate: 1 };
  return { initStd: 1 / Math.sqrt(fanIn(role, ctx)), multiplier: 1, rate: 1 };
}

/** NTK parameterization (§7): N(0, 1), multiplier 1/√fan_in everywhere including the readout, rate η₀. */
export function ntkScaling(role: WeightRole, ctx: FamilyContext): WeightScaling {
  if (role === 'bias') return { initStd: 0, multiplier: 1, rate: 1 };
  return { initStd: 1, multiplier: 1 / Math.sqrt(fanIn(role, ctx)), rate: 1 };
}

/**
 * μP, Tensor Programs V table (§7), multiplier 1: input weights and biases var 1/fan_in, rate η·fan_out (SGD) or η
 * (Adam); hidden var 1/fan_in, rate η (SGD) or η/fan_in (Adam); readout var 1/fan_in², rate η/fan_in.
 */
export function mupScaling(role: WeightRole, ctx: FamilyContext): WeightScaling {
  const fin = fanIn(role, ctx);
  const n = ctx.width;
  switch (role) {
    case 'patchReadIn':
    case 'embedding':
    case 'positional':
      return { initStd: 1 / Math.sqrt(fin), multiplier: 1, rate: ctx.adam ? 1 : n };
    case 'bias':
      return { initStd: 0, multiplier: 1, rate: 1 };
    case 'readout':
      return { initStd: 1 / n, multiplier: 1, rate: 1 / n };
    default:
      return { initStd: 1 / Math.sqrt(fin), multiplier: 1, rate: ctx.adam ? 1 / fin : 1 };
  }
}

/**
 * P2's shaped table (§6.2–6.4): every hidden weight N(0,1) with multiplier 1/√fan_in (W^Q, W^K ~ N(0, 1/n)), the MLP
 * output √(c/m) with c the activation normaliser, readout 1/√n, rate η₀.
 */
export function shapedScaling(role: WeightRole, ctx: FamilyContext): WeightScaling {
  if (role === 'bias') return { initStd: 0, multiplier: 1, rate: 1 };
  if (role === 'mlpOut') {
    const c = activationNormaliser(ctx.spec, ctx.width);
    return { initStd: 1, multiplier: Math.sqrt(c / ctx.mlpWidth), rate: 1 };
  }
  return { initStd: 1, multiplier: 1 / Math.sqrt(fanIn(role, ctx)), rate: 1 };
}
