/**
 * Early training across H (FIGURES.md P1-4, reconstructed; THEORY.md §3.2): the LN ViT with N = 4, L = 2, β₀ = 4,
 * γ₀ = 0.2, α_A = 1, momentum 0.9, η₀ = 1 trained on the shared Fashion-MNIST stream, with the centred logits z_H(x)
 * on fixed probe images saved at checkpoints. Predictions converge to the H → ∞ limit with squared deviation ∝ 1/H
 * (CLT over heads), measured against the seed mean at a reference H.
 */
import * as tf from '@tensorflow/tfjs';
import { buildVit } from '../../models/builders';
import { parameterCount } from '../../spec/resolve';
import { specRun } from '../../sweep/spec-run';
import { train } from '../../train/loop';
import { bootstrapPowerLawSlope, type BootstrapSlope } from '../p1-init/common';
import { lossCurveDistance } from './analysis';
import { ensureScaledBackend, p1ScaledClasses, roundedNumbers, scaledBatchSource, scaledImageData, scaledProbeBatch } from './common';

/** Settings of a P1-4 run (not part of the spec): the training stream, the checkpoints and the probe set. */
export interface P1EarlySettings {
  batchSize: number;
  steps: number;
  /** Steps after which the centred logits are saved (each in 1 … steps). */
  checkpoints: number[];
  /** Probe images (the first test images). */
  probeCount: number;
  /** Data order of the training stream (the same for every run). */
  dataSeed: number;
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
 * One point of P1-4: the LN ViT of `spec` with weights from the seed, trained for `steps` updates on the shared
 * Fashion-MNIST stream (batch `batchSize`, order `dataSeed`), recording z(x) = (f_θ(x) − f_θ₀(x))/γ₀ on the first
 * `probeCount` test images after each checkpoint step (the loop's onStep hook, after the update). Divergence: a loss
 * > 2 ln 10 or non-finite.
 */
export const p1Early = specRun<P1EarlySettings>(async (spec, _table, { seed, settings }): Promise<P1EarlyRunResult> => {
  const { steps, checkpoints, batchSize, probeCount, dataSeed } = settings;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps: expected a positive integer, got ${String(steps)}`);
  for (const c of checkpoints ?? []) {
    if (!Number.isInteger(c) || c < 1 || c > steps) throw new Error(`checkpoints: expected integers in 1…${steps}, got ${c}`);
  }
  await ensureScaledBackend();
  const data = scaledImageData();
  const probe = scaledProbeBatch(data, probeCount);
  const model = buildVit(spec, seed);
  const saveAt = new Set(checkpoints);
  const outputs: { step: number; z: number[] }[] = [];
  try {
    const t0 = process.hrtime.bigint();
    const record = train(model, scaledBatchSource(data, batchSize, dataSeed), {
      steps,
      divergenceThreshold: 2 * Math.log(p1ScaledClasses),
      onStep: (t) => {
        if (!saveAt.has(t + 1)) return;
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
});

/** Sweep run reference of p1Early (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1EarlyReference = { module: __filename, name: 'p1Early', version: '1' };

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
