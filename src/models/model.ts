/**
 * Wraps a network body into the Model contract (models/types.ts): seeded variables from the parameter table,
 * multipliers applied in the forward pass, a frozen copy θ₀ of the initial parameters and the centred output
 * z = (f_θ − f_θ₀)/γ₀ (THEORY.md §2.2 step 7). Internals come from the same body call as the output.
 */
import * as tf from '@tensorflow/tfjs';
import { initialParameters } from '../nn/init';
import { centredOutput, crossEntropy } from '../nn/readout';
import type { WeightLike } from '../nn/scaled-dense';
import { resolve } from '../spec/resolve';
import type { ParameterTable, Spec } from '../spec/types';
import type { ForwardOptions, ForwardResult, Internals, Model } from './types';

/** Mutable record a body fills when internals are requested. */
export interface Collector {
  residual: tf.Tensor3D[];
  logits: tf.Tensor4D[];
  attention: tf.Tensor4D[];
  queries: tf.Tensor4D[];
  keys: tf.Tensor4D[];
  activations: Record<string, tf.Tensor>;
}

export interface BodyOutput {
  /** Raw outputs f_θ. */
  f: tf.Tensor;
  /** Readout input. */
  features: tf.Tensor;
}

/** A network body: effective weights (already multiplied) and the input → raw outputs; fills `collect` when given. */
export type Body = (weights: Record<string, WeightLike>, input: tf.Tensor, table: ParameterTable, collect: Collector | null) => BodyOutput;

/** Builds a Model around `body` for `spec`, drawing the initial weights with `seed`. */
export function createModel(spec: Spec, seed: number, body: Body): Model {
  const table = resolve(spec);
  const params = initialParameters(table, seed);
  const centred = spec.centred ?? true;
  // θ₀ goes through exactly the same ops as θ (stored weight and multiplier), so z = 0 bit for bit at θ = θ₀.
  const frozen: Record<string, WeightLike> = {};
  if (centred) {
    for (const row of table.rows) frozen[row.name] = { weight: params[row.name].clone() as tf.Tensor2D, multiplier: row.multiplier };
  }
  // f_θ₀ never needs a gradient: computing it inside a customGrad keeps its ops off the gradient tape (no saved
  // copies, no backward), which is ~⅓ of the forward cost of a training step.
  // With internals requested the body takes its collecting (unfused) path, so f_θ₀ takes it too: same ops, z(θ₀) = 0.
  const newCollector = (): Collector => ({ residual: [], logits: [], attention: [], queries: [], keys: [], activations: {} });
  const frozenForwardOf = (collecting: boolean) =>
    tf.customGrad(((x: tf.Tensor) => ({
      value: body(frozen, x, table, collecting ? newCollector() : null).f,
      gradFunc: () => [tf.zerosLike(x)],
    })) as never) as unknown as (x: tf.Tensor) => tf.Tensor;
  const frozenForward = frozenForwardOf(false);
  const frozenForwardCollecting = frozenForwardOf(true);
  // Live weights go in as {weight, multiplier}: the multiplier is applied inside the matmul's custom gradient.
  const live: Record<string, WeightLike> = {};
  for (const row of table.rows) live[row.name] = { weight: params[row.name] as tf.Variable as unknown as tf.Tensor2D, multiplier: row.multiplier };
  const forward = (input: tf.Tensor, options: ForwardOptions = {}): ForwardResult =>
    tf.tidy(() => {
      const collect: Collector | null = options.internals ? newCollector() : null;
      const { f, features } = body(live, input, table, collect);
      const f0 = centred ? (collect ? frozenForwardCollecting : frozenForward)(input) : f;
      const output = centred ? centredOutput(f, f0, spec.richness) : f;
      if (!collect) return { output } as never;
      collect.activations.rawOutput = f;
      collect.activations.output = output;
      const internals: Internals = { ...collect, features };
      return { output, internals } as never;
    }) as unknown as ForwardResult;
  const dispose = () => {
    for (const v of Object.values(params)) v.dispose();
    for (const t of Object.values(frozen)) (t as { weight: tf.Tensor }).weight.dispose();
  };
  return {
    spec,
    table,
    params,
    forward,
    loss: (input, targets) => tf.tidy(() => crossEntropy(forward(input).output, targets)),
    dispose,
  };
}
