/**
 * The reference training configuration shared by the side-by-side benchmarks (issue 7): P1 causal LM (THEORY.md
 * §2.4), sequence 16, width 128 = 4 heads × 32, 4 layers, MLP 512, vocabulary 64, batch 32, Adam (ε = 10⁻²⁰),
 * the same as bench/train-step.ts. Batches are random token windows from a seed per step.
 */
import * as tf from '@tensorflow/tfjs';
import { preset } from '../../src/spec/presets';
import { Random } from '../../src/base/random';
import type { TrainingBatch } from '../../src/train/loop';

export const referenceConfig = { sequence: 16, headDim: 32, heads: 4, depth: 4, mlpWidth: 512, vocabulary: 64, batch: 32 };

/** The P1 causal-LM spec of the reference configuration. */
export const referenceSpec = preset('p1', {
  architecture: 'causalLm',
  headDim: referenceConfig.headDim,
  heads: referenceConfig.heads,
  depth: referenceConfig.depth,
  tokens: referenceConfig.sequence,
  inputDim: referenceConfig.vocabulary,
  outputDim: referenceConfig.vocabulary,
  mlpWidth: referenceConfig.mlpWidth,
  optimizer: { kind: 'adam', learningRate: 0.01, epsilon: 1e-20 },
});

/** Token ids of step t: inputs x_{1..S} and targets x_{2..S+1} of `batch` windows drawn with new Random(1000 + t). */
export function referenceTokens(step: number): { inputs: Int32Array; targets: Int32Array } {
  const { batch, sequence, vocabulary } = referenceConfig;
  const random = new Random(1000 + step);
  const ids = new Int32Array(batch * (sequence + 1));
  for (let i = 0; i < ids.length; i++) ids[i] = random.integer(vocabulary);
  const inputs = new Int32Array(batch * sequence);
  const targets = new Int32Array(batch * sequence);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < sequence; s++) {
      inputs[b * sequence + s] = ids[b * (sequence + 1) + s];
      targets[b * sequence + s] = ids[b * (sequence + 1) + s + 1];
    }
  }
  return { inputs, targets };
}

/** referenceTokens(step) as int32 tensors [batch, S] (the training loop disposes them). */
export function referenceBatch(step: number): TrainingBatch {
  const { inputs, targets } = referenceTokens(step);
  const shape: [number, number] = [referenceConfig.batch, referenceConfig.sequence];
  return { inputs: tf.tensor2d(inputs, shape, 'int32'), targets: tf.tensor2d(targets, shape, 'int32') };
}

/** Median of a non-empty list. */
export function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
