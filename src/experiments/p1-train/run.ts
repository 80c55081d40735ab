/**
 * One short training run of the P1 ViT on Fashion-MNIST (the offline stand-in for CIFAR-5M), as a plain-JSON record
 * for sweeps (FIGURES.md rows P1-T1, P1-T3, P1-5a, P1-5b, P1-2a, P1-2b). THEORY.md §2.2 (model), §2.5 (table),
 * §2.7 (optimizers), §2.9 (update sizes), §3.3 (depth).
 *
 * Conventions (FIGURES.md "Training runs"): every run of a figure reads the same data order (dataSeed), the seed
 * changes only the initial weights; the probe set is the first `probeCount` test images; the final loss is the mean
 * of the logged training loss over the last 10 % of steps; a loss above 2 ln C or non-finite marks the run diverged.
 * The typed run p1TrainRun (a specRun over a SpecGrid point) is exported under a fixed name so tl.sweep can run it in
 * worker threads: p1TrainRunReference. The figures' grids live in figure-*.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../../backend';
import { loadImageData, imageBatch, imageBatches, type ImageData } from '../../data/images';
import { buildVit } from '../../models/builders';
import { captureInternals } from '../../probes/snapshot';
import type { ProbeRecord } from '../../probes/probe';
import { preset } from '../../spec/presets';
import { parameterCount } from '../../spec/resolve';
import type { OptimizerKind, Spec } from '../../spec/types';
import { showValue } from '../../spec/validate';
import { specRun } from '../../sweep/spec-run';
import { train } from '../../train/loop';
import { captureAttentionWeights, weightDrivenChanges, type WeightDrivenChanges } from './decomposition';
import { checkP1TrainSettings, type P1TrainSettings } from './settings';

/**
 * The fields of the family's spec builder p1TrainSpec: the sizes, the parameterization and the optimizer of the ViT.
 * Omitted fields take the P1 defaults of FIGURES.md "Training runs".
 */
export interface P1TrainSpecFields {
  /** N, H, L. */
  headDim: number;
  heads: number;
  depth: number;
  /** η₀ (base rate; the table turns it into η = η₀γ₀²n(L/L_η)^{2α_L−1} for SGD, η₀/√n for Adam). */
  learningRate: number;
  /** Parameterization preset: 'p1' (THEORY §2.5, default) or 'sp' (standard parameterization, §7; control). */
  preset?: 'p1' | 'sp';
  /** α_A, α_L, β₀, γ₀ (P1 preset only; defaults 1, 1, 4, 0.25). */
  attentionExponent?: number;
  residualExponent?: number;
  branchScale?: number;
  richness?: number;
  /** 'fixedDepth' (default; positional table on) or 'depthSweep' (L_b = L_η = L_r = 2, no positional table). */
  referenceConvention?: 'fixedDepth' | 'depthSweep';
  /** 'momentum' (default, β_m = 0.9 in the authors' form), 'sgd' or 'adam' (ε = 10⁻²⁰). */
  optimizer?: OptimizerKind;
  momentum?: number;
  /** Adam readout of the ViT: 'code' (default, the reconstructed row) or 'muP' (the LM's row), THEORY.md §2.5. */
  adamReadout?: 'code' | 'muP';
}

/** What a probe step keeps (last block unless stated; FIGURES.md "Measurement recipes"). */
export interface P1ProbeSummary {
  step: number;
  /** Mean loss on the probe images. */
  probeLoss: number | null;
  /** RMS(h_L(t) − h_L(0)), h_L the stream after the last block. */
  residualChange?: number;
  /** RMS(z(t) − z(0)) of the centred logits (z(0) = 0 for centred presets). */
  outputChange?: number;
  /** RMS change of the keys, queries and logits A of the last block; head-mean update of A. */
  keyChange?: number;
  queryChange?: number;
  logitChange?: number;
  headMeanLogitChange?: number;
  /** Variance over heads of A, averaged over (x, s, s′), per block. */
  headVariance?: number[];
  /** Relative movement ‖W(t) − W(0)‖_F/‖W(0)‖_F averaged over the rows of each group (qk: W^Q and W^K of all blocks). */
  groupMovement?: Record<string, number>;
}

export interface P1TrainResult {
  status: 'ok' | 'diverged';
  /** Final loss: mean of the last 10 % of logged losses (NaN → null in JSON when diverged). */
  loss: number;
  losses: number[];
  divergedAt: number | null;
  probes: P1ProbeSummary[];
  /** Mean of A² over (probe, s, s′) per block and head at initialization, when asked. */
  initialLogitMoments?: number[][];
  /** Weight- and input-driven parts of the last block's key and logit changes at t = steps (when asked). */
  decomposition?: WeightDrivenChanges;
  /** Trainable scalars and compute 6 × parameters × (tokens seen) at the end of the run. */
  parameters: number;
  msPerStep: number;
  backend: string | null;
  data: string;
}

const classes = 10;
let backendReady: Promise<unknown> | null = null;
let dataCache: ImageData | null = null;

function imageData(): ImageData {
  dataCache ??= loadImageData({ source: 'fashion-mnist' });
  return dataCache;
}

/**
 * The family's spec builder: the ViT on 16 patch tokens of 49 features (patch 7 of 28×28), 10 classes, with the P1
 * table (THEORY.md §2.5) or the standard parameterization (§7), and the optimizer of §2.7 at base rate η₀.
 */
export function p1TrainSpec(config: P1TrainSpecFields): Spec {
  const kind = config.optimizer ?? 'momentum';
  const optimizer = { kind, learningRate: config.learningRate, ...(kind === 'momentum' ? { momentum: config.momentum ?? 0.9 } : {}) };
  const sizes = { architecture: 'vit' as const, headDim: config.headDim, heads: config.heads, depth: config.depth, tokens: 16, inputDim: 49, outputDim: classes };
  if ((config.preset ?? 'p1') === 'sp') return preset('sp', { ...sizes, optimizer });
  return preset('p1', {
    ...sizes,
    attentionExponent: config.attentionExponent ?? 1,
    residualExponent: config.residualExponent ?? 1,
    branchScale: config.branchScale ?? 4,
    richness: config.richness ?? 0.25,
    referenceConvention: config.referenceConvention ?? 'fixedDepth',
    ...(config.adamReadout !== undefined ? { adamReadout: config.adamReadout } : {}),
    optimizer,
  });
}

/** Final loss of a loss curve: the mean over the last ⌈10 %⌉ of the logged steps (FIGURES.md "Statistics"). */
export function finalLoss(losses: readonly number[]): number {
  if (losses.length === 0) return NaN;
  const k = Math.max(1, Math.ceil(losses.length / 10));
  let s = 0;
  for (let i = losses.length - k; i < losses.length; i++) s += losses[i];
  return s / k;
}

function summarise(p: ProbeRecord, depth: number): P1ProbeSummary {
  const out: P1ProbeSummary = { step: p.step, probeLoss: p.loss };
  if (p.changes) {
    out.residualChange = p.changes.residual[depth];
    out.outputChange = p.changes.output;
    out.keyChange = p.changes.keys[depth - 1];
    out.queryChange = p.changes.queries[depth - 1];
    out.logitChange = p.changes.logits[depth - 1];
    out.headMeanLogitChange = p.changes.headMeanLogits[depth - 1];
  }
  if (p.headVariance) out.headVariance = p.headVariance;
  if (p.groupMovement) out.groupMovement = p.groupMovement;
  return out;
}

/** Mean of (A^a_{ss′})² over probes and token pairs, per block and head a, from logits [B, H, S, S]. */
export function logitMomentsPerHead(logits: { values: Float64Array; shape: number[] }): number[] {
  const [batch, heads, s1, s2] = logits.shape;
  const pairs = s1 * s2;
  const out: number[] = [];
  for (let a = 0; a < heads; a++) {
    let sum = 0;
    for (let b = 0; b < batch; b++) {
      const base = (b * heads + a) * pairs;
      for (let p = 0; p < pairs; p++) sum += logits.values[base + p] ** 2;
    }
    out.push(sum / (batch * pairs));
  }
  return out;
}

function checkRun(spec: Spec, seed: number): void {
  if (spec.architecture !== 'vit') throw new Error(`architecture: a P1 training run trains a 'vit', got ${showValue(spec.architecture)}`);
  for (const [field, value] of [['tokens', 16], ['inputDim', 49], ['outputDim', classes]] as const) {
    if (spec[field] !== value) throw new Error(`${field}: Fashion-MNIST cut into patches of 7 needs ${field} = ${value}, got ${showValue(spec[field])}`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${showValue(seed)}`);
}

/**
 * Trains the ViT of `spec` (weights from `seed`) for settings.steps updates on the shared Fashion-MNIST stream and
 * returns a plain record: the loss curve, its final loss, probes summarised at settings.probeSteps (changes measured
 * from t = 0 on the fixed probe images) and, when diverged (loss > 2 ln 10 or non-finite), status 'diverged' with
 * loss NaN. THEORY.md §2.2 (model), §2.7 (optimizers), §2.9 (update sizes).
 */
export async function trainP1Vit(spec: Spec, seed: number, settings: P1TrainSettings): Promise<P1TrainResult> {
  checkRun(spec, seed);
  const config = checkP1TrainSettings(settings);
  backendReady ??= activeBackend() === null ? initBackend() : Promise.resolve();
  await backendReady;
  const data = imageData();
  const stream = imageBatches(data.train, { batchSize: config.batchSize, seed: config.dataSeed, statistics: data.statistics });
  const probeCount = config.probeCount;
  const probeIndices = Int32Array.from({ length: probeCount }, (_, i) => i);
  const probeImages = imageBatch(data.test, probeIndices, data.statistics);
  const probe = {
    inputs: tf.tensor3d(probeImages.inputs, [probeCount, probeImages.tokens, probeImages.features]),
    targets: tf.tensor1d(probeImages.labels, 'int32'),
  };
  const model = buildVit(spec, seed);
  try {
    let initialLogitMoments: number[][] | undefined;
    const snapshot = config.initialLogits || config.weightDriven ? captureInternals(model, probe.inputs) : null;
    if (snapshot && config.initialLogits) initialLogitMoments = snapshot.logits.map((a) => logitMomentsPerHead(a));
    const initialWeights = config.weightDriven ? captureAttentionWeights(model) : null;
    const probeSteps = config.probeSteps.length > 0 ? [...new Set([0, ...config.probeSteps])] : [];
    const batches = (step: number) => {
      const b = stream.batch(step);
      return { inputs: tf.tensor3d(b.inputs, [b.batchSize, b.tokens, b.features]), targets: tf.tensor1d(b.labels, 'int32') };
    };
    const t0 = process.hrtime.bigint();
    const record = train(model, batches, {
      steps: config.steps,
      probeSteps,
      probeBatch: probeSteps.length > 0 ? probe : undefined,
      probeKinds: config.probeKinds,
      divergenceThreshold: 2 * Math.log(classes),
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const diverged = record.status === 'diverged';
    let decomposition: WeightDrivenChanges | undefined;
    if (snapshot && initialWeights) {
      const now = captureInternals(model, probe.inputs);
      const stream = (x: { values: Float64Array; shape: number[] }) => tf.tensor(Float32Array.from(x.values), x.shape, 'float32');
      const [before, after] = [stream(snapshot.residual[spec.depth - 1]), stream(now.residual[spec.depth - 1])];
      decomposition = weightDrivenChanges(model, initialWeights, before, after);
      tf.dispose([before, after, initialWeights.query, initialWeights.key]);
    }
    return {
      status: diverged ? 'diverged' : 'ok',
      loss: diverged ? NaN : finalLoss(record.losses),
      losses: record.losses,
      divergedAt: record.divergedAt,
      probes: record.probes.map((p) => summarise(p, spec.depth)),
      initialLogitMoments,
      decomposition,
      parameters: parameterCount(spec),
      msPerStep: (1000 * seconds) / Math.max(1, record.losses.length),
      backend: record.backend,
      data: data.train.name,
    };
  } finally {
    model.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  }
}

/**
 * The typed sweep run of the family: a SpecGrid point (its spec, seed and P1TrainSettings) → trainP1Vit's record.
 * Its reference p1TrainRunReference names it for worker threads (dist/ JS, or the .ts source through tsx).
 */
export const p1TrainRun = specRun((spec, _table, { seed, settings }) => trainP1Vit(spec, seed, checkP1TrainSettings(settings)));

export const p1TrainRunReference = { module: __filename, name: 'p1TrainRun', version: '1' };

/** Compute C = 6 × parameters × tokens seen (tokens = steps × batch × S, S = 16 patches), FIGURES.md P1-5b. */
export function trainingCompute(parameters: number, steps: number, batchSize: number, tokens = 16): number {
  return 6 * parameters * steps * batchSize * tokens;
}
