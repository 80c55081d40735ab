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
import { loadTextCorpus, textBatches, windowsAt, type TokenBatch } from '../../data/text';
import { buildCausalLm } from '../../models/builders';
import type { Model } from '../../models/types';
import { spatialKernel } from '../../probes/kernels';
import { captureInternals } from '../../probes/snapshot';
import { preset } from '../../spec/presets';
import { parameterCount } from '../../spec/resolve';
import type { Spec } from '../../spec/types';
import { train } from '../../train/loop';
import { specRun } from '../../sweep/spec-run';
import { showValue } from '../../spec/validate';
import { ensureScaledBackend, lastTenPercentMean, roundedNumbers, roundSignificant } from '../p1-scaled/common';

/**
 * The non-spec settings of one LM run (plain JSON: part of the cache key). The network, its α_A, its optimizer with
 * the warmup–cosine schedule and its context length S (spec.tokens) come from the Spec.
 */
export interface P1LmSettings {
  /** Adam updates T (the spec's optimizer.totalSteps = T when T > warmupSteps: the cosine reaches 0 at the last step). */
  steps: number;
  /** Training windows per step. */
  batchSize: number;
  /** Held-out probe sequences for the kernels and held-out windows for the final loss. */
  probeCount: number;
  evalWindows: number;
  /** Seed of the one window order shared by every run. */
  dataSeed: number;
  /** SOTU folder (null: the installed corpus) and held-out split (every k-th speech). */
  sotuDir: string | null;
  heldOutEvery: number;
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

/** What p1LmSpec reads: N, H, L; α_A, α_L, β₀, γ₀ (defaults 1, 1, 4, 0.25: the P1-7 caption); η₀ (default 0.05); warmup (50); S (32). */
export interface P1LmShape {
  headDim: number;
  heads: number;
  depth: number;
  attentionExponent?: number;
  residualExponent?: number;
  branchScale?: number;
  richness?: number;
  learningRate?: number;
  warmupSteps?: number;
  context?: number;
}

/**
 * The Spec of P1's causal LM (THEORY.md §2.4–2.5): 'p1' preset, architecture 'causalLm', reference convention
 * 'languageModel' (b_L = β₀/L, read-in/readout std without depth factor), AdamW with ε = 10⁻²⁰ and weight decay 0 at
 * peak η₀/√n, warmup `warmupSteps`, cosine to 0 at `totalSteps`; vocabulary V in and out, `context` tokens.
 */
export function p1LmSpec(config: P1LmShape, vocabulary: number, totalSteps?: number): Spec {
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

const settingNames: (keyof P1LmSettings)[] = ['steps', 'batchSize', 'probeCount', 'evalWindows', 'dataSeed', 'sotuDir', 'heldOutEvery'];

/** The settings checked: every field present, counts positive integers (steps and dataSeed ≥ 0); throws naming the field. */
function checkLmSettings(settings: Record<string, unknown>): P1LmSettings {
  for (const name of settingNames) {
    if (!(name in settings)) throw new Error(`settings.${name}: missing (an LM run needs ${settingNames.join(', ')})`);
  }
  const s = settings as unknown as P1LmSettings;
  for (const name of ['steps', 'dataSeed'] as const) {
    if (!Number.isInteger(s[name]) || s[name] < 0) throw new Error(`settings.${name}: expected a non-negative integer, got ${showValue(s[name])}`);
  }
  for (const name of ['batchSize', 'probeCount', 'evalWindows', 'heldOutEvery'] as const) {
    if (!Number.isInteger(s[name]) || s[name] < 1) throw new Error(`settings.${name}: expected a positive integer, got ${showValue(s[name])}`);
  }
  if (s.sotuDir !== null && typeof s.sotuDir !== 'string') throw new Error(`settings.sotuDir: expected a folder or null (the installed corpus), got ${showValue(s.sotuDir)}`);
  return s;
}

/** The SOTU character corpus of the settings (memoised per thread). */
export function lmCorpus(settings: Pick<P1LmSettings, 'sotuDir' | 'heldOutEvery'>) {
  return loadTextCorpus({ tokenizer: 'char', dir: settings.sotuDir ?? undefined, heldOutEvery: settings.heldOutEvery });
}

/**
 * Trains the LM of `spec` (architecture 'causalLm', vocabulary = the corpus's, context S = spec.tokens) from the
 * weights of `seed` for settings.steps Adam updates on random SOTU training windows (order fixed by dataSeed) and
 * returns the loss curve, the final train loss (last 10 %), the held-out loss at t = 0 and at the end, and the kernel
 * snapshots. Divergence: a logged loss > 2 ln V or non-finite (status 'diverged', loss NaN).
 */
export async function p1LmTrain(spec: Spec, seed: number, settings: Record<string, unknown>): Promise<P1LmRunResult> {
  const s = checkLmSettings(settings);
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${showValue(seed)}`);
  if (spec.architecture !== 'causalLm') throw new Error(`architecture: the LM run needs 'causalLm', got ${showValue(spec.architecture)}`);
  await ensureScaledBackend();
  const context = spec.tokens;
  const batchSize = s.batchSize;
  const corpus = lmCorpus(s);
  const vocabulary = corpus.tokenizer.vocabSize;
  if (spec.inputDim !== vocabulary) throw new Error(`inputDim: expected the corpus vocabulary ${vocabulary} (${corpus.name}), got ${showValue(spec.inputDim)}`);
  const probe = tensors(spacedWindows(corpus.test, s.probeCount, context));
  const evalAll = spacedWindows(corpus.test, s.evalWindows, context);
  const evaluation: { inputs: tf.Tensor2D; targets: tf.Tensor2D }[] = [];
  for (let b = 0; b < evalAll.batchSize; b += 32) {
    const k = Math.min(32, evalAll.batchSize - b);
    evaluation.push(tensors({ inputs: evalAll.inputs.subarray(b * context, (b + k) * context), targets: evalAll.targets.subarray(b * context, (b + k) * context), batchSize: k, context }));
  }
  const model = buildCausalLm(spec, seed);
  try {
    const initial = lmSnapshot(model, probe, 0);
    const initialHeldOutLoss = meanLoss(model, evaluation);
    const stream = textBatches(corpus.train, { context, batchSize, seed: s.dataSeed });
    const t0 = process.hrtime.bigint();
    const record = train(model, (t) => tensors(stream.batch(t)), { steps: s.steps, divergenceThreshold: 2 * Math.log(vocabulary) });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const diverged = record.status === 'diverged';
    const final = lmSnapshot(model, probe, record.losses.length - (diverged ? 1 : 0));
    const heldOutLoss = diverged ? NaN : meanLoss(model, evaluation);
    const parameters = parameterCount(spec);
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : s.steps === 0 ? initial.probeLoss : lastTenPercentMean(record.losses),
      heldOutLoss: roundSignificant(heldOutLoss),
      initialHeldOutLoss: roundSignificant(initialHeldOutLoss),
      losses: roundedNumbers(record.losses),
      divergedAt: record.divergedAt,
      initial,
      final,
      parameters,
      vocabulary,
      compute: 6 * parameters * s.steps * batchSize * context,
      msPerStep: (1000 * seconds) / Math.max(1, record.losses.length),
      backend: record.backend,
      data: corpus.name,
    };
  } finally {
    model.dispose();
    tf.dispose([probe.inputs, probe.targets, ...evaluation.flatMap((b) => [b.inputs, b.targets])]);
  }
}

/** One point of the P1 LM grid (a sweep run): p1LmTrain of the point's spec, seed and settings. */
export const p1LmRun = specRun((spec, _table, { seed, settings }) => p1LmTrain(spec, seed, settings));

/** Sweep run reference of p1LmRun (module = this file: dist/…js when built, the .ts source under vitest). */
export const p1LmRunReference = { module: __filename, name: 'p1LmRun', version: '1' };
