/**
 * The size grid of bench/grid.ts (issue 16): one training configuration per point — P1 causal LM (THEORY.md §2.4) or
 * P1 ViT (§2.2) with Adam (ε = 10⁻²⁰, learning rate 0.01) — its spec, its batches (from a seed per step) and the FLOPs
 * of one training step by the formula below, shared by the point runner (grid-point.ts) and the grid.
 */
import * as tf from '@tensorflow/tfjs';
import { preset } from '../../src/spec/presets';
import type { Spec } from '../../src/spec/types';
import { Random } from '../../src/base/random';
import type { TrainingBatch } from '../../src/train/loop';

export interface GridPoint {
  name: string;
  architecture: 'causalLm' | 'vit';
  /** N (head dimension), H (heads), L (depth); width n = H·N, MLP width 4n (512 at the reference). */
  headDim: number;
  heads: number;
  depth: number;
  sequence: number;
  batch: number;
  mlpWidth: number;
  /** Vocabulary (causalLm) or classes (vit). */
  outputs: number;
  /** Features per token: the vocabulary for the LM (one-hot), channels·patch² = 49 for Fashion-MNIST at patch 7. */
  inputDim: number;
}

function lm(name: string, headDim: number, heads: number, depth: number, sequence: number, batch: number, mlpWidth = 4 * headDim * heads): GridPoint {
  return { name, architecture: 'causalLm', headDim, heads, depth, sequence, batch, mlpWidth, outputs: 64, inputDim: 64 };
}

/**
 * The default grid: the reference (bench/peers/reference.ts); width n ∈ {64, 256, 512} (heads of N = 32) at
 * sequence 16 and 64, 4 layers, batch 64 (16 at n = 512, ≈ 100 GFLOP per step at sequence 64); the P1-like point (N = H = 16, L = 4, sequence 64, batch 64); a deep point
 * (n = 64, L = 8, sequence 64, batch 64); the ViT on Fashion-MNIST-shaped inputs (28×28 images, patch 7: 16 tokens
 * of 49 features, 10 classes; n = 128 = 4 × 32, L = 4, batch 128).
 */
export const defaultGrid: GridPoint[] = [
  lm('reference', 32, 4, 4, 16, 32, 512),
  ...[64, 256, 512].flatMap((n) => [16, 64].map((S) => lm(`n${n}-s${S}`, 32, n / 32, 4, S, n === 512 ? 16 : 64))),
  lm('p1', 16, 16, 4, 64, 64),
  lm('deep', 32, 2, 8, 64, 64),
  { name: 'vit', architecture: 'vit', headDim: 32, heads: 4, depth: 4, sequence: 16, batch: 128, mlpWidth: 512, outputs: 10, inputDim: 49 },
];

/** The point's spec (P1 preset, Adam). */
export function gridSpec(p: GridPoint): Spec {
  return preset('p1', {
    architecture: p.architecture,
    headDim: p.headDim,
    heads: p.heads,
    depth: p.depth,
    tokens: p.sequence,
    inputDim: p.inputDim,
    outputDim: p.outputs,
    mlpWidth: p.mlpWidth,
    optimizer: { kind: 'adam', learningRate: 0.01, epsilon: 1e-20 },
  });
}

/** Step t's data as flat arrays: LM token windows (inputs x_{1..S}, targets x_{2..S+1}), or ViT standard-normal
 * patches [batch, S, inputDim] and class targets [batch] (values do not change the cost), from new Random(1000 + t). */
export function gridData(p: GridPoint, step: number): { inputs: Int32Array | Float32Array; targets: Int32Array } {
  const random = new Random(1000 + step);
  const { batch, sequence: S } = p;
  if (p.architecture === 'vit') {
    const inputs = new Float32Array(batch * S * p.inputDim);
    for (let i = 0; i < inputs.length; i++) inputs[i] = random.normal();
    const targets = new Int32Array(batch);
    for (let b = 0; b < batch; b++) targets[b] = random.integer(p.outputs);
    return { inputs, targets };
  }
  const ids = new Int32Array(batch * (S + 1));
  for (let i = 0; i < ids.length; i++) ids[i] = random.integer(p.outputs);
  const inputs = new Int32Array(batch * S);
  const targets = new Int32Array(batch * S);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < S; s++) {
      inputs[b * S + s] = ids[b * (S + 1) + s];
      targets[b * S + s] = ids[b * (S + 1) + s + 1];
    }
  }
  return { inputs, targets };
}

/** gridData(p, step) as tensors (the training loop disposes them). */
export function gridBatch(p: GridPoint, step: number): TrainingBatch {
  const { inputs, targets } = gridData(p, step);
  if (p.architecture === 'vit') {
    return { inputs: tf.tensor3d(inputs as Float32Array, [p.batch, p.sequence, p.inputDim]), targets: tf.tensor1d(targets, 'int32') };
  }
  return { inputs: tf.tensor2d(inputs, [p.batch, p.sequence], 'int32'), targets: tf.tensor2d(targets, [p.batch, p.sequence], 'int32') };
}

/**
 * Model FLOPs of one training step (the same formula for ours and the peer; multiply–add = 2 FLOPs):
 *   forward per sequence F = S·[2·D·n (ViT read-in; the LM's embedding is a lookup)]
 *                          + L·S·[2·4n² (Q, K, V, O) + 2·2·n·m (MLP) + 2·2·S·n (QKᵀ and σV, dense S×S as in PaLM's MFU)]
 *                          + readout 2·n·C per token (LM) or per sequence (ViT);
 *   step = B·(F (forward) + F (the frozen forward of the centred output f − f₀) + 2F (backward)) = 4·B·F.
 * LayerNorm, GELU, softmax, Adam are not counted (O(n) per token).
 */
export function stepFlops(p: GridPoint): number {
  const n = p.headDim * p.heads;
  const S = p.sequence;
  const readIn = p.architecture === 'vit' ? 2 * p.inputDim * n * S : 0;
  const block = S * (8 * n * n + 4 * n * p.mlpWidth + 4 * S * n);
  const readout = 2 * n * p.outputs * (p.architecture === 'vit' ? 1 : S);
  return 4 * p.batch * (readIn + p.depth * block + readout);
}
