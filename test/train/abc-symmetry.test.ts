/**
 * abc-symmetry (THEORY.md §2.6): a weight with (multiplier μ, init std σ, SGD rate η) trains exactly like one with
 * (μs, σ/s, η/s²); under Adam with ε → 0 the rate maps to η/s. Two networks whose tables differ by such factors on
 * several weight groups (drawn from the same seed, so the effective weights μw coincide) must follow the same
 * training trajectory up to float32 round-off.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { buildVit } from '../../src/models/builders';
import { preset } from '../../src/spec/presets';
import type { OptimizerSpec, Spec } from '../../src/spec/types';
import { train } from '../../src/train/loop';
import { mixtureTask } from './fixtures/mixture';

const tokens = 8;
const inputDim = 16;
const classes = 4;
const task = mixtureTask({ tokens, inputDim, classes, batch: 16, seed: 21 });
const scales = { readIn: 0.5, positional: 1.5, qk: 3, value: 0.25, output: 2, mlpIn: 0.7, mlpOut: 2, readout: 4 };

function spec(optimizer: Partial<OptimizerSpec>, extra: Partial<Spec> = {}): Spec {
  return preset('p1', { headDim: 4, heads: 2, depth: 2, tokens, inputDim, outputDim: classes, optimizer: optimizer as OptimizerSpec, ...extra });
}

function losses(s: Spec, edit?: (rows: ReturnType<typeof buildVit>['table']['rows']) => void): number[] {
  const model = buildVit(s, 5);
  edit?.(model.table.rows);
  const record = train(model, task.batch, { steps: 10 });
  model.dispose();
  expect(record.status).toBe('completed');
  return record.losses;
}

function maxRelativeDifference(a: number[], b: number[]): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.abs(b[i])));
}

describe('abc-symmetry: (μs, σ/s, η/s²) gives the same SGD trajectory', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // Round-off budget: stored weights (σ/s)·z and products (μs)·w differ from σ·z and μ·w by ≤ 2 float32 ulps
  // (relative 1.2e-7); 10 updates at these rates amplify such perturbations by at most a few (the loss curve is
  // smooth, no divergence), so losses agree to ≲ 1e-6 relative (measured: 2.0–2.5e-7). We allow 2e-5; breaking the
  // symmetry on one group (the control) moves the losses by ≳ 1e-3 (measured: 1.04).
  const tolerance = 2e-5;

  it('SGD: eight weight groups rescaled, identical losses for 10 steps; the control without η/s² differs', () => {
    const sgd = { kind: 'sgd' as const, learningRate: 0.5 };
    const base = losses(spec(sgd));
    const scaled = losses(spec(sgd, { abcScale: scales }));
    const unit = losses(spec(sgd, { storage: 'unitStd' }));
    expect(base[9]).toBeLessThan(base[0]); // it trains
    expect(maxRelativeDifference(scaled, base)).toBeLessThan(tolerance);
    expect(maxRelativeDifference(unit, base)).toBeLessThan(tolerance);
    const broken = losses(spec(sgd, { abcScale: { qk: 3, readout: 4 } }), (rows) => {
      for (const row of rows) if (row.group === 'readout') row.learningRate *= 16; // undo the /s² of the readout
    });
    expect(maxRelativeDifference(broken, base)).toBeGreaterThan(1e-3);
  });

  it('momentum (jax form) and Adam (ε = 1e−20, rate η/s) keep the symmetry', () => {
    const momentum = { kind: 'momentum' as const, learningRate: 0.2, momentum: 0.9 };
    expect(maxRelativeDifference(losses(spec(momentum, { abcScale: scales })), losses(spec(momentum)))).toBeLessThan(tolerance);
    const adam = { kind: 'adam' as const, learningRate: 0.02, epsilon: 1e-20 };
    expect(maxRelativeDifference(losses(spec(adam, { abcScale: scales })), losses(spec(adam)))).toBeLessThan(tolerance);
  });
});
