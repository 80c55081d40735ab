/**
 * Weight movement during training (THEORY.md §2.9, §3.3; FIGURES.md "relative weight movement").
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParameterTable } from '../spec/types';
import { readValues, relativeChange } from './read';

/** Copies of every trainable tensor's values (W(0) for later movement probes), keyed like model.params. */
export function captureWeights(params: Readonly<Record<string, tf.Tensor>>): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, w] of Object.entries(params)) out[name] = readValues(w);
  return out;
}

/** ‖W(t) − W(0)‖_F / ‖W(0)‖_F for every parameter present in both maps (THEORY.md §3.3: O(L^{α_L−1}) per block). */
export function weightMovement(
  params: Readonly<Record<string, tf.Tensor>>,
  initial: Readonly<Record<string, Float64Array>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, w] of Object.entries(params)) {
    const w0 = initial[name];
    if (w0 === undefined) continue;
    out[name] = relativeChange(readValues(w), w0);
  }
  return out;
}

/**
 * Movement averaged over the rows of each weight group (e.g. 'qk': mean over blocks ℓ of ‖ΔW^{QK}_ℓ‖_F/‖W^{QK}_ℓ(0)‖_F,
 * the P1 Fig 5a statistic). Rows missing from `movement` or with a non-finite value are skipped.
 */
export function movementByGroup(movement: Readonly<Record<string, number>>, table: ParameterTable): Record<string, number> {
  const sums: Record<string, { total: number; count: number }> = {};
  for (const row of table.rows) {
    const value = movement[row.name];
    if (value === undefined || !Number.isFinite(value)) continue;
    const entry = (sums[row.group] ??= { total: 0, count: 0 });
    entry.total += value;
    entry.count += 1;
  }
  const out: Record<string, number> = {};
  for (const [group, { total, count }] of Object.entries(sums)) out[group] = total / count;
  return out;
}
