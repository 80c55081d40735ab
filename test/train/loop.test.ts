import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { train } from '../../src/train/loop';
import { buildTinyModel } from './fixtures/tiny-model';
import { mixtureTask } from './fixtures/mixture';
import type { OptimizerSpec } from '../../src/spec/types';
import { buildCausalLm, buildVit } from '../../src/models/builders';
import { preset } from '../../src/spec/presets';
import { Random } from '../../src/base/random';

const sizes = { inputDim: 6, tokens: 4, headDim: 4, heads: 2, classes: 3 };
const task = mixtureTask({ tokens: 4, inputDim: 6, classes: 3, batch: 8, seed: 11, separation: 2 });

function build(optimizer: OptimizerSpec, seed = 1) {
  return buildTinyModel({ ...sizes, seed, optimizer });
}

describe('train()', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is deterministic for a seed and learns the mixture task', () => {
    const runs = [1, 1, 2].map((seed) => {
      const model = build({ kind: 'momentum', learningRate: 0.5, momentum: 0.9 }, seed);
      const record = train(model, task.batch, { steps: 60 });
      model.dispose();
      return record;
    });
    expect(runs[0].status).toBe('completed');
    expect(runs[0].losses).toHaveLength(60);
    expect(runs[1].losses).toEqual(runs[0].losses); // bit-identical on one backend
    expect(runs[2].losses).not.toEqual(runs[0].losses); // the seed changes the weights
    // Loss starts near ln 3 ≈ 1.10 (small random outputs); class means with N(0, 4) entries against unit noise over
    // 24 coordinates are nearly separable, so the last-10 mean must fall well below the first-10 mean.
    const head = runs[0].losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const tail = runs[0].losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(tail).toBeLessThan(0.5 * head);
  });

  it('marks non-finite or too large losses as diverged at that step', () => {
    const model = build({ kind: 'sgd', learningRate: 1e4 });
    const record = train(model, task.batch, { steps: 50, divergenceThreshold: Infinity });
    expect(record.status).toBe('diverged');
    expect(record.divergedAt).not.toBeNull();
    expect(record.divergenceThreshold).toBe(Infinity);
    expect(record.losses).toHaveLength((record.divergedAt as number) + 1);
    expect(Number.isFinite(record.losses[record.losses.length - 1])).toBe(false);
    model.dispose();

    const small = build({ kind: 'sgd', learningRate: 0.01 });
    const capped = train(small, task.batch, { steps: 5, divergenceThreshold: 0.01 });
    expect(capped).toMatchObject({ status: 'diverged', divergedAt: 0, divergenceThreshold: 0.01 });
    small.dispose();
  });

  it('by default a finite loss above 2 ln C is divergence (recorded), and the same run goes on without a threshold', () => {
    const runWith = (divergenceThreshold?: number) => {
      const model = build({ kind: 'sgd', learningRate: 30 });
      try {
        return train(model, task.batch, { steps: 40, divergenceThreshold });
      } finally {
        model.dispose();
      }
    };
    const byDefault = runWith();
    const unbounded = runWith(Infinity);
    const bound = 2 * Math.log(sizes.classes);
    expect(byDefault.divergenceThreshold).toBe(bound);
    expect(byDefault.status).toBe('diverged');
    const t = byDefault.divergedAt as number;
    // the first loss above 2 ln C is finite, and before it every loss is within the bound
    expect(byDefault.losses[t]).toBeGreaterThan(bound);
    expect(Number.isFinite(byDefault.losses[t])).toBe(true);
    expect(byDefault.losses.slice(0, t).every((l) => l <= bound)).toBe(true);
    // identical up to t (same seed and batches); without a threshold the run was going on past it
    expect(unbounded.losses.slice(0, t + 1)).toEqual(byDefault.losses);
    expect(unbounded.losses.length).toBeGreaterThan(t + 1);
  });

  it('leaks no tensors: the live count after step 10 equals that after step 1000, and returns to the start', () => {
    const model = build({ kind: 'adam', learningRate: 1e-3, epsilon: 1e-20 });
    const probe = task.probe(4);
    const before = tf.memory().numTensors;
    const counts: Record<number, number> = {};
    const record = train(model, task.batch, {
      steps: 1000,
      probeSteps: [0, 10, 500, 1000],
      probeBatch: probe,
      onStep: (t) => {
        if (t === 9 || t === 999) counts[t + 1] = tf.memory().numTensors;
      },
    });
    expect(record.status).toBe('completed');
    expect(counts[1000]).toBe(counts[10]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  });

  it('probes at the chosen steps and returns a JSON-serialisable record with the table', () => {
    const model = build({ kind: 'momentum', learningRate: 0.05 });
    const probe = task.probe(5);
    const record = train(model, task.batch, { steps: 20, probeSteps: [0, 20], probeBatch: probe });
    expect(record.probes.map((p) => p.step)).toEqual([0, 20]);
    expect(record.table).toBe(model.table);
    const [p0, p20] = record.probes;
    // At step 0 nothing has moved.
    expect(Object.values(p0.weightMovement ?? {}).every((m) => m === 0)).toBe(true);
    expect(p0.changes?.keys).toEqual([0]);
    expect(p0.coordinateChanges?.['stream.1']).toBe(0);
    // After 20 updates every weight and the keys have moved.
    expect(Object.values(p20.weightMovement ?? {}).every((m) => m > 0)).toBe(true);
    expect(p20.changes?.keys[0]).toBeGreaterThan(0);
    expect(p20.groupMovement?.qk).toBeCloseTo(((p20.weightMovement?.['block1.query'] ?? 0) + (p20.weightMovement?.['block1.key'] ?? 0)) / 2, 12);
    // Shapes: kernels per stream layer (read-in + 1 block), B×B and S×S; attention maps H×S×S.
    expect(p20.pooledKernels).toHaveLength(2);
    expect(p20.pooledKernels?.[0]).toHaveLength(25);
    expect(p20.spatialKernels?.[1]).toHaveLength(16);
    expect(p20.attentionMaps?.[0]).toHaveLength(2 * 16);
    expect(p20.headVariance?.[0]).toBeGreaterThan(0);
    expect(p20.loss).toBeTypeOf('number');
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    model.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  });

  it('rejects bad options naming the field', () => {
    const model = build({ kind: 'sgd', learningRate: 0.01 });
    expect(() => train(model, task.batch, { steps: -1 })).toThrow(/steps/);
    expect(() => train(model, task.batch, { steps: 3, probeSteps: [4] })).toThrow(/probeSteps/);
    expect(() => train(model, task.batch, { steps: 3, probeSteps: [1] })).toThrow(/probeBatch/);
    expect(() => train(model, task.batch, { steps: 3, divergenceThreshold: NaN })).toThrow(
      /^divergenceThreshold: expected a number > 0 \(Infinity for non-finite losses only\), got NaN$/,
    );
    model.dispose();
  });

  it('trains the real builders: causal LM with AdamW warmup–cosine (deterministic, no leak), ViT probes per block', () => {
    const spec = preset('p1', {
      architecture: 'causalLm', headDim: 4, heads: 2, depth: 2, tokens: 6, inputDim: 11, outputDim: 11,
      optimizer: { kind: 'adamw', learningRate: 0.05, warmupSteps: 3, totalSteps: 12 },
    });
    const tokens = (t: number) => {
      const r = new Random(500 + t);
      const ids = Array.from({ length: 4 * 7 }, () => r.integer(11));
      const rows = (o: number) => Array.from({ length: 4 }, (_, b) => ids.slice(b * 7 + o, b * 7 + o + 6));
      return { inputs: tf.tensor2d(rows(0), [4, 6], 'int32'), targets: tf.tensor2d(rows(1), [4, 6], 'int32') };
    };
    // nn/masks caches one causal mask per sequence length: warm it before counting.
    const warm = buildCausalLm(spec, 3);
    const first = tokens(0);
    tf.dispose([warm.forward(first.inputs).output, first.inputs, first.targets]);
    warm.dispose();
    const before = tf.memory().numTensors;
    const runs = [0, 1].map(() => {
      const model = buildCausalLm(spec, 3);
      const record = train(model, tokens, { steps: 12 });
      model.dispose();
      return record;
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(runs[1].losses).toEqual(runs[0].losses);
    // Centred outputs are 0 at step 0, so the first loss is ln V exactly (THEORY.md §2.8 item 1), to float32 round-off.
    expect(runs[0].losses[0]).toBeCloseTo(Math.log(11), 5);
    expect(runs[0].divergenceThreshold).toBe(2 * Math.log(11)); // the LM's default: 2 ln V, V = 11
    expect(runs[0].table.spec.optimizer.warmupSteps).toBe(3);

    const vit = buildVit(preset('p1', { headDim: 4, heads: 3, depth: 2, tokens: 4, inputDim: 6, outputDim: 3 }), 2);
    const probe = task.probe(5);
    const record = train(vit, task.batch, { steps: 5, probeSteps: [5], probeBatch: probe });
    const p = record.probes[0];
    expect(p.pooledKernels).toHaveLength(3); // read-in + 2 blocks
    expect(p.attentionMaps?.[1]).toHaveLength(3 * 4 * 4);
    expect(p.changes?.keys).toHaveLength(2);
    expect(Object.keys(p.weightMovement ?? {}).sort()).toEqual(Object.keys(vit.params).sort());
    // Rows of a softmax attention map sum to 1.
    const map = p.attentionMaps?.[0] ?? [];
    for (let row = 0; row < 3 * 4; row++) expect(map.slice(row * 4, row * 4 + 4).reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    vit.dispose();
    tf.dispose([probe.inputs, probe.targets]);
  });
});
