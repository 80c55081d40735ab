/**
 * Early training across H (FIGURES.md P1-4, reconstructed; THEORY.md §3.2): the LN ViT with N = 4, L = 2, β₀ = 4,
 * γ₀ = 0.2, α_A = 1, momentum 0.9, η₀ = 1 trained on the shared Fashion-MNIST stream, with the centred logits z_H(x)
 * on fixed probe images saved at checkpoints. Predictions converge to the H → ∞ limit with squared deviation ∝ 1/H
 * (CLT over heads), measured against the seed mean at a reference H.
 */
import * as tf from '@tensorflow/tfjs';
import { buildVit } from '../../models/builders';
import { parameterCount } from '../../spec/resolve';
import type { Scale } from '../../notebook/scale';
import type { GridSpec } from '../../sweep/grid';
import { train } from '../../train/loop';
import { bootstrapPowerLawSlope, type BootstrapSlope } from '../p1-init/common';
import { lossCurveDistance } from './analysis';
import {
  ensureScaledBackend,
  p1ScaledClasses,
  p1ScaledSpec,
  roundedNumbers,
  scaledBatchSource,
  scaledImageData,
  scaledProbeBatch,
  type P1ScaledModelConfig,
} from './common';

export interface P1EarlyRunConfig extends P1ScaledModelConfig {
  batchSize: number;
  steps: number;
  seed: number;
  /** Steps after which the centred logits are saved (each in 1 … steps). */
  checkpoints: number[];
  /** Probe images (first test images; default 64). */
  probeCount?: number;
  dataSeed?: number;
}

export interface P1EarlyRunResult {
  status: 'ok' | 'diverged';
  loss: number;
  losses: number[];
  /** z on the probes after each checkpoint step: [probeCount, C] row-major. */
  outputs: { step: number; z: number[] }[];
  parameters: number;
  msPerStep: number;
  data: string;
}

/**
 * Trains for config.steps updates and records z(x) = (f_θ(x) − f_θ₀(x))/γ₀ on the probes after each checkpoint step
 * (taken from the loop's onStep hook, after the update). Divergence: a loss > 2 ln 10 or non-finite.
 */
export async function p1EarlyRun(config: P1EarlyRunConfig): Promise<P1EarlyRunResult> {
  if (!Number.isInteger(config.steps) || config.steps < 1) throw new Error(`steps: expected a positive integer, got ${String(config.steps)}`);
  for (const c of config.checkpoints ?? []) {
    if (!Number.isInteger(c) || c < 1 || c > config.steps) throw new Error(`checkpoints: expected integers in 1…${config.steps}, got ${c}`);
  }
  await ensureScaledBackend();
  const data = scaledImageData();
  const spec = p1ScaledSpec(config);
  const probe = scaledProbeBatch(data, config.probeCount ?? 64);
  const model = buildVit(spec, config.seed);
  const checkpoints = new Set(config.checkpoints);
  const outputs: { step: number; z: number[] }[] = [];
  try {
    const t0 = process.hrtime.bigint();
    const record = train(model, scaledBatchSource(data, config.batchSize, config.dataSeed ?? 0), {
      steps: config.steps,
      divergenceThreshold: 2 * Math.log(p1ScaledClasses),
      onStep: (t) => {
        if (!checkpoints.has(t + 1)) return;
        const z = tf.tidy(() => model.forward(probe.inputs).output.dataSync());
        outputs.push({ step: t + 1, z: roundedNumbers(z) });
      },
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const diverged = record.status === 'diverged';
    const k = Math.max(1, Math.ceil(record.losses.length / 10));
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : record.losses.slice(-k).reduce((s, x) => s + x, 0) / k,
      losses: roundedNumbers(record.losses),
      outputs,
      parameters: parameterCount(spec),
      msPerStep: (1000 * seconds) / Math.max(1, record.losses.length),
      data: data.train.name,
    };
  } finally {
    model.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  }
}

/** Sweep run reference of p1EarlyRun. */
export const p1EarlyRunReference = { module: __filename, name: 'p1EarlyRun', version: '1' };

export interface P1EarlySettings {
  heads: number[];
  /** A second fitted range of H with more heads (FIGURES.md P1-4 decision: the claim at two sizes), same reference. */
  largerHeads: number[];
  referenceHeads: number;
  headDim: number;
  depth: number;
  batchSize: number;
  steps: number;
  checkpoints: number[];
  seeds: number;
  learningRate: number;
  richness: number;
  branchScale: number;
  probeCount: number;
}

/**
 * FIGURES.md P1-4: quick = H ∈ {4, 8, 16} against the reference H = 64, N = 4, L = 2, batch 8, 200 steps, 4 seeds,
 * checkpoints 50/100/200, 64 probes; smoke = 20 steps, 2 seeds, reference H = 16; paper = H ∈ {8, …, 256} against
 * H = 512, batch 128, 2500 steps, 10 seeds.
 */
export function p1EarlySettings(scale: Scale): P1EarlySettings {
  const constants = { headDim: 4, depth: 2, learningRate: 1, richness: 0.2, branchScale: 4, probeCount: 64 };
  if (scale === 'smoke') return { ...constants, heads: [4, 8], largerHeads: [8, 12], referenceHeads: 16, batchSize: 8, steps: 20, checkpoints: [5, 10, 20], seeds: 2 };
  if (scale === 'quick') return { ...constants, heads: [4, 8, 16], largerHeads: [8, 16, 32], referenceHeads: 64, batchSize: 8, steps: 200, checkpoints: [50, 100, 200], seeds: 4 };
  if (scale === 'paper') return { ...constants, heads: [8, 16, 32, 64, 128, 256], largerHeads: [16, 32, 64, 128, 256], referenceHeads: 512, batchSize: 128, steps: 2500, checkpoints: [100, 500, 2500], seeds: 10 };
  throw new Error(`scale: expected 'smoke', 'quick' or 'paper', got '${String(scale)}'`);
}

/** The sweep grid of P1-4: H (both fitted ranges and the reference) × seeds. */
export function p1EarlyGrid(settings: P1EarlySettings): GridSpec {
  const { heads, largerHeads, referenceHeads, seeds, ...fixed } = settings;
  return { axes: { heads: [...new Set([...heads, ...largerHeads, referenceHeads])].sort((a, b) => a - b) }, fixed, seeds };
}

/**
 * Output deviation (FIGURES.md "Measurement recipes") at one checkpoint: for each H and seed, the mean over probes and
 * classes of (z_H(x) − z̄_ref(x))², z̄_ref the seed mean at the reference H. outputs[H][seed] is the flat z.
 */
export function outputDeviations(outputs: Map<number, number[][]>, referenceHeads: number): Map<number, number[]> {
  const ref = outputs.get(referenceHeads);
  if (!ref || ref.length === 0) throw new Error(`referenceHeads: no outputs at H = ${referenceHeads}`);
  const mean = new Array<number>(ref[0].length).fill(0);
  for (const z of ref) z.forEach((v, i) => (mean[i] += v / ref.length));
  const out = new Map<number, number[]>();
  for (const [h, perSeed] of outputs) {
    if (h === referenceHeads) continue;
    out.set(h, perSeed.map((z) => z.reduce((s, v, i) => s + (v - mean[i]) ** 2, 0) / z.length));
  }
  return out;
}

/** Slope of log mean_seeds deviation vs log H with its bootstrap SE over seeds (FIGURES.md "Statistics"). */
export function outputDeviationSlope(deviations: Map<number, number[]>): BootstrapSlope & { heads: number[]; means: number[] } {
  const heads = [...deviations.keys()].sort((a, b) => a - b);
  const errors = heads.map((h) => deviations.get(h)!);
  const fit = bootstrapPowerLawSlope(heads, errors, 400, 4);
  return { ...fit, heads, means: errors.map((e) => e.reduce((s, x) => s + x, 0) / e.length) };
}

/** mean over steps of |EMA(ℒ̄_H) − EMA(ℒ̄_ref)| for each fitted H (seed-averaged curves). */
export function lossGapsToReference(losses: Map<number, number[][]>, referenceHeads: number): Map<number, number> {
  const ref = losses.get(referenceHeads);
  if (!ref) throw new Error(`referenceHeads: no loss curves at H = ${referenceHeads}`);
  const out = new Map<number, number>();
  for (const [h, curves] of [...losses].sort((a, b) => a[0] - b[0])) if (h !== referenceHeads) out.set(h, lossCurveDistance(curves, ref));
  return out;
}

/** Spread over seeds: mean over entries i of the sample variance (1/(R−1)) Σ_r (z_r[i] − z̄[i])² (NaN for R < 2). */
export function seedSpread(perSeed: readonly (readonly number[])[]): number {
  const r = perSeed.length;
  if (r < 2) return NaN;
  const n = perSeed[0].length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (const z of perSeed) m += z[i] / r;
    for (const z of perSeed) total += (z[i] - m) ** 2;
  }
  return total / ((r - 1) * n);
}
