import { describe, expect, it } from 'vitest';
import { preset } from '../../src/spec/presets';
import { resolve } from '../../src/spec/resolve';
import type { Spec } from '../../src/spec/types';
import { validateSpec } from '../../src/spec/validate';

const good = preset('p1');
function bad(patch: Record<string, unknown>, pattern: RegExp): void {
  expect(() => validateSpec({ ...good, ...patch } as Spec)).toThrow(pattern);
}

describe('validateSpec: every bad field throws naming field, value and what is allowed', () => {
  it('sizes', () => {
    for (const f of ['headDim', 'heads', 'depth', 'tokens', 'inputDim', 'outputDim', 'mlpWidth']) {
      bad({ [f]: 0 }, new RegExp(`^${f}: expected a positive integer, got 0`));
      bad({ [f]: 2.5 }, new RegExp(`^${f}: expected a positive integer, got 2.5`));
      bad({ [f]: -3 }, new RegExp(`^${f}: .*got -3`));
    }
  });
  it('exponents and constants', () => {
    bad({ attentionExponent: 2 }, /^attentionExponent: expected a number in \[0.5, 1\], got 2/);
    bad({ attentionExponent: 0.25 }, /attentionExponent.*0\.25/);
    bad({ residualExponent: 1.5 }, /^residualExponent: expected a number in \[0, 1\], got 1.5/);
    bad({ branchScale: 0 }, /^branchScale: expected a finite number > 0, got 0/);
    bad({ richness: Number.NaN }, /^richness: expected a finite number > 0, got NaN$/);
    bad({ temperature: -1 }, /^temperature: .*got -1/);
    bad({ shapedReluSlopes: [1] }, /^shapedReluSlopes: expected a pair/);
  });
  it('names', () => {
    bad({ architecture: 'rnn' }, /^architecture: expected one of 'vit', 'causalLm', 'simple', 'shaped', 'preLn', got 'rnn'/);
    bad({ preset: 'xavier' }, /^preset: expected one of .*'p1'.*got 'xavier'/);
    bad({ preset: 'shaped' }, /^preset \(for architecture 'vit'\): expected one of/);
    bad({ optimizer: { kind: 'lbfgs', learningRate: 1 } }, /^optimizer.kind: expected one of 'sgd', 'momentum', 'adam', 'adamw', got 'lbfgs'/);
    bad({ mlpActivation: 'swish' }, /^mlpActivation: .*got 'swish'/);
    bad({ referenceConvention: 'deep' }, /^referenceConvention: .*got 'deep'/);
    bad({ storage: 'fp16' }, /^storage: .*got 'fp16'/);
    expect(() => preset('foo' as never)).toThrow(/^preset: expected one of .*got 'foo'/);
  });
  it('image patches', () => {
    bad({ image: { side: 28, channels: 1, patch: 5 } }, /^image.patch: expected a divisor of image.side = 28, got 5/);
    bad({ image: { side: 28, channels: 1, patch: 4 } }, /^tokens: expected \(side\/patch\)² = 49, got 16/);
    bad({ image: { side: 28, channels: 3, patch: 7 } }, /^inputDim: expected channels·patch² = 147, got 49/);
    expect(() => validateSpec({ ...good, image: { side: 28, channels: 1, patch: 7 } })).not.toThrow();
  });
  it('optimizer fields and reference depths', () => {
    bad({ optimizer: { kind: 'sgd', learningRate: 0 } }, /^optimizer.learningRate: .*got 0/);
    bad({ optimizer: { kind: 'momentum', learningRate: 1, momentum: 1 } }, /^optimizer.momentum: expected a number in \[0, 1\), got 1/);
    bad({ optimizer: { kind: 'adam', learningRate: 1, warmupSteps: 10, totalSteps: 5 } }, /^optimizer.totalSteps: expected an integer > warmupSteps = 10, got 5/);
    bad({ referenceDepth: { branch: 0, learningRate: 1, readout: 1 } }, /^referenceDepth.branch: .*got 0/);
    bad({ abcScale: { qk: -1 } }, /^abcScale.qk: .*got -1/);
  });
  it('LM vocabulary and P2 branch weight', () => {
    expect(() => preset('p1', { architecture: 'causalLm', outputDim: 10 })).toThrow(/^outputDim: expected the vocabulary size inputDim = 64/);
    expect(() => resolve(preset('shaped', { branchScale: 2 }))).toThrow(/^branchScale: .*≤ 1/);
  });
});
