/**
 * One training run of the scaled ViT family (FIGURES.md P1-6a–d, P1-8, P1-9/10; THEORY.md §2.2, §3.1–3.3): the loss
 * curve and probe snapshots at initialization and after the last step, as plain numbers for the sweep cache.
 * A snapshot holds, on the fixed probe images (first test images of Fashion-MNIST):
 *  - the pooled kernel Φ(x, x′) = (1/n) h̄(x)·h̄(x′) of the final-LN features (the readout input),
 *  - the spatial kernel Φ_{ss′} = (1/n) u_s·u_{s′} of probe image 0, u = LN(h_L) the final-LN token features,
 *    and the same for the raw stream h_L,
 *  - per block the variance over heads of A^a_{ss′}(x), averaged over (x, s, s′),
 *  - the last block's logits A^a_{ss′}(x) of the first `logitProbes` probes (for distributions over heads).
 * The final snapshot adds RMS(A(t) − A(0)) and the head-mean update (mean over heads of ΔA, RMS over (x, s, s′)).
 */
import * as tf from '@tensorflow/tfjs';
import { parameterCount } from '../../spec/resolve';
import type { Model } from '../../models/types';
import { buildVit } from '../../models/builders';
import { headMeanChange, headVariance } from '../../probes/attention';
import { pooledKernel, spatialKernel } from '../../probes/kernels';
import { rmsDifference, type ArrayTensor } from '../../probes/read';
import { captureInternals } from '../../probes/snapshot';
import { train } from '../../train/loop';
import type { Spec } from '../../spec/types';
import { specRun } from '../../sweep/spec-run';
import {
  ensureScaledBackend,
  lastTenPercentMean,
  layerNormTokens,
  p1ScaledClasses,
  roundedNumbers,
  roundSignificant,
  scaledBatchSource,
  scaledImageData,
  scaledProbeBatch,
} from './common';

/** The run settings of a family point (p1ScaledGrid: part of the cache key). */
export interface P1ScaledSettings {
  batchSize: number;
  steps: number;
  /** Probe images (the first test images) and how many of them keep their raw logits. */
  probeCount: number;
  logitProbes: number;
  /** Seed of the single data order shared by every run. */
  dataSeed: number;
}

export interface P1ScaledSnapshot {
  step: number;
  /** Mean loss on the probe images. */
  probeLoss: number;
  /** Pooled final-LN feature kernel, probeCount² row-major. */
  pooledKernel: number[];
  /** Spatial kernels of probe 0, S² row-major: final-LN token features and raw stream after the last block. */
  spatialKernel: number[];
  rawSpatialKernel: number[];
  /** Head variance of A per block. */
  headVariance: number[];
  /** Last block logits [logitProbes, H, S, S] row-major. */
  logits: number[];
  logitShape: number[];
  /** Final snapshot only: RMS(A(t) − A(0)) and head-mean update of the last block. */
  logitChange?: number;
  headMeanChange?: number;
}

export interface P1ScaledRunResult {
  status: 'ok' | 'diverged';
  /** Mean logged loss over the last 10 % of steps (NaN when diverged). */
  loss: number;
  losses: number[];
  divergedAt: number | null;
  initial: P1ScaledSnapshot;
  final: P1ScaledSnapshot;
  parameters: number;
  msPerStep: number;
  backend: string | null;
  data: string;
}

/**
 * Probe snapshot of `model` on `inputs` (see the file comment); returns it and the last block's full logits
 * (kept in memory for the change statistics, not stored).
 */
export function scaledSnapshot(
  model: Model,
  probe: { inputs: tf.Tensor3D; targets: tf.Tensor1D },
  step: number,
  logitProbes: number,
): { snapshot: P1ScaledSnapshot; lastLogits: ArrayTensor } {
  const internals = captureInternals(model, probe.inputs);
  const probeLoss = tf.tidy(() => model.loss(probe.inputs, probe.targets).dataSync()[0]);
  const width = model.spec.headDim * model.spec.heads;
  const stream = internals.residual[internals.residual.length - 1];
  const normed = { values: layerNormTokens(stream.values, width), shape: stream.shape };
  const last = internals.logits[internals.logits.length - 1];
  const [, heads, s1, s2] = last.shape;
  const keep = Math.min(logitProbes, last.shape[0]);
  return {
    snapshot: {
      step,
      probeLoss: roundSignificant(probeLoss),
      pooledKernel: roundedNumbers(pooledKernel(internals.features)),
      spatialKernel: roundedNumbers(spatialKernel(normed, 0)),
      rawSpatialKernel: roundedNumbers(spatialKernel(stream, 0)),
      headVariance: internals.logits.map((a) => roundSignificant(headVariance(a))),
      logits: roundedNumbers(last.values.subarray(0, keep * heads * s1 * s2), 5),
      logitShape: [keep, heads, s1, s2],
    },
    lastLogits: last,
  };
}

/** The settings of a point, checked: batchSize, probeCount, logitProbes ≥ 1 and steps ≥ 0 integers, dataSeed an integer. */
export function scaledSettings(settings: Record<string, unknown>): P1ScaledSettings {
  const integer = (field: keyof P1ScaledSettings, least?: number) => {
    const v = settings[field];
    if (!Number.isInteger(v) || (least !== undefined && (v as number) < least)) {
      throw new Error(`${field}: expected an integer${least === undefined ? '' : ` ≥ ${least}`}, got ${String(v)}`);
    }
    return v as number;
  };
  return {
    batchSize: integer('batchSize', 1),
    steps: integer('steps', 0),
    probeCount: integer('probeCount', 1),
    logitProbes: integer('logitProbes', 1),
    dataSeed: integer('dataSeed'),
  };
}

/**
 * Trains the ViT of `spec` (weights from `seed`) for settings.steps momentum-SGD updates on the shared Fashion-MNIST
 * stream (data order settings.dataSeed, the same for every seed and size; the seed changes only the initial weights)
 * and returns the loss curve and the snapshots at t = 0 and t = steps (steps = 0: an initialization-only run, loss =
 * the probe loss at t = 0). Divergence: a logged loss > 2 ln 10 or non-finite (then status 'diverged', loss NaN).
 */
export async function p1ScaledTraining(spec: Spec, seed: number, settings: P1ScaledSettings): Promise<P1ScaledRunResult> {
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${String(seed)}`);
  await ensureScaledBackend();
  const data = scaledImageData();
  const probe = scaledProbeBatch(data, settings.probeCount);
  const model = buildVit(spec, seed);
  try {
    const start = scaledSnapshot(model, probe, 0, settings.logitProbes);
    const t0 = process.hrtime.bigint();
    const record = train(model, scaledBatchSource(data, settings.batchSize, settings.dataSeed), {
      steps: settings.steps,
      divergenceThreshold: 2 * Math.log(p1ScaledClasses),
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const end = scaledSnapshot(model, probe, record.losses.length - (record.status === 'diverged' ? 1 : 0), settings.logitProbes);
    end.snapshot.logitChange = roundSignificant(rmsDifference(end.lastLogits.values, start.lastLogits.values));
    end.snapshot.headMeanChange = roundSignificant(headMeanChange(end.lastLogits, start.lastLogits));
    const diverged = record.status === 'diverged';
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : settings.steps === 0 ? start.snapshot.probeLoss : lastTenPercentMean(record.losses),
      losses: roundedNumbers(record.losses),
      divergedAt: record.divergedAt,
      initial: start.snapshot,
      final: end.snapshot,
      parameters: parameterCount(spec),
      msPerStep: (1000 * seconds) / Math.max(1, record.losses.length),
      backend: record.backend,
      data: data.train.name,
    };
  } finally {
    model.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  }
}

/** The family's typed run (a point of p1ScaledGrid: its spec, seed and settings) for the sweep. */
export const p1ScaledRun = specRun((spec, _table, { seed, settings }) => p1ScaledTraining(spec, seed, scaledSettings(settings)));

/** Sweep run reference of p1ScaledRun (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1ScaledRunReference = { module: __filename, name: 'p1ScaledRun', version: '1' };
