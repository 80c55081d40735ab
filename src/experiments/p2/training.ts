/**
 * P2 training experiment (FIGURES.md P2-train, reconstructed): a character-level causal language model built as a
 * shaped transformer without normalization (causal shaped attention I + softmax(A/τ) − U with the causal-uniform U,
 * shaped-ReLU MLP, λ/γ residuals; THEORY.md §6.2–6.4) against the Pre-LN baseline, trained with AdamW on the State of
 * the Union corpus. Reports the training loss per step and the held-out loss at checkpoints.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend';
import { buildPreLnTransformer, buildShapedTransformer } from '../../models/builders';
import { preset } from '../../spec/presets';
import type { Spec } from '../../spec/types';
import { showValue } from '../../spec/validate';
import { train } from '../../train/loop';
import { specRun } from '../../sweep/spec-run';
import { evaluationWindows, loadTextCorpus, textBatches, type TextCorpus, type TokenBatch } from '../../data/text';

/** The network of one P2-train run (the Spec fields it sets, see shapedLanguageModelSpec). */
export interface ShapedLanguageModelOptions {
  /** 'shaped' (no normalization, shaped-ReLU MLP) or 'preLn' (LayerNorm before each sub-block, softmax attention, ReLU MLP) */
  architecture: 'shaped' | 'preLn';
  /** N, per-head dimension; width n = N·H */
  headDim: number;
  heads: number;
  depth: number;
  /** context length m */
  context: number;
  /** AdamW peak rate */
  learningRate: number;
  /** linear warmup steps, then a constant rate */
  warmupSteps: number;
  /** γ² of the λ/γ residual (λ² = 1 − γ²) */
  branchWeightSquared: number;
  /** τ₀ of shaped attention */
  temperature: number;
}

/** The non-spec settings of one P2-train run. */
export interface ShapedTrainingSettings {
  steps: number;
  batchSize: number;
  /** held-out loss every evalEvery steps (and at 0 and at the end) */
  evalEvery: number;
  /** number of held-out windows of `context` characters */
  evalWindows: number;
  /** seed of the training-window order, shared by every run */
  dataSeed: number;
  /** folder of the SOTU JSON files (null: the installed corpus) */
  sotuDir: string | null;
  /** hold out every k-th speech for validation (null: splitSpeeches' default 10) */
  heldOutEvery: number | null;
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

/**
 * The Spec of one P2-train network (character vocabulary V in and out): preset 'shaped' with causal token input,
 * γ = √γ² (branchScale), τ₀, shaped-ReLU MLP for 'shaped' and ReLU for 'preLn', AdamW (ε = 10⁻⁸, no weight decay).
 */
export function shapedLanguageModelSpec(o: ShapedLanguageModelOptions, vocabulary: number): Spec {
  const { architecture } = o;
  if (architecture !== 'shaped' && architecture !== 'preLn') throw new Error(`architecture: expected 'shaped' | 'preLn', got ${showValue(architecture)}`);
  const g2 = o.branchWeightSquared;
  if (!(g2 > 0 && g2 <= 1)) throw new Error(`branchWeightSquared: expected γ² in (0, 1], got ${showValue(g2)}`);
  return preset('shaped', {
    architecture,
    headDim: o.headDim,
    heads: o.heads,
    depth: o.depth,
    tokens: o.context,
    inputDim: vocabulary,
    outputDim: vocabulary,
    input: 'tokens',
    causal: true,
    centred: false,
    branchScale: Math.sqrt(g2),
    temperature: o.temperature,
    mlpActivation: architecture === 'shaped' ? 'shapedRelu' : 'relu',
    optimizer: { kind: 'adamw', learningRate: o.learningRate, warmupSteps: o.warmupSteps, epsilon: 1e-8, weightDecay: 0 },
  });
}

/** The character corpus of P2-train (SOTU split by document; dir and held-out period from the settings). */
export function shapedTrainingCorpus(settings: Pick<ShapedTrainingSettings, 'sotuDir' | 'heldOutEvery'>): TextCorpus {
  return loadTextCorpus({ tokenizer: 'char', dir: settings.sotuDir ?? undefined, heldOutEvery: settings.heldOutEvery ?? undefined });
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
 * Trains the network of `spec` (weights from `seed`) for `steps` AdamW updates on random SOTU windows of spec.tokens
 * characters (order fixed by dataSeed) and measures the mean cross-entropy −(1/|W|) Σ ln p(x_{t+1} | x_{≤t}) over
 * fixed held-out windows W at the checkpoints. The spec's vocabulary (inputDim = outputDim) must be the corpus's.
 */
export async function shapedTrainingRun(spec: Spec, settings: ShapedTrainingSettings, seed: number): Promise<ShapedTrainingResult> {
  await initBackend();
  const { steps, batchSize } = settings;
  const context = spec.tokens;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps: expected a positive integer, got ${showValue(steps)}`);
  if (spec.architecture !== 'shaped' && spec.architecture !== 'preLn') throw new Error(`spec.architecture: expected 'shaped' | 'preLn', got ${showValue(spec.architecture)}`);
  const corpus = shapedTrainingCorpus(settings);
  const vocabulary = corpus.tokenizer.vocabSize;
  if (spec.inputDim !== vocabulary || spec.outputDim !== vocabulary) {
    throw new Error(`spec.inputDim, spec.outputDim: expected the corpus's vocabulary ${vocabulary}, got ${spec.inputDim} and ${spec.outputDim}`);
  }
  const model = spec.architecture === 'shaped' ? buildShapedTransformer(spec, seed) : buildPreLnTransformer(spec, seed);
  const windows = evaluationWindows(corpus.test, { context, batchSize: 16, maxWindows: settings.evalWindows }).map(tensors);
  const every = settings.evalEvery;
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
    const batches = textBatches(corpus.train, { context, batchSize, seed: settings.dataSeed });
    const record = train(model, (t) => tensors(batches.batch(t)), {
      steps,
      onStep: (t) => {
        if ((t + 1) % every === 0 || t + 1 === steps) evaluate(t + 1);
      },
    });
    const tail = record.losses.slice(Math.floor(record.losses.length * 0.9));
    return {
      variant: spec.architecture,
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

/** The typed sweep run of P2-train: one point = one network of its spec trained with the settings (ShapedTrainingSettings). */
export const shapedTrainingSpecRun = specRun<ShapedTrainingSettings>((spec, _table, { seed, settings }) => shapedTrainingRun(spec, settings, seed));

/** Sweep run reference of shapedTrainingSpecRun (module = this file). */
export const shapedTrainingReference = { module: __filename, name: 'shapedTrainingSpecRun', version: '1' };
