/**
 * One training run of P1's causal language model (FIGURES.md P1-7a–c, P1-12; THEORY.md §2.4 model, §2.5 'language
 * model' row, §2.7 Adam and warmup–cosine) on State of the Union characters (the offline stand-in for C4 / T5 tokens),
 * as plain numbers for the sweep cache. The LM: embedding read-in plus a (context + 1)-row positional table, blocks
 * h ← h + (β₀/L)·CausalMHSA(gelu(LN h)), h ← h + (β₀/L)·MLP(gelu(LN h)) with QK-LayerNorm and causal mask, final LN,
 * per-token readout with a trainable bias, loss = cross-entropy of (f − f₀)/γ₀. Adam (ε = 10⁻²⁰, no weight decay) at
 * peak η₀/√n with linear warmup and cosine decay to 0 at the last step.
 *
 * Conventions (FIGURES.md "Training runs", "Kernels"): every run reads the same window order (dataSeed); the seed
 * changes only the initial weights. Probe set: 32 held-out sequences, evenly spaced over the held-out speeches and
 * fixed across runs. Snapshots at t = 0 and at the end keep the final-token kernel Φ(x, x′) = (1/n) u_S(x)·u_S(x′)
 * (u = final-LN features at the last position) across the probes, and the token × token kernel
 * Φ_{ss′} = (1/n) u_s·u_{s′} of probe 0.
 */
import * as tf from '@tensorflow/tfjs';
import { loadTextCorpus, textBatches, windowsAt, type TokenBatch } from '../data/text';
import { buildCausalLm } from '../models/builders';
import type { Model } from '../models/types';
import { spatialKernel } from '../probes/kernels';
import { captureInternals } from '../probes/snapshot';
import { preset } from '../spec/presets';
import { parameterCount } from '../spec/resolve';
import type { Spec } from '../spec/types';
import { train } from '../train/loop';
import { ensureScaledBackend, lastTenPercentMean, roundedNumbers, roundSignificant } from './p1-scaled-common';

/** One grid point of the P1 LM sweep (plain JSON: the sweep config and part of the cache key). */
export interface P1LmRunConfig {
  /** Label of the family member ('base', 'H=16', …). */
  member?: string;
  /** N, H, L. */
  headDim: number;
  heads: number;
  depth: number;
  /** α_A (default 1); α_L, β₀, γ₀ (defaults 1, 4, 0.25: the P1-7 caption). */
  attentionExponent?: number;
  residualExponent?: number;
  branchScale?: number;
  richness?: number;
  /** η₀: Adam peak rate η₀/√n (default 0.05). */
  learningRate?: number;
  /** Linear warmup steps (default 50); the cosine reaches 0 at `steps`. */
  warmupSteps?: number;
  /** Context length S (default 32) and batch size (default 16). */
  context?: number;
  batchSize?: number;
  steps: number;
  seed: number;
  /** Held-out probe sequences for the kernels (default 32) and held-out windows for the final loss (default 128). */
  probeCount?: number;
  evalWindows?: number;
  /** Seed of the one window order shared by every run (default 0). */
  dataSeed?: number;
  /** SOTU folder (default: the installed corpus) and held-out split (every k-th speech, default 10). */
  sotuDir?: string;
  heldOutEvery?: number;
}

/** Kernels and loss on the probe sequences at one time. */
export interface P1LmSnapshot {
  step: number;
  /** Mean next-character loss on the probe sequences. */
  probeLoss: number;
  /** Final-token kernel across the probes, probeCount² row-major. */
  finalTokenKernel: number[];
  /** Token × token kernel of probe 0, S² row-major. */
  tokenKernel: number[];
}

export interface P1LmRunResult {
  status: 'ok' | 'diverged';
  /** Final train loss: mean of the logged loss over the last 10 % of steps (NaN when diverged). */
  loss: number;
  /** Held-out loss after the last step (mean next-character cross-entropy over evalWindows windows). */
  heldOutLoss: number;
  /** Held-out loss at initialization. */
  initialHeldOutLoss: number;
  losses: number[];
  divergedAt: number | null;
  initial: P1LmSnapshot;
  final: P1LmSnapshot;
  parameters: number;
  vocabulary: number;
  /** 6 × parameters × tokens seen (steps × batch × context). */
  compute: number;
  msPerStep: number;
  backend: string | null;
  data: string;
}

/** The data set label for plots and claims. */
export const p1LmDataLabel = 'State of the Union, characters (in place of C4 / T5 tokens)';

/**
 * The Spec of P1's causal LM (THEORY.md §2.4–2.5): 'p1' preset, architecture 'causalLm', reference convention
 * 'languageModel' (b_L = β₀/L, read-in/readout std without depth factor), AdamW with ε = 10⁻²⁰ and weight decay 0 at
 * peak η₀/√n, warmup `warmupSteps`, cosine to 0 at `totalSteps`; vocabulary V in and out, `context` tokens.
 */
export function p1LmSpec(
  config: Pick<P1LmRunConfig, 'headDim' | 'heads' | 'depth' | 'attentionExponent' | 'residualExponent' | 'branchScale' | 'richness' | 'learningRate' | 'warmupSteps' | 'context'>,
  vocabulary: number,
  totalSteps?: number,
): Spec {
  for (const f of ['headDim', 'heads', 'depth'] as const) {
    if (!Number.isInteger(config[f]) || config[f] < 1) throw new Error(`${f}: expected a positive integer, got ${String(config[f])}`);
  }
  const eta0 = config.learningRate ?? 0.05;
  if (!(eta0 > 0)) throw new Error(`learningRate: expected η₀ > 0, got ${String(eta0)}`);
  const warmupSteps = config.warmupSteps ?? 50;
  const schedule = totalSteps !== undefined && totalSteps > warmupSteps ? { warmupSteps, totalSteps } : { warmupSteps };
  return preset('p1', {
    architecture: 'causalLm',
    headDim: config.headDim,
    heads: config.heads,
    depth: config.depth,
    tokens: config.context ?? 32,
    inputDim: vocabulary,
    outputDim: vocabulary,
    attentionExponent: config.attentionExponent ?? 1,
    residualExponent: config.residualExponent ?? 1,
    branchScale: config.branchScale ?? 4,
    richness: config.richness ?? 0.25,
    referenceConvention: 'languageModel',
    optimizer: { kind: 'adamw', learningRate: eta0, epsilon: 1e-20, weightDecay: 0, ...schedule },
  });
}

/**
 * Parameter count of the LM, 2Vn + (S + 1)n + V + 6Ln² (embedding, positional table of S + 1 rows, readout, readout
 * bias; per block W^Q, W^K, W^V, W^O, W¹, W² of n × n), THEORY.md §2.4. The closed form, for checking parameterCount.
 */
export function lmParameterFormula(vocabulary: number, width: number, depth: number, context: number): number {
  return 2 * vocabulary * width + (context + 1) * width + vocabulary + 6 * depth * width * width;
}

/** `count` windows of `context` tokens evenly spaced over `tokens` (start_i = ⌊i (len − S − 1)/count⌋). */
export function spacedWindows(tokens: ArrayLike<number>, count: number, context: number): TokenBatch {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count: expected a positive integer, got ${count}`);
  const span = tokens.length - context - 1;
  if (span < 0) throw new Error(`context: ${context} needs ${context + 1} tokens, the held-out stream has ${tokens.length}`);
  const starts = Int32Array.from({ length: count }, (_, i) => Math.floor((i * span) / count));
  return windowsAt(tokens, starts, context);
}

function tensors(b: TokenBatch): { inputs: tf.Tensor2D; targets: tf.Tensor2D } {
  return { inputs: tf.tensor2d(b.inputs, [b.batchSize, b.context], 'int32'), targets: tf.tensor2d(b.targets, [b.batchSize, b.context], 'int32') };
}

/** Snapshot of the kernels and probe loss (see the file comment). */
function lmSnapshot(model: Model, probe: { inputs: tf.Tensor2D; targets: tf.Tensor2D }, step: number): P1LmSnapshot {
  const internals = captureInternals(model, probe.inputs);
  const probeLoss = tf.tidy(() => model.loss(probe.inputs, probe.targets).dataSync()[0]);
  const [batch, tokens, width] = internals.features.shape;
  const last = new Float64Array(batch * width);
  for (let b = 0; b < batch; b++) last.set(internals.features.values.subarray((b * tokens + tokens - 1) * width, (b * tokens + tokens) * width), b * width);
  return {
    step,
    probeLoss: roundSignificant(probeLoss),
    finalTokenKernel: roundedNumbers(spatialKernel({ values: last, shape: [1, batch, width] }, 0)),
    tokenKernel: roundedNumbers(spatialKernel(internals.features, 0)),
  };
}

function meanLoss(model: Model, batches: { inputs: tf.Tensor2D; targets: tf.Tensor2D }[]): number {
  let total = 0;
  let count = 0;
  for (const b of batches) {
    const n = b.inputs.shape[0];
    total += tf.tidy(() => model.loss(b.inputs, b.targets).dataSync()[0]) * n;
    count += n;
  }
  return total / count;
}

/**
 * Trains the LM of `config` for config.steps Adam updates on random SOTU training windows (order fixed by dataSeed)
 * and returns the loss curve, the final train loss (last 10 %), the held-out loss at t = 0 and at the end, and the
 * kernel snapshots. Divergence: a logged loss > 2 ln V or non-finite (status 'diverged', loss NaN).
 */
export async function p1LmRun(config: P1LmRunConfig): Promise<P1LmRunResult> {
  if (!Number.isInteger(config.steps) || config.steps < 0) throw new Error(`steps: expected a non-negative integer, got ${String(config.steps)}`);
  if (!Number.isFinite(config.seed)) throw new Error(`seed: expected a finite number, got ${String(config.seed)}`);
  await ensureScaledBackend();
  const context = config.context ?? 32;
  const batchSize = config.batchSize ?? 16;
  const corpus = loadTextCorpus({ tokenizer: 'char', dir: config.sotuDir, heldOutEvery: config.heldOutEvery });
  const vocabulary = corpus.tokenizer.vocabSize;
  const spec = p1LmSpec(config, vocabulary, config.steps);
  const probe = tensors(spacedWindows(corpus.test, config.probeCount ?? 32, context));
  const evalAll = spacedWindows(corpus.test, config.evalWindows ?? 128, context);
  const evaluation: { inputs: tf.Tensor2D; targets: tf.Tensor2D }[] = [];
  for (let b = 0; b < evalAll.batchSize; b += 32) {
    const k = Math.min(32, evalAll.batchSize - b);
    evaluation.push(tensors({ inputs: evalAll.inputs.subarray(b * context, (b + k) * context), targets: evalAll.targets.subarray(b * context, (b + k) * context), batchSize: k, context }));
  }
  const model = buildCausalLm(spec, config.seed);
  try {
    const initial = lmSnapshot(model, probe, 0);
    const initialHeldOutLoss = meanLoss(model, evaluation);
    const stream = textBatches(corpus.train, { context, batchSize, seed: config.dataSeed ?? 0 });
    const t0 = process.hrtime.bigint();
    const record = train(model, (t) => tensors(stream.batch(t)), { steps: config.steps, divergenceThreshold: 2 * Math.log(vocabulary) });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const diverged = record.status === 'diverged';
    const final = lmSnapshot(model, probe, record.losses.length - (diverged ? 1 : 0));
    const heldOutLoss = diverged ? NaN : meanLoss(model, evaluation);
    const parameters = parameterCount(spec);
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : config.steps === 0 ? initial.probeLoss : lastTenPercentMean(record.losses),
      heldOutLoss: roundSignificant(heldOutLoss),
      initialHeldOutLoss: roundSignificant(initialHeldOutLoss),
      losses: roundedNumbers(record.losses),
      divergedAt: record.divergedAt,
      initial,
      final,
      parameters,
      vocabulary,
      compute: 6 * parameters * config.steps * batchSize * context,
      msPerStep: (1000 * seconds) / Math.max(1, record.losses.length),
      backend: record.backend,
      data: corpus.name,
    };
  } finally {
    model.dispose();
    tf.dispose([probe.inputs, probe.targets, ...evaluation.flatMap((b) => [b.inputs, b.targets])]);
  }
}

/** Sweep run reference of p1LmRun (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1LmRunReference = { module: __filename, name: 'p1LmRun', version: '1' };
