/**
 * Attention probes (FIGURES.md "Attention statistics"; THEORY.md §3.1): per-head maps, the variance over heads,
 * and the head-mean update. Inputs are [B, H, S, S] tensors of logits A or of attention σ(A).
 */
import type * as tf from '@tensorflow/tfjs';
import { toArrayTensor, type ArrayTensor } from './read';

function attentionShape(x: { shape: readonly number[] }, what: string): [number, number, number] {
  const shape = x.shape;
  if (shape.length !== 4 || shape[2] !== shape[3]) {
    throw new Error(`${what}: expected attention of shape [batch, heads, tokens, tokens], got [${shape}]`);
  }
  return [shape[0], shape[1], shape[2]];
}

/** The H maps A^a_{ss′}(x) of one probe input x = attention[input], as H·S·S values (head-major, row-major). */
export function attentionMaps(attention: tf.Tensor | ArrayTensor, input = 0): Float64Array {
  const x = toArrayTensor(attention);
  const [batch, heads, tokens] = attentionShape(x, 'attentionMaps');
  if (!Number.isInteger(input) || input < 0 || input >= batch) {
    throw new Error(`attentionMaps: input must be an integer in [0, ${batch - 1}], got ${input}`);
  }
  const size = heads * tokens * tokens;
  return x.values.slice(input * size, (input + 1) * size);
}

/**
 * Head variance: for each (x, s, s′) the sample variance over heads a of A^a_{ss′}(x),
 * (1/(H−1)) Σ_a (A^a − Ā)², then the mean over probe inputs and token pairs (FIGURES.md). NaN for H = 1.
 */
export function headVariance(attention: tf.Tensor | ArrayTensor): number {
  const x = toArrayTensor(attention);
  const [batch, heads, tokens] = attentionShape(x, 'headVariance');
  if (heads < 2) return NaN;
  const values = x.values;
  const pairs = tokens * tokens;
  let total = 0;
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < pairs; p++) {
      let mean = 0;
      for (let a = 0; a < heads; a++) mean += values[(b * heads + a) * pairs + p];
      mean /= heads;
      let ss = 0;
      for (let a = 0; a < heads; a++) {
        const d = values[(b * heads + a) * pairs + p] - mean;
        ss += d * d;
      }
      total += ss / (heads - 1);
    }
  }
  return total / (batch * pairs);
}

/**
 * Head-mean update: for each (x, s, s′) the mean over heads of A(t) − A(0), then the RMS over (x, s, s′)
 * (FIGURES.md "Measurement recipes"). Both are [B, H, S, S].
 */
export function headMeanChange(current: tf.Tensor | ArrayTensor, initial: tf.Tensor | ArrayTensor): number {
  const now = toArrayTensor(current);
  const [batch, heads, tokens] = attentionShape(now, 'headMeanChange');
  const before = toArrayTensor(initial).values;
  const after = now.values;
  const pairs = tokens * tokens;
  if (before.length !== after.length) {
    throw new Error(`headMeanChange: expected ${after.length} initial values, got ${before.length}`);
  }
  let total = 0;
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < pairs; p++) {
      let mean = 0;
      for (let a = 0; a < heads; a++) {
        const k = (b * heads + a) * pairs + p;
        mean += after[k] - before[k];
      }
      mean /= heads;
      total += mean * mean;
    }
  }
  return Math.sqrt(total / (batch * pairs));
}
