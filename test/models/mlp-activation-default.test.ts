/**
 * The MLP activation default is decided in one place (spec/families.ts mlpActivationOf): a hand-written P2 spec
 * without `mlpActivation` runs the activation the table is normalised for (THEORY.md §6.4, c·E φ(g)² = 1).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { applyActivation } from '../../src/nn/mlp';
import { project } from '../../src/nn/scaled-dense';
import { activationNormaliser, mlpActivationOf, shapedReluSlopesOf, type MlpActivationName } from '../../src/spec/families';
import { resolve } from '../../src/spec/resolve';
import type { Spec } from '../../src/spec/types';
import { Random } from '../../src/base/random';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A P2 spec written by hand (no preset, so no mlpActivation field). */
function handWritten(architecture: 'shaped' | 'preLn'): Spec {
  return {
    architecture,
    preset: 'shaped',
    headDim: 8,
    heads: 4,
    depth: 2,
    tokens: 6,
    inputDim: 12,
    outputDim: 5,
    attentionExponent: 0.5,
    residualExponent: 0,
    branchScale: 0.5,
    richness: 1,
    optimizer: { kind: 'sgd', learningRate: 0.1 },
  };
}

const activations: MlpActivationName[] = ['gelu', 'relu', 'shapedRelu'];

function maxAbs(t: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0]);
}

describe('mlpActivation default: one place decides it', () => {
  it('the default: shaped → shapedRelu, preLn → relu, P1 networks → gelu; an explicit field wins', () => {
    expect(mlpActivationOf(handWritten('shaped'))).toBe('shapedRelu');
    expect(mlpActivationOf(handWritten('preLn'))).toBe('relu');
    expect(mlpActivationOf({ ...handWritten('shaped'), architecture: 'vit', preset: 'p1' })).toBe('gelu');
    expect(mlpActivationOf({ ...handWritten('shaped'), mlpActivation: 'relu' })).toBe('relu');
  });

  for (const architecture of ['shaped', 'preLn'] as const) {
    it(`a hand-written ${architecture} spec runs the activation its table is normalised for`, () => {
      const spec = handWritten(architecture);
      const table = resolve(spec);
      const n = table.width;
      const m = n;
      const mlpOut = table.rows.find((r) => r.name === 'block1.mlpOut')!;
      const slopes = shapedReluSlopesOf(spec);
      // 1. Which activation the model runs: its MLP output equals μ·φ(pre)·W^post for φ = mlpActivationOf(spec) only.
      const model = buildModel(spec, 3);
      try {
        const input = tf.randomNormal([4, spec.tokens, spec.inputDim], 0, 1, 'float32', 5);
        const { internals } = model.forward(input, { internals: true });
        const pre = internals!.activations['block1.mlpPre'];
        const out = internals!.activations['block1.mlp'];
        const scale = maxAbs(out);
        const mismatch = (phi: MlpActivationName) =>
          tf.tidy(() => maxAbs(tf.sub(out, project(applyActivation(pre, phi, slopes, n), { weight: model.params['block1.mlpOut'] as tf.Tensor2D, multiplier: mlpOut.multiplier }))) / scale);
        const ran = activations.filter((phi) => mismatch(phi) < 1e-4); // float32 round-off is ~1e-6 of the scale
        expect(ran).toEqual([mlpActivationOf(spec)]);
        tf.dispose([input, out, pre, ...Object.values(internals!.activations)]);
      } finally {
        model.dispose();
      }
      // 2. The table's normaliser c = m·μ² of the MLP output satisfies c·E φ(g)² = 1 for that φ (Monte Carlo, g ~ N(0,1)).
      const c = m * mlpOut.multiplier ** 2;
      expect(c).toBeCloseTo(activationNormaliser({ ...spec, mlpActivation: mlpActivationOf(spec) }, n), 10);
      const samples = 200_000;
      const g = new Random(11).fillNormal(new Float64Array(samples));
      const squares = tf.tidy(() => {
        const phi = applyActivation(tf.tensor1d(Float32Array.from(g)), mlpActivationOf(spec), slopes, n);
        return Float64Array.from(tf.mul(phi, phi).dataSync());
      });
      let sum = 0;
      for (const v of squares) sum += c * v;
      const mean = sum / samples;
      let ss = 0;
      for (const v of squares) ss += (c * v - mean) ** 2;
      const se = Math.sqrt(ss / (samples - 1) / samples);
      // c·φ(g)² has finite variance (ReLU: E(2φ²)² = 4·E φ⁴ = 6, var 5), so the mean of 2·10⁵ draws lies within 5 SE
      // (≈ 5·√5/447 ≈ 0.025) of 1 except with probability < 10⁻⁶. The old default (gelu's c = 2.35 for every P2 spec)
      // gives 2.35·½ = 1.18 for ReLU and 2.35/1.19 ≈ 1.97 for the shaped ReLU at n = 32: far outside the band.
      expect(Math.abs(mean - 1)).toBeLessThan(5 * se);
    });
  }
});
