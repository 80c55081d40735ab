/**
 * Strict inputs, table-driven: each bad input throws a message that starts with the field's name, shows the value
 * as given (NaN and ±Infinity by name) and says what is allowed.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/spec/presets';
import { resolve } from '../../src/spec/resolve';
import type { Spec } from '../../src/spec/types';
import { showValue, validateSpec } from '../../src/spec/validate';
import { byScale } from '../../src/notebook/scale';

const good = preset('p1');
const spec = (patch: Record<string, unknown>) => () => validateSpec({ ...good, ...patch } as unknown as Spec);

interface Case {
  /** What is wrong. */
  what: string;
  call: () => unknown;
  /** The field the message must start with. */
  field: string;
  /** Text of the allowed values the message must contain. */
  allowed: string;
  /** The value as the message must show it. */
  shown?: string;
}

export const specCases: Case[] = [
  { what: 'misspelt headDim', call: spec({ hedDim: 8 }), field: 'hedDim', allowed: "nearest valid: 'headDim'" },
  { what: 'misspelt attentionExponent', call: spec({ attentionExp: 1 }), field: 'attentionExp', allowed: "nearest valid: 'attentionExponent'" },
  { what: 'unknown field lists the valid ones', call: spec({ width: 32 }), field: 'width', allowed: "expected one of 'architecture', 'preset', 'headDim'" },
  { what: 'misspelt optimizer field', call: spec({ optimizer: { kind: 'sgd', learningRate: 0.1, learnigRate: 1 } }), field: 'optimizer.learnigRate', allowed: "nearest valid: 'learningRate'" },
  { what: 'misspelt image field', call: spec({ image: { side: 28, channels: 1, patchSize: 7 } }), field: 'image.patchSize', allowed: "nearest valid: 'patch'" },
  { what: 'misspelt referenceDepth field', call: spec({ referenceDepth: { branch: 1, learningRate: 1, readOut: 1 } }), field: 'referenceDepth.readOut', allowed: "nearest valid: 'readout'" },
  { what: 'misspelt adamFactors field', call: spec({ adamFactors: { depths: true } }), field: 'adamFactors.depths', allowed: "nearest valid: 'depth'" },
  { what: 'NaN richness', call: spec({ richness: NaN }), field: 'richness', allowed: 'a finite number > 0', shown: 'NaN' },
  { what: 'Infinity branchScale', call: spec({ branchScale: Infinity }), field: 'branchScale', allowed: 'a finite number > 0', shown: 'Infinity' },
  { what: '-Infinity temperature', call: spec({ temperature: -Infinity }), field: 'temperature', allowed: 'a finite number > 0', shown: '-Infinity' },
  { what: 'NaN attentionExponent', call: spec({ attentionExponent: NaN }), field: 'attentionExponent', allowed: 'a number in [0.5, 1]', shown: 'NaN' },
  { what: 'Infinity residualExponent', call: spec({ residualExponent: Infinity }), field: 'residualExponent', allowed: 'a number in [0, 1]', shown: 'Infinity' },
  { what: 'NaN headDim', call: spec({ headDim: NaN }), field: 'headDim', allowed: 'a positive integer', shown: 'NaN' },
  { what: 'Infinity depth', call: spec({ depth: Infinity }), field: 'depth', allowed: 'a positive integer', shown: 'Infinity' },
  { what: 'fractional heads', call: spec({ heads: 2.5 }), field: 'heads', allowed: 'a positive integer', shown: '2.5' },
  { what: 'string tokens', call: spec({ tokens: '16' }), field: 'tokens', allowed: 'a positive integer', shown: "'16'" },
  { what: 'NaN in shapedReluSlopes', call: spec({ shapedReluSlopes: [0, NaN] }), field: 'shapedReluSlopes', allowed: 'a pair of finite numbers', shown: '[0,NaN]' },
  { what: 'NaN learning rate', call: spec({ optimizer: { kind: 'sgd', learningRate: NaN } }), field: 'optimizer.learningRate', allowed: 'a finite number > 0', shown: 'NaN' },
  { what: 'Infinity momentum', call: spec({ optimizer: { kind: 'momentum', learningRate: 0.1, momentum: Infinity } }), field: 'optimizer.momentum', allowed: 'a number in [0, 1)', shown: 'Infinity' },
  { what: 'unknown optimizer kind', call: spec({ optimizer: { kind: 'lbfgs', learningRate: 1 } }), field: 'optimizer.kind', allowed: "one of 'sgd', 'momentum', 'adam', 'adamw'", shown: "'lbfgs'" },
  { what: 'unknown architecture', call: spec({ architecture: 'rnn' }), field: 'architecture', allowed: "one of 'vit', 'causalLm', 'simple', 'shaped', 'preLn'", shown: "'rnn'" },
  { what: 'unknown activation', call: spec({ mlpActivation: 'swish' }), field: 'mlpActivation', allowed: "one of 'gelu', 'shapedRelu', 'relu'", shown: "'swish'" },
  { what: 'non-boolean causal', call: spec({ causal: 'yes' }), field: 'causal', allowed: 'true or false', shown: "'yes'" },
  { what: 'NaN abcScale entry', call: spec({ abcScale: { qk: NaN } }), field: 'abcScale.qk', allowed: 'a finite number > 0', shown: 'NaN' },
  { what: 'NaN reference depth', call: spec({ referenceDepth: { branch: NaN, learningRate: 1, readout: 1 } }), field: 'referenceDepth.branch', allowed: 'a finite number > 0', shown: 'NaN' },
  { what: 'spec not an object', call: () => validateSpec(null as unknown as Spec), field: 'spec', allowed: 'an object', shown: 'null' },
  { what: 'unknown preset override', call: () => preset('p1', { hedDim: 8 } as Partial<Spec>), field: 'hedDim', allowed: "nearest valid: 'headDim'" },
  { what: 'resolve of a misspelt spec', call: () => resolve({ ...good, heads: 4, residualExp: 1 } as unknown as Spec), field: 'residualExp', allowed: "nearest valid: 'residualExponent'" },
  { what: 'byScale missing the active scale', call: () => byScale({ smoke: 1, quick: 2 } as never, 'paper'), field: 'byScale', allowed: "a value for 'paper'" },
  { what: 'byScale with an unknown scale', call: () => byScale({ smoke: 1, quick: 2, paper: 3 }, 'huge' as never), field: 'scale', allowed: "one of 'smoke', 'quick', 'paper'", shown: "'huge'" },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `call` and asserts the message names the field first, shows the value and says what is allowed. */
export function expectBadInput(c: Case): void {
  let message: string | null = null;
  try {
    c.call();
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  expect(message, `${c.what}: no error thrown`).not.toBeNull();
  expect(message!, c.what).toMatch(new RegExp(`^${escape(c.field)}[: (]`));
  expect(message!, c.what).toContain(c.allowed);
  if (c.shown !== undefined) expect(message!, c.what).toMatch(new RegExp(`got ${escape(c.shown)}($|[^\\w])`));
  if (c.shown !== 'null') expect(message!, c.what).not.toMatch(/got null/);
}

describe('bad spec inputs: the message names the field, the value and the allowed values', () => {
  it.each(specCases.map((c) => [c.what, c] as const))('%s', (_what, c) => expectBadInput(c));
  it('at least 30 cases here', () => expect(specCases.length).toBeGreaterThanOrEqual(30));
});

describe('showValue', () => {
  it('names NaN and ±Infinity, also inside arrays and objects', () => {
    expect(showValue(NaN)).toBe('NaN');
    expect(showValue(-Infinity)).toBe('-Infinity');
    expect(showValue([1, NaN, Infinity])).toBe('[1,NaN,Infinity]');
    expect(showValue({ a: -Infinity, b: 'x' })).toBe('{"a":-Infinity,"b":"x"}');
    expect(showValue('x')).toBe("'x'");
    expect(showValue(null)).toBe('null');
    expect(showValue(undefined)).toBe('undefined');
  });
});
