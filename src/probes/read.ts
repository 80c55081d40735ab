/**
 * Copying tensor values out of tfjs into Float64Array (probes never let tensors escape), and the elementwise
 * statistics every probe shares: coordinate size, RMS difference, relative Frobenius change.
 */
import type * as tf from '@tensorflow/tfjs';

/** Values copied out of a tensor: float64, row-major, with the tensor's shape. */
export interface ArrayTensor {
  values: Float64Array;
  shape: number[];
}

/** A tensor's values and shape as an ArrayTensor (an ArrayTensor is returned as it is). */
export function toArrayTensor(x: tf.Tensor | ArrayTensor): ArrayTensor {
  if ('values' in x && x.values instanceof Float64Array) return x;
  const t = x as tf.Tensor;
  return { values: readValues(t), shape: [...t.shape] };
}

/** The values of `x` as a new Float64Array (row-major), read synchronously. */
export function readValues(x: tf.Tensor): Float64Array {
  const data = x.dataSync();
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i];
  return out;
}

/** Coordinate size ⟨|x|⟩ = (1/P) Σ_i |x_i| (mean absolute entry; the μP coordinate-check statistic). */
export function meanAbsolute(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return x.length === 0 ? NaN : s / x.length;
}

function checkSameLength(a: Float64Array, b: Float64Array, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: arrays differ in length (${a.length} vs ${b.length})`);
}

/** RMS(a − b) = √((1/P) Σ_i (a_i − b_i)²) (FIGURES.md "Measurement recipes": RMS feature/key change, RMS change of A). */
export function rmsDifference(a: Float64Array, b: Float64Array): number {
  checkSameLength(a, b, 'rmsDifference');
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return a.length === 0 ? NaN : Math.sqrt(s / a.length);
}

/** Mean |a − b| over entries: the size of a change in the units of meanAbsolute. */
export function meanAbsoluteDifference(a: Float64Array, b: Float64Array): number {
  checkSameLength(a, b, 'meanAbsoluteDifference');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return a.length === 0 ? NaN : s / a.length;
}

/**
 * Relative movement ‖W(t) − W(0)‖_F / ‖W(0)‖_F (FIGURES.md "relative weight movement"). A zero W(0) gives 0 if
 * W did not move and Infinity otherwise.
 */
export function relativeChange(current: Float64Array, initial: Float64Array): number {
  checkSameLength(current, initial, 'relativeChange');
  let num = 0;
  let den = 0;
  for (let i = 0; i < current.length; i++) {
    const d = current[i] - initial[i];
    num += d * d;
    den += initial[i] * initial[i];
  }
  if (den === 0) return num === 0 ? 0 : Infinity;
  return Math.sqrt(num / den);
}
