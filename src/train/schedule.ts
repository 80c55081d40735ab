/**
 * Learning-rate schedules (THEORY.md §2.7): a factor s_t ∈ [0, 1] that multiplies every per-parameter rate at update t.
 */
import type { OptimizerSpec } from '../spec/types';

function checkSteps(name: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new Error(`optimizer.${name}: expected an integer ≥ ${minimum}, got ${String(value)}`);
  }
  return value;
}

/**
 * Schedule factor s_t for the 0-based update index t, so that η_t = s_t · η (THEORY.md §2.7):
 * - no warmupSteps and no totalSteps: s_t = 1 (constant rate);
 * - linear warmup over W = warmupSteps: s_t = t/W for t < W;
 * - cosine decay to 0 at T = totalSteps: s_t = ½(1 + cos(π(t − W)/(T − W))) for W ≤ t ≤ T, and 0 after T;
 * - warmup without totalSteps: s_t = 1 after the warmup; totalSteps without warmupSteps: cosine from t = 0.
 * With W = 100 this is the P1 language-model schedule (optax warmup_cosine_decay_schedule with init value 0).
 */
export function scheduleFactor(step: number, optimizer: Pick<OptimizerSpec, 'warmupSteps' | 'totalSteps'>): number {
  checkSteps('step (update index)', step, 0);
  const warmup = optimizer.warmupSteps === undefined ? 0 : checkSteps('warmupSteps', optimizer.warmupSteps, 0);
  if (optimizer.totalSteps === undefined) {
    return warmup > 0 && step < warmup ? step / warmup : 1;
  }
  const total = checkSteps('totalSteps', optimizer.totalSteps, 1);
  if (total <= warmup) {
    throw new Error(`optimizer.totalSteps: expected more than warmupSteps (${warmup}), got ${total}`);
  }
  if (step < warmup) return step / warmup;
  if (step >= total) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / (total - warmup)));
}
