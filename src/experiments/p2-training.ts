/**
 * P2 training experiment (FIGURES.md P2-train, reconstructed): a character-level causal language model built as a
 * shaped transformer without normalization (causal shaped attention I + softmax(A/τ) − U with the causal-uniform U,
 * shaped-ReLU MLP, λ/γ residuals; THEORY.md §6.2–6.4) against the Pre-LN baseline, trained with AdamW on the State of
 * the Union corpus. Reports the training loss per step and the held-out loss at checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { buildPreLnTransformer, buildShapedTransformer } from '../models/builders';
import { preset } from '../spec/presets';
import type { Spec } from '../spec/types';
import { train } from '../train/loop';
import { evaluationWindows, loadTextCorpus, textBatches, type TokenBatch } from '../data/text';

/** One training run of P2-train. */
export interface ShapedTrainingConfig {
  /** 'shaped' (no normalization) or 'preLn' (LayerNorm before each sub-block, plain softmax attention) */
  variant: 'shaped' | 'preLn';
  /** seed of the initial weights (the data order is fixed by dataSeed) */
  seed: number;
  steps: number;
  batchSize: number;
  /** context length m */
  context: number;
  /** N, per-head dimension; width n = N·H */
  headDim: number;
  heads: number;
  depth: number;
  /** AdamW peak rate; default 10⁻³ */
  learningRate?: number;
  /** linear warmup steps, then a constant rate; default 50 */
  warmupSteps?: number;
  /** γ² of the λ/γ residual (λ² = 1 − γ²); default 1/8 */
  branchWeightSquared?: number;
  /** τ₀ of shaped attention; default 1 */
  temperature?: number;
  /** held-out loss every evalEvery steps (and at 0 and at the end); default steps/6 rounded */
  evalEvery?: number;
  /** number of held-out windows of `context` characters; default 64 */
  evalWindows?: number;
  /** seed of the training-window order, shared by every run; default 0 */
  dataSeed?: number;
  /** folder of the SOTU JSON files (default: the installed corpus) */
  sotuDir?: string;
  /** hold out every k-th speech for validation (default 10, see splitSpeeches) */
  heldOutEvery?: number;
}

/** Plain-JSON result of one run. */
export interface ShapedTrainingResult {
  variant: 'shaped' | 'preLn';
  status: 'completed' | 'diverged';
  divergedAt: number | null;
  /** training loss (nats per character) before each update */
  losses: number[];
  /** steps at which the held-out loss was measured */
  evalSteps: number[];
  validationLosses: number[];
  /** held-out loss after the last update */
  finalValidationLoss: number;
  /** mean training loss over the last 10 % of steps (FIGURES.md "Statistics") */
  finalTrainLoss: number;
  /** H = −Σ_c p_c ln p_c of the training characters (nats) */
  unigramEntropy: number;
  data: string;
  parameters: number;
}

/** The Spec of one P2-train network (character vocabulary V). */
export function shapedLanguageModelSpec(config: ShapedTrainingConfig, vocabulary: number): Spec {
  const { variant } = config;
  if (variant !== 'shaped' && variant !== 'preLn') throw new Error(`variant: expected 'shaped' | 'preLn', got ${variant}`);
  const g2 = config.branchWeightSquared ?? 1 / 8;
  if (!(g2 > 0 && g2 <= 1)) throw new Error(`branchWeightSquared: expected γ² in (0, 1], got ${g2}`);
  return preset('shaped', {
    architecture: variant,
    headDim: config.headDim,
    heads: config.heads,
    depth: config.depth,
    tokens: config.context,
    inputDim: vocabulary,
    outputDim: vocabulary,
    input: 'tokens',
    causal: true,
    centred: false,
    branchScale: Math.sqrt(g2),
    temperature: config.temperature ?? 1,
    mlpActivation: variant === 'shaped' ? 'shapedRelu' : 'relu',
    optimizer: { kind: 'adamw', learningRate: config.learningRate ?? 1e-3, warmupSteps: config.warmupSteps ?? 50, epsilon: 1e-8, weightDecay: 0 },
  });
}

/** H = −Σ_c p_c ln p_c with p_c the frequency of token c in `tokens` (nats). */
export function unigramEntropy(tokens: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) counts.set(tokens[i], (counts.get(tokens[i]) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / tokens.length;
    h -= p * Math.log(p);
  }
  return h;
}

function tensors(b: TokenBatch): { inputs: tf.Tensor; targets: tf.Tensor } {
  return {
    inputs: tf.tensor2d(b.inputs, [b.batchSize, b.context], 'int32'),
    targets: tf.tensor2d(b.targets, [b.batchSize, b.context], 'int32'),
  };
}

/**
 * Trains one network for `steps` AdamW updates on random SOTU windows (order fixed by dataSeed) and measures the
 * mean cross-entropy −(1/|W|) Σ ln p(x_{t+1} | x_{≤t}) over fixed held-out windows W at the checkpoints.
 */
export async function shapedTrainingRun(config: ShapedTrainingConfig): Promise<ShapedTrainingResult> {
  await initBackend();
  const { steps, batchSize, context } = config;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps: expected a positive integer, got ${steps}`);
  const corpus = loadTextCorpus({ tokenizer: 'char', dir: config.sotuDir, heldOutEvery: config.heldOutEvery });
  const spec = shapedLanguageModelSpec(config, corpus.tokenizer.vocabSize);
  const model = config.variant === 'shaped' ? buildShapedTransformer(spec, config.seed) : buildPreLnTransformer(spec, config.seed);
  const windows = evaluationWindows(corpus.test, { context, batchSize: 16, maxWindows: config.evalWindows ?? 64 }).map(tensors);
  const every = config.evalEvery ?? Math.max(1, Math.round(steps / 6));
  const evalSteps: number[] = [];
  const validationLosses: number[] = [];
  const evaluate = (step: number) => {
    let total = 0;
    let count = 0;
    for (const w of windows) {
      const n = w.inputs.shape[0];
      total += tf.tidy(() => model.loss(w.inputs, w.targets).dataSync()[0]) * n;
      count += n;
    }
    evalSteps.push(step);
    validationLosses.push(total / count);
  };
  try {
    evaluate(0);
    const batches = textBatches(corpus.train, { context, batchSize, seed: config.dataSeed ?? 0 });
    const record = train(model, (t) => tensors(batches.batch(t)), {
      steps,
      onStep: (t) => {
        if ((t + 1) % every === 0 || t + 1 === steps) evaluate(t + 1);
      },
    });
    const tail = record.losses.slice(Math.floor(record.losses.length * 0.9));
    return {
      variant: config.variant,
      status: record.status,
      divergedAt: record.divergedAt,
      losses: record.losses,
      evalSteps,
      validationLosses,
      finalValidationLoss: record.status === 'completed' ? validationLosses[validationLosses.length - 1] : NaN,
      finalTrainLoss: tail.reduce((a, b) => a + b, 0) / Math.max(tail.length, 1),
      unigramEntropy: unigramEntropy(corpus.train),
      data: corpus.name,
      parameters: model.table.rows.reduce((a, r) => a + r.shape.reduce((x, y) => x * y, 1), 0),
    };
  } finally {
    for (const w of windows) {
      w.inputs.dispose();
      w.targets.dispose();
    }
    model.dispose();
  }
}
