/**
 * One probe forward pass copied into float64 arrays, and the RMS changes between two such snapshots
 * (FIGURES.md "Measurement recipes": RMS feature change, RMS key change, RMS change of A, head-mean update).
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/types';
import { headMeanChange } from './attention';
import { rmsDifference, toArrayTensor, type ArrayTensor } from './read';

/** Everything a forward pass with internals exposes, as ArrayTensors indexed like Internals (block ℓ = 0…L−1). */
export interface InternalsSnapshot {
  residual: ArrayTensor[];
  logits: ArrayTensor[];
  attention: ArrayTensor[];
  queries: ArrayTensor[];
  keys: ArrayTensor[];
  features: ArrayTensor;
  output: ArrayTensor;
  activations: Record<string, ArrayTensor>;
}

/** Runs model.forward(inputs, {internals: true}) and copies every internal out; no tensor survives the call. */
export function captureInternals(model: Pick<Model, 'forward'>, inputs: tf.Tensor): InternalsSnapshot {
  let snapshot: InternalsSnapshot | undefined;
  tf.tidy(() => {
    const result = model.forward(inputs, { internals: true });
    const internals = result.internals;
    if (internals === undefined) throw new Error('captureInternals: model.forward did not return internals when asked');
    const list = (xs: tf.Tensor[]) => xs.map((x) => toArrayTensor(x));
    const activations: Record<string, ArrayTensor> = {};
    for (const [name, x] of Object.entries(internals.activations)) activations[name] = toArrayTensor(x);
    snapshot = {
      residual: list(internals.residual),
      logits: list(internals.logits),
      attention: list(internals.attention),
      queries: list(internals.queries),
      keys: list(internals.keys),
      features: toArrayTensor(internals.features),
      output: toArrayTensor(result.output),
      activations,
    };
  });
  return snapshot as InternalsSnapshot;
}

/** RMS changes between a snapshot at step t and the reference at step 0, per block where indexed. */
export interface SnapshotChanges {
  /** RMS(h_ℓ(t) − h_ℓ(0)) for the stream after the read-in (0) and each block. */
  residual: number[];
  /** RMS(A(t) − A(0)) over heads, probes and token pairs, per block. */
  logits: number[];
  attention: number[];
  /** RMS(q(t) − q(0)), RMS(k(t) − k(0)) over heads, probes, tokens and coordinates, per block. */
  queries: number[];
  keys: number[];
  /** Head-mean update of the logits per block (mean over heads of ΔA, then RMS). */
  headMeanLogits: number[];
  /** RMS change of the readout input and of the centred output z. */
  features: number;
  output: number;
  /** RMS change of every named activation. */
  activations: Record<string, number>;
}

function rmsList(a: ArrayTensor[], b: ArrayTensor[]): number[] {
  return a.map((x, i) => rmsDifference(x.values, b[i].values));
}

/** Per-quantity RMS(x(t) − x(0)) between `current` and `reference` (same probe inputs at both times). */
export function snapshotChanges(current: InternalsSnapshot, reference: InternalsSnapshot): SnapshotChanges {
  const activations: Record<string, number> = {};
  for (const [name, x] of Object.entries(current.activations)) {
    const x0 = reference.activations[name];
    if (x0 !== undefined) activations[name] = rmsDifference(x.values, x0.values);
  }
  return {
    residual: rmsList(current.residual, reference.residual),
    logits: rmsList(current.logits, reference.logits),
    attention: rmsList(current.attention, reference.attention),
    queries: rmsList(current.queries, reference.queries),
    keys: rmsList(current.keys, reference.keys),
    headMeanLogits: current.logits.map((x, i) => headMeanChange(x, reference.logits[i])),
    features: rmsDifference(current.features.values, reference.features.values),
    output: rmsDifference(current.output.values, reference.output.values),
    activations,
  };
}
