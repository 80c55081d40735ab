/**
 * What a grid point costs (docs/FIGURES.md "Planning a figure"): floating-point operations of its training run,
 * 6 × parameters × tokens (forward 2, backward 4) plus the attention terms 12·L·S²·n per sequence (QKᵀ and A·V,
 * forward and backward), plus one forward pass of the frozen initial network per step when the output is centred
 * (2·P·S + 4·L·S²·n per sequence); a run without training steps is one forward pass over its inputs.
 */
import type { Spec } from '../spec/types';
import { parameterCount } from '../spec/resolve';
import type { GridPoint } from './spec-grid';

/** Settings names read as training steps, batch size and forward-only input counts (first one present wins). */
const stepNames = ['steps', 'trainingSteps'];
const batchNames = ['batchSize', 'batch'];
const inputNames = ['inputs', 'probes', 'probeCount', 'samples', 'sequences'];

function firstNumber(settings: object, names: readonly string[]): number | null {
  for (const name of names) {
    const v = (settings as Record<string, unknown>)[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** Forward FLOPs of one sequence: 2·P·S + 4·L·S²·n (P trainable parameters, S tokens, n = N·H). */
export function forwardFlops(spec: Spec): number {
  const n = spec.headDim * spec.heads;
  return 2 * parameterCount(spec) * spec.tokens + 4 * spec.depth * spec.tokens ** 2 * n;
}

/**
 * Training FLOPs of `steps` updates at batch B: steps·B·(3·forward + centring), forward = forwardFlops(spec), the
 * centring pass (the frozen initial network, spec.centred ≠ false) one more forward.
 */
export function trainingFlops(spec: Spec, steps: number, batch: number): number {
  const perSequence = forwardFlops(spec) * (3 + (spec.centred === false ? 0 : 1));
  return steps * batch * perSequence;
}

/** A point's cost: training FLOPs from its settings (steps, batchSize), else a forward pass over its inputs, else null. */
export function pointFlops(point: GridPoint<object>): { flops: number; steps: number; kind: 'training' | 'forward' } | null {
  const steps = firstNumber(point.settings, stepNames);
  const batch = firstNumber(point.settings, batchNames);
  if (steps !== null && steps > 0 && batch !== null) return { flops: trainingFlops(point.spec, steps, batch), steps, kind: 'training' };
  const inputs = firstNumber(point.settings, inputNames) ?? batch;
  if (inputs !== null) return { flops: forwardFlops(point.spec) * inputs, steps: 0, kind: 'forward' };
  return null;
}
