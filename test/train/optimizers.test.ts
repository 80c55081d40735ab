import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { createOptimizer } from '../../src/train/optimizers';
import { scheduleFactor } from '../../src/train/schedule';
import type { OptimizerSpec, ParameterTable, Spec } from '../../src/spec/types';
import { Random } from '../../src/base/random';

/** Two parameters with different table rates, and a fixed sequence of gradients drawn from a seed. */
function setup(optimizer: OptimizerSpec) {
  const spec = { optimizer } as unknown as Spec;
  const table: ParameterTable = {
    spec, width: 1, branchMultiplier: 1, globalLearningRate: optimizer.learningRate,
    rows: [
      { name: 'a', group: 'other', block: null, shape: [3, 2], initStd: 1, multiplier: 1, learningRate: 0.1 },
      { name: 'b', group: 'other', block: null, shape: [4], initStd: 1, multiplier: 1, learningRate: 0.03 },
    ],
  };
  const random = new Random(7);
  const init = { a: random.fillNormal(new Float64Array(6)), b: random.fillNormal(new Float64Array(4)) };
  const params = {
    a: tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(init.a), [3, 2]))),
    b: tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(init.b)))),
  };
  const grads = Array.from({ length: 12 }, () => ({
    a: Float32Array.from(random.fillNormal(new Float64Array(6))),
    b: Float32Array.from(random.fillNormal(new Float64Array(4), 1e-3)),
  }));
  return { table, params, init, grads };
}

/** Float64 reference implementation of the update rules in THEORY.md §2.7. */
function reference(kind: string, o: OptimizerSpec, theta: Float64Array, gs: Float32Array[], rate: number): Float64Array {
  const th = Float64Array.from(theta);
  const m = new Float64Array(th.length);
  const u = new Float64Array(th.length);
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.epsilon ?? 1e-8, mu = o.momentum ?? 0.9, wd = o.weightDecay ?? 0;
  gs.forEach((g, t) => {
    const eta = rate * scheduleFactor(t, o);
    for (let i = 0; i < th.length; i++) {
      if (kind === 'sgd') th[i] -= eta * g[i];
      else if (kind === 'momentum') {
        m[i] = mu * m[i] + g[i];
        th[i] -= eta * m[i];
      } else {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        u[i] = b2 * u[i] + (1 - b2) * g[i] * g[i];
        const mh = m[i] / (1 - b1 ** (t + 1));
        const uh = u[i] / (1 - b2 ** (t + 1));
        th[i] -= eta * (mh / (Math.sqrt(uh) + eps) + (kind === 'adamw' ? wd * th[i] : 0));
      }
    }
  });
  return th;
}

describe('optimizers with per-parameter rates from the table', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  const cases: OptimizerSpec[] = [
    { kind: 'sgd', learningRate: 1 },
    { kind: 'momentum', learningRate: 1, momentum: 0.9 },
    { kind: 'adam', learningRate: 1, epsilon: 1e-20 },
    { kind: 'adamw', learningRate: 1, epsilon: 1e-8, weightDecay: 0.1, warmupSteps: 3, totalSteps: 10 },
  ];
  for (const o of cases) {
    it(`${o.kind} matches the float64 update rule for 12 steps`, () => {
      const before = tf.memory().numTensors;
      const { table, params, init, grads } = setup(o);
      const optimizer = createOptimizer({ params, table }, o);
      expect(optimizer.learningRates).toEqual({ a: 0.1, b: 0.03 });
      for (const g of grads) {
        const gt = { a: tf.tensor2d(g.a, [3, 2]), b: tf.tensor1d(g.b) };
        optimizer.apply(gt);
        gt.a.dispose();
        gt.b.dispose();
      }
      expect(optimizer.updates).toBe(12);
      for (const [name, rate] of [['a', 0.1], ['b', 0.03]] as const) {
        const want = reference(o.kind, o, init[name], grads.map((g) => g[name]), rate);
        const got = params[name].dataSync();
        // float32 arithmetic, 12 updates of O(0.1–1) each, θ = O(1–3): accumulated round-off ≲ 12 × 3 × 6e-8 ≈ 2e-6;
        // 2e-5 absolute leaves margin while a wrong rule (bias correction, rate, momentum form) is off by ≥ 1e-3.
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(2e-5);
      }
      optimizer.dispose();
      params.a.dispose();
      params.b.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('Adam with ε = 1e−20 makes a first step of η·sign(g), even for tiny gradients', () => {
    const o: OptimizerSpec = { kind: 'adam', learningRate: 1, epsilon: 1e-20 };
    const { table, params, init, grads } = setup(o);
    const optimizer = createOptimizer({ params, table }, o);
    const g = { a: tf.tensor2d(grads[0].a, [3, 2]), b: tf.tensor1d(grads[0].b) };
    optimizer.apply(g);
    const b = params.b.dataSync();
    // m̂ = g, √û = |g| exactly in exact arithmetic; float32 relative error ~1e-7 on a step of 0.03.
    for (let i = 0; i < 4; i++) expect(b[i]).toBeCloseTo(init.b[i] - 0.03 * Math.sign(grads[0].b[i]), 5);
    tf.dispose([g.a, g.b, params.a, params.b]);
    optimizer.dispose();
  });

  it('rejects bad settings and parameters without a table row, naming the field', () => {
    const { table, params } = setup({ kind: 'sgd', learningRate: 1 });
    expect(() => createOptimizer({ params, table }, { kind: 'lion' as never, learningRate: 1 })).toThrow(/optimizer.kind.*lion/);
    expect(() => createOptimizer({ params, table }, { kind: 'momentum', learningRate: 1, momentum: 1 })).toThrow(/optimizer.momentum/);
    expect(() => createOptimizer({ params, table }, { kind: 'adam', learningRate: 1, beta2: -0.1 })).toThrow(/optimizer.beta2/);
    expect(() => createOptimizer({ params, table }, { kind: 'sgd', learningRate: 1, warmupSteps: 5, totalSteps: 5 })).toThrow(/totalSteps/);
    const extra = { ...params, c: tf.tidy(() => tf.variable(tf.zeros([2]))) };
    expect(() => createOptimizer({ params: extra, table })).toThrow(/params.c/);
    tf.dispose([params.a, params.b, extra.c]);
  });
});

describe('warmup–cosine schedule (THEORY.md §2.7)', () => {
  it('is linear from 0 over W steps, then a half cosine to 0 at T', () => {
    const o = { warmupSteps: 100, totalSteps: 1100 };
    expect(scheduleFactor(0, o)).toBe(0);
    expect(scheduleFactor(50, o)).toBe(0.5);
    expect(scheduleFactor(100, o)).toBe(1);
    expect(scheduleFactor(600, o)).toBeCloseTo(0.5, 12);
    expect(scheduleFactor(350, o)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), 12);
    expect(scheduleFactor(1100, o)).toBeCloseTo(0, 12);
    expect(scheduleFactor(5000, o)).toBe(0);
    expect(scheduleFactor(7, {})).toBe(1);
    expect(scheduleFactor(3, { warmupSteps: 4 })).toBe(0.75);
    expect(scheduleFactor(9, { warmupSteps: 4 })).toBe(1);
    expect(() => scheduleFactor(-1, o)).toThrow(/step/);
    expect(() => scheduleFactor(1, { warmupSteps: 1.5 })).toThrow(/warmupSteps/);
  });
});
