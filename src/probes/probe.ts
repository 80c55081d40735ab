/**
 * The probe taken at chosen training steps (THEORY.md §3.4, FIGURES.md "Kernels", "Attention statistics",
 * "Measurement recipes"): kernels per layer, attention per head and its head variance, weight movement,
 * coordinate sizes and RMS changes from step 0. Returns plain JSON-serialisable numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/types';
import { attentionMaps, headVariance } from './attention';
import { coordinateChanges, coordinateSizes } from './coordinates';
import { pooledKernel, spatialKernel } from './kernels';
import { captureWeights, movementByGroup, weightMovement } from './movement';
import { captureInternals, snapshotChanges, type InternalsSnapshot, type SnapshotChanges } from './snapshot';

export type ProbeKind = 'kernels' | 'attention' | 'movement' | 'coordinates' | 'changes';
export const allProbeKinds: readonly ProbeKind[] = ['kernels', 'attention', 'movement', 'coordinates', 'changes'];

/** A fixed probe batch, the same at every probe step. */
export interface ProbeBatch {
  inputs: tf.Tensor;
  targets?: tf.Tensor;
}

/** What a probe at step t records; matrices are flattened row-major. */
export interface ProbeRecord {
  /** Number of optimizer updates applied before the probe (0 = initialization). */
  step: number;
  /** Mean loss on the probe batch (null without probe targets). */
  loss: number | null;
  /** Pooled kernel Φ_ℓ(x, x′) = (1/n) h̄_ℓ(x)·h̄_ℓ(x′) of the raw stream, ℓ = 0 (read-in) … L; each B×B. */
  pooledKernels?: number[][];
  /** Spatial kernel Φ_ℓ,ss′ = (1/n) h_ℓ,s·h_ℓ,s′ of probe input 0, ℓ = 0 … L; each S×S. */
  spatialKernels?: number[][];
  /** Pooled kernel of the readout input (final-LN features); B×B. */
  featureKernel?: number[];
  /** Attention maps σ(A)^a of probe input 0 per block; each H×S×S. */
  attentionMaps?: number[][];
  /** Variance over heads of the logits A^a_{ss′}(x), averaged over (x, s, s′), per block. */
  headVariance?: number[];
  /** ‖W(t) − W(0)‖_F/‖W(0)‖_F per parameter, and averaged over the rows of each group. */
  weightMovement?: Record<string, number>;
  groupMovement?: Record<string, number>;
  /** ⟨|x|⟩ of every named activation (coordinates.ts), and ⟨|x(t) − x(0)|⟩. */
  coordinateSizes?: Record<string, number>;
  coordinateChanges?: Record<string, number>;
  /** RMS changes from step 0 (FIGURES.md "Measurement recipes"). */
  changes?: SnapshotChanges;
}

/** State at step 0 kept by the loop: W(0) and the step-0 probe internals. */
export interface ProbeReference {
  weights: Record<string, Float64Array>;
  internals: InternalsSnapshot;
}

/** Copies W(0) and the probe pass at initialization (call before the first update). */
export function captureProbeReference(model: Pick<Model, 'params' | 'forward'>, probe: ProbeBatch): ProbeReference {
  return { weights: captureWeights(model.params), internals: captureInternals(model, probe.inputs) };
}

function checkKinds(kinds: readonly ProbeKind[]): void {
  for (const k of kinds) {
    if (!allProbeKinds.includes(k)) throw new Error(`probeKinds: unknown kind '${k}', allowed ${allProbeKinds.join(', ')}`);
  }
}

/** Probes `model` on the fixed probe batch; `reference` is the step-0 state from captureProbeReference. */
export function probeModel(
  model: Pick<Model, 'params' | 'forward' | 'loss' | 'table'>,
  probe: ProbeBatch,
  reference: ProbeReference,
  step: number,
  kinds: readonly ProbeKind[] = allProbeKinds,
): ProbeRecord {
  checkKinds(kinds);
  const snapshot = captureInternals(model, probe.inputs);
  const record: ProbeRecord = { step, loss: null };
  if (probe.targets !== undefined) {
    const targets = probe.targets;
    record.loss = tf.tidy(() => model.loss(probe.inputs, targets).dataSync()[0]);
  }
  if (kinds.includes('kernels')) {
    record.pooledKernels = snapshot.residual.map((h) => Array.from(pooledKernel(h)));
    record.spatialKernels = snapshot.residual.map((h) => Array.from(spatialKernel(h, 0)));
    record.featureKernel = Array.from(pooledKernel(snapshot.features));
  }
  if (kinds.includes('attention')) {
    record.attentionMaps = snapshot.attention.map((a) => Array.from(attentionMaps(a, 0)));
    record.headVariance = snapshot.logits.map((a) => headVariance(a));
  }
  if (kinds.includes('movement')) {
    record.weightMovement = weightMovement(model.params, reference.weights);
    record.groupMovement = movementByGroup(record.weightMovement, model.table);
  }
  if (kinds.includes('coordinates')) {
    record.coordinateSizes = coordinateSizes(snapshot);
    record.coordinateChanges = coordinateChanges(snapshot, reference.internals);
  }
  if (kinds.includes('changes')) record.changes = snapshotChanges(snapshot, reference.internals);
  return record;
}
