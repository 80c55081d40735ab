import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { buildCausalLm, buildModel, buildPreLnTransformer, buildShapedTransformer, buildSimpleTransformer, buildVit } from '../../src/models/builders';
import { preset } from '../../src/spec/presets';
import type { Spec } from '../../src/spec/types';

beforeAll(async () => {
  await initBackend('wasm');
});

function patches(batch: number, spec: Spec, seed: number): tf.Tensor3D {
  return tf.randomNormal([batch, spec.tokens, spec.inputDim], 0, 1, 'float32', seed) as tf.Tensor3D;
}

describe('builders', () => {
  it('initial loss is ln C exactly for every network (centred logits are 0)', () => {
    // z = (f_θ − f_θ₀)/γ₀ with θ = θ₀ computes the same float32 ops twice: z is exactly 0, so the loss is
    // −log(1/C) = ln C up to float32 round-off of logSoftmax (relative 1e−6).
    const cases: [Spec, (s: Spec, seed: number) => ReturnType<typeof buildVit>][] = [
      [preset('p1'), buildVit],
      [preset('p1', { optimizer: { kind: 'adam', learningRate: 0.01 } }), buildVit],
      [preset('p1', { architecture: 'simple' }), buildSimpleTransformer],
      [preset('shaped'), buildShapedTransformer],
      [preset('shaped', { architecture: 'preLn' }), buildPreLnTransformer],
    ];
    for (const [spec, build] of cases) {
      const model = build(spec, 7);
      const x = patches(4, spec, 1);
      const y = tf.tensor1d([0, 1, 2, 3], 'int32');
      const z = model.forward(x).output;
      expect(Math.max(...Array.from(z.abs().dataSync()))).toBe(0);
      expect(model.loss(x, y).dataSync()[0]).toBeCloseTo(Math.log(spec.outputDim), 5);
      model.dispose();
    }
    const lm = buildCausalLm(preset('p1', { architecture: 'causalLm' }), 3);
    const ids = tf.tensor2d([[1, 5, 9, 2, 7, 3]], [1, 6], 'int32');
    expect(lm.loss(ids, ids).dataSync()[0]).toBeCloseTo(Math.log(64), 5);
    lm.dispose();
  });

  it('forward internals have the contract shapes', () => {
    const spec = preset('p1', { headDim: 4, heads: 3, depth: 2 });
    const model = buildModel(spec, 1);
    const r = model.forward(patches(5, spec, 2), { internals: true });
    const i = r.internals!;
    expect(r.output.shape).toEqual([5, 10]);
    expect(i.residual.map((t) => t.shape)).toEqual([0, 1, 2].map(() => [5, 16, 12]));
    expect(i.logits.map((t) => t.shape)).toEqual([[5, 3, 16, 16], [5, 3, 16, 16]]);
    expect(i.attention[1].shape).toEqual([5, 3, 16, 16]);
    expect(i.queries[0].shape).toEqual([5, 3, 16, 4]);
    expect(i.keys[1].shape).toEqual([5, 3, 16, 4]);
    expect(i.features.shape).toEqual([5, 12]);
    expect(i.activations['block2.mlp'].shape).toEqual([5, 16, 12]);
    model.dispose();
  });

  it('causal mask is causal: changing a later token leaves earlier outputs unchanged', () => {
    const model = buildCausalLm(preset('p1', { architecture: 'causalLm' }), 4);
    // Give the model non-zero centred outputs by perturbing the weights away from θ₀.
    for (const v of Object.values(model.params)) v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.3, 'float32', 5)));
    const a = tf.tensor2d([[3, 1, 4, 1, 5, 9, 2, 6]], [1, 8], 'int32');
    const b = tf.tensor2d([[3, 1, 4, 1, 5, 9, 2, 60]], [1, 8], 'int32');
    const za = model.forward(a).output.arraySync() as number[][][];
    const zb = model.forward(b).output.arraySync() as number[][][];
    for (let s = 0; s < 7; s++) expect(zb[0][s]).toEqual(za[0][s]);
    expect(zb[0][7]).not.toEqual(za[0][7]);
    model.dispose();
  });
});
