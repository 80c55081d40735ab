/**
 * The training loop (THEORY.md §2.7; FIGURES.md "Training runs", "Statistics"): one optimizer update per batch,
 * the loss logged every step, probes at chosen steps, divergence detection, and a plain JSON record as the result.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/types';
import type { OptimizerSpec, ParameterTable } from '../spec/types';
import { activeBackend, nativeKernelsActive } from '../backend';
import {
  allProbeKinds,
  captureProbeReference,
  probeModel,
  type ProbeBatch,
  type ProbeKind,
  type ProbeRecord,
} from '../probes/probe';
import { checkKnownKeys, showValue, type AllKeysListed } from '../spec/validate';
import { createOptimizer } from './optimizers';

/** One training batch; the loop disposes both tensors after the step. */
export interface TrainingBatch {
  inputs: tf.Tensor;
  targets: tf.Tensor;
}

/** The batch for 0-based step t: a function of t (so every run of a figure sees the same data order) or an iterator. */
export type BatchSource = ((step: number) => TrainingBatch) | Iterator<TrainingBatch>;

export interface TrainOptions {
  /** Number of optimizer updates T. */
  steps: number;
  /** Overrides of the table's optimizer (same kind by default; the per-parameter rates still come from the table). */
  optimizer?: Partial<OptimizerSpec>;
  /** Probe after t updates for each listed t ∈ [0, T] (0 = initialization). Needs probeBatch. */
  probeSteps?: number[];
  /** Fixed probe inputs (and optional targets for a probe loss); the caller keeps ownership. */
  probeBatch?: ProbeBatch;
  /** Which probes to take (default: all). */
  probeKinds?: ProbeKind[];
  /**
   * A loss above this (or non-finite) marks the run diverged. Default: defaultDivergenceThreshold(table), 2 ln C
   * (C = outputDim: classes, or the vocabulary V of an LM). Infinity: only a non-finite loss is divergence.
   */
  divergenceThreshold?: number;
  /** Called after every update with the step's loss (for progress displays). */
  onStep?: (step: number, loss: number) => void;
}

/** The plain, JSON-serialisable result of one run. */
export interface TrainingRecord {
  status: 'completed' | 'diverged';
  /** 0-based step whose loss was non-finite or above the threshold (its update was not applied), else null. */
  divergedAt: number | null;
  /** The threshold the run was judged by (Infinity: non-finite losses only; JSON stores Infinity as null). */
  divergenceThreshold: number;
  /** Requested number of updates T. */
  steps: number;
  /** Training loss before each update, one per executed step (the diverged step's value included). */
  losses: number[];
  probes: ProbeRecord[];
  /** The resolved parameter table (traceability of the exact scaling). */
  table: ParameterTable;
  backend: string | null;
  /** Which kernels computed it: 'native' (OpenBLAS and fused kernels, backend/native-ops.ts) or the backend's own. */
  kernels: 'native' | 'tfjs';
}

const trainOptionKeys = ['steps', 'optimizer', 'probeSteps', 'probeBatch', 'probeKinds', 'divergenceThreshold', 'onStep'] as const;
const trainOptionKeysComplete: AllKeysListed<TrainOptions, typeof trainOptionKeys> = true;
void trainOptionKeysComplete;

function checkOptions(options: TrainOptions): void {
  if (options === null || typeof options !== 'object') throw new Error(`options: expected an object {steps, …}, got ${showValue(options)}`);
  checkKnownKeys('', "train's options", options, trainOptionKeys);
  if (!Number.isInteger(options.steps) || options.steps < 0) {
    throw new Error(`steps: expected a non-negative integer, got ${showValue(options.steps)}`);
  }
  for (const t of options.probeSteps ?? []) {
    if (!Number.isInteger(t) || t < 0 || t > options.steps) {
      throw new Error(`probeSteps: expected integers in [0, ${options.steps}], got ${t}`);
    }
  }
  if ((options.probeSteps?.length ?? 0) > 0 && options.probeBatch === undefined) {
    throw new Error('probeBatch: required when probeSteps is not empty');
  }
  const threshold = options.divergenceThreshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || Number.isNaN(threshold) || threshold <= 0)) {
    throw new Error(`divergenceThreshold: expected a number > 0 (Infinity for non-finite losses only), got ${showValue(threshold)}`);
  }
}

/**
 * The default divergence threshold 2 ln C, C = spec.outputDim (FIGURES.md "Statistics": a run is diverged when its
 * loss is non-finite or above 2 ln C). The cross-entropy of the uniform prediction is ln C, and a centred network
 * (z = (f − f₀)/γ₀ = 0 at θ₀) starts exactly there; a loss above 2 ln C means the true class gets, in geometric mean,
 * less than 1/C² of the probability — C times worse than guessing — which a run that trains does not reach. The
 * language model's analogue is the same bound with its vocabulary, 2 ln V: its loss is the mean per-token
 * cross-entropy over V next-token classes, ln V for the uniform prediction.
 */
export function defaultDivergenceThreshold(table: ParameterTable): number {
  return 2 * Math.log(table.spec.outputDim);
}

function nextBatch(source: BatchSource, step: number): TrainingBatch {
  if (typeof source === 'function') return source(step);
  const item = source.next();
  if (item.done) throw new Error(`batches: the iterator ended before step ${step}`);
  return item.value;
}

/**
 * Trains `model` for options.steps updates on batches(t), t = 0 … T−1, with the optimizer of its parameter table
 * (per-parameter rates η_p·s_t, optimizers.ts). The loss ℒ_t is recorded before update t; if ℒ_t is non-finite or
 * exceeds divergenceThreshold (default 2 ln C, defaultDivergenceThreshold) the run stops with status 'diverged' and
 * divergedAt = t. Probes at t ∈ probeSteps
 * are taken after t updates on the fixed probe batch, with changes measured from t = 0. Deterministic given the
 * model's initial weights, the batch source and the backend; no tensor outlives the call except the model's own.
 */
export function train(model: Model, batches: BatchSource, options: TrainOptions): TrainingRecord {
  checkOptions(options);
  const probeSteps = new Set(options.probeSteps ?? []);
  const kinds = options.probeKinds ?? [...allProbeKinds];
  const threshold = options.divergenceThreshold ?? defaultDivergenceThreshold(model.table);
  const optimizerSpec = { ...model.table.spec.optimizer, ...(options.optimizer ?? {}) } as OptimizerSpec;
  const optimizer = createOptimizer(model, optimizerSpec);
  const names = Object.keys(model.params);
  const variables = names.map((name) => model.params[name]);
  const variableToName = new Map(variables.map((v, i) => [v.name, names[i]]));
  const record: TrainingRecord = {
    status: 'completed',
    divergedAt: null,
    divergenceThreshold: threshold,
    steps: options.steps,
    losses: [],
    probes: [],
    table: model.table,
    backend: activeBackend(),
    kernels: nativeKernelsActive() ? 'native' : 'tfjs',
  };
  try {
    const probe = options.probeBatch;
    const reference = probe !== undefined && probeSteps.size > 0 ? captureProbeReference(model, probe) : null;
    const maybeProbe = (t: number) => {
      if (reference !== null && probe !== undefined && probeSteps.has(t)) {
        record.probes.push(probeModel(model, probe, reference, t, kinds));
      }
    };
    maybeProbe(0);
    for (let t = 0; t < options.steps; t++) {
      const batch = nextBatch(batches, t);
      let loss: number;
      try {
        loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => model.loss(batch.inputs, batch.targets), variables);
          const lossValue = value.dataSync()[0];
          if (Number.isFinite(lossValue) && lossValue <= threshold) {
            const byName: Record<string, tf.Tensor> = {};
            for (const [variableName, g] of Object.entries(grads)) {
              const name = variableToName.get(variableName);
              if (name !== undefined) byName[name] = g;
            }
            optimizer.apply(byName);
          }
          return lossValue;
        });
      } finally {
        batch.inputs.dispose();
        batch.targets.dispose();
      }
      record.losses.push(loss);
      if (!Number.isFinite(loss) || loss > threshold) {
        record.status = 'diverged';
        record.divergedAt = t;
        break;
      }
      options.onStep?.(t, loss);
      maybeProbe(t + 1);
    }
  } finally {
    optimizer.dispose();
  }
  return record;
}
