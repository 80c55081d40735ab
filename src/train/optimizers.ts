/**
 * Optimizers that read one learning rate per trainable tensor from the parameter table (THEORY.md §2.5–2.7).
 * The table row named like a key of model.params gives that tensor's absolute rate η_p; the schedule factor s_t
 * (schedule.ts) multiplies it. Every update is fused inside one tf.tidy and its state lives in tf.Variables.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAdam, nativeKernelsActive } from '../backend/native-ops';
import type { ParameterTable, OptimizerKind, OptimizerSpec } from '../spec/types';
import { scheduleFactor } from './schedule';

const kinds: OptimizerKind[] = ['sgd', 'momentum', 'adam', 'adamw'];

/** What an optimizer needs from a model: its variables (keyed by row name) and the table giving their rates. */
export interface OptimizedParameters {
  params: Record<string, tf.Variable>;
  table: ParameterTable;
}

export interface ParameterOptimizer {
  readonly kind: OptimizerKind;
  /** The resolved hyperparameters (defaults filled in). */
  readonly settings: Required<Pick<OptimizerSpec, 'kind' | 'momentum' | 'beta1' | 'beta2' | 'epsilon' | 'weightDecay'>> &
    Pick<OptimizerSpec, 'warmupSteps' | 'totalSteps'>;
  /** Per-parameter base rates η_p (before the schedule), keyed like model.params. */
  readonly learningRates: Readonly<Record<string, number>>;
  /** Number of updates applied so far (t of the bias correction). */
  readonly updates: number;
  /**
   * Applies update number `updates` (0-based) with gradients keyed like model.params; rates are η_p·s_t.
   * Missing gradients leave a parameter (and its state) unchanged. The caller still owns and disposes `gradients`.
   */
  apply(gradients: Readonly<Record<string, tf.Tensor>>): void;
  /** Frees the optimizer state (velocities, moments). */
  dispose(): void;
}

function checkNumber(name: string, value: number, low: number, high: number, lowOpen = false, highOpen = false): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (lowOpen ? value > low : value >= low) &&
    (highOpen ? value < high : value <= high);
  if (!ok) {
    const range = `${lowOpen ? '(' : '['}${low}, ${high}${highOpen ? ')' : ']'}`;
    throw new Error(`optimizer.${name}: expected a number in ${range}, got ${String(value)}`);
  }
  return value;
}

function resolveSettings(spec: OptimizerSpec): ParameterOptimizer['settings'] {
  if (!kinds.includes(spec.kind)) {
    throw new Error(`optimizer.kind: expected one of ${kinds.join(', ')}, got '${String(spec.kind)}'`);
  }
  const settings = {
    kind: spec.kind,
    momentum: checkNumber('momentum', spec.momentum ?? (spec.kind === 'momentum' ? 0.9 : 0), 0, 1, false, true),
    beta1: checkNumber('beta1', spec.beta1 ?? 0.9, 0, 1, false, true),
    beta2: checkNumber('beta2', spec.beta2 ?? 0.999, 0, 1, false, true),
    epsilon: checkNumber('epsilon', spec.epsilon ?? 1e-8, 0, Infinity, false, true),
    weightDecay: checkNumber('weightDecay', spec.weightDecay ?? 0, 0, Infinity, false, true),
    warmupSteps: spec.warmupSteps,
    totalSteps: spec.totalSteps,
  };
  scheduleFactor(0, settings); // validates warmupSteps / totalSteps
  return settings;
}

/** η_p for every key of params, read from the table row of the same name; throws for a parameter without a row. */
export function learningRatesFromTable(parameters: OptimizedParameters): Record<string, number> {
  const byName = new Map(parameters.table.rows.map((row) => [row.name, row]));
  const rates: Record<string, number> = {};
  for (const name of Object.keys(parameters.params)) {
    const row = byName.get(name);
    if (row === undefined) {
      throw new Error(`params.${name}: no row of that name in the parameter table (rows: ${[...byName.keys()].join(', ')})`);
    }
    rates[name] = checkNumber(`learningRate of row '${name}'`, row.learningRate, 0, Infinity, false, true);
  }
  return rates;
}

function zerosLike(v: tf.Variable): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(v), false));
}

/**
 * Builds the optimizer named by `spec.kind` (default: the table's spec.optimizer) for the model's parameters.
 * Updates with η_{p,t} = η_p·s_t (η_p = table row learningRate, s_t = scheduleFactor(t), THEORY.md §2.7):
 * - 'sgd':      θ ← θ − η g;
 * - 'momentum': v ← μ v + g; θ ← θ − η v (jax/optax form, no dampening; μ = spec.momentum, default 0.9);
 * - 'adam':     m ← β₁m + (1−β₁)g; u ← β₂u + (1−β₂)g²; θ ← θ − η (m/(1−β₁ᵗ)) / (√(u/(1−β₂ᵗ)) + ε),
 *               t = 1, 2, …; β₁ = 0.9, β₂ = 0.999 by default; ε outside the root (P1: 10⁻²⁰; default 10⁻⁸);
 * - 'adamw':    Adam plus decoupled decay, θ ← θ − η (m̂/(√û + ε) + λθ), λ = spec.weightDecay (optax adamw form).
 */
export function createOptimizer(parameters: OptimizedParameters, spec?: OptimizerSpec): ParameterOptimizer {
  const settings = resolveSettings(spec ?? parameters.table.spec.optimizer);
  const learningRates = learningRatesFromTable(parameters);
  const names = Object.keys(parameters.params);
  const first: Record<string, tf.Variable> = {};
  const second: Record<string, tf.Variable> = {};
  const stateful = settings.kind !== 'sgd' && !(settings.kind === 'momentum' && settings.momentum === 0);
  if (stateful) {
    for (const name of names) {
      first[name] = zerosLike(parameters.params[name]);
      if (settings.kind === 'adam' || settings.kind === 'adamw') second[name] = zerosLike(parameters.params[name]);
    }
  }
  let updates = 0;
  let disposed = false;

  const apply = (gradients: Readonly<Record<string, tf.Tensor>>): void => {
    if (disposed) throw new Error('optimizer: apply() called after dispose()');
    const factor = scheduleFactor(updates, settings);
    const t = updates + 1;
    const correction1 = 1 - Math.pow(settings.beta1, t);
    const correction2 = 1 - Math.pow(settings.beta2, t);
    tf.tidy(() => {
      for (const name of names) {
        const g = gradients[name];
        if (g === undefined) continue;
        const theta = parameters.params[name];
        const eta = learningRates[name] * factor;
        switch (settings.kind) {
          case 'sgd':
            if (eta !== 0) theta.assign(tf.sub(theta, tf.mul(g, eta)));
            break;
          case 'momentum': {
            if (!stateful) {
              if (eta !== 0) theta.assign(tf.sub(theta, tf.mul(g, eta)));
              break;
            }
            const v = first[name];
            v.assign(tf.add(tf.mul(v, settings.momentum), g));
            if (eta !== 0) theta.assign(tf.sub(theta, tf.mul(v, eta)));
            break;
          }
          case 'adam':
          case 'adamw': {
            const m = first[name];
            const u = second[name];
            if (nativeKernelsActive() && eta !== 0) {
              // The same update in one fused kernel (backend/native-kernels.ts).
              const decay = settings.kind === 'adamw' ? settings.weightDecay : 0;
              const [theta2, m2, u2] = nativeAdam(theta, m, u, g, { beta1: settings.beta1, beta2: settings.beta2, correction1, correction2, epsilon: settings.epsilon, eta, decay });
              m.assign(m2);
              u.assign(u2);
              theta.assign(theta2);
              break;
            }
            m.assign(tf.add(tf.mul(m, settings.beta1), tf.mul(g, 1 - settings.beta1)));
            u.assign(tf.add(tf.mul(u, settings.beta2), tf.mul(tf.square(g), 1 - settings.beta2)));
            if (eta === 0) break;
            const mHat = tf.div(m, correction1);
            const root = tf.add(tf.sqrt(tf.div(u, correction2)), settings.epsilon);
            let direction = tf.div(mHat, root);
            if (settings.kind === 'adamw' && settings.weightDecay > 0) {
              direction = tf.add(direction, tf.mul(theta, settings.weightDecay));
            }
            theta.assign(tf.sub(theta, tf.mul(direction, eta)));
            break;
          }
        }
      }
    });
    updates += 1;
  };

  return {
    kind: settings.kind,
    settings,
    learningRates,
    get updates() {
      return updates;
    },
    apply,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of [...Object.values(first), ...Object.values(second)]) v.dispose();
    },
  };
}
