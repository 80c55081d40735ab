/**
 * Strict inputs, table-driven: each bad input throws a message that starts with the field's name, shows the value
 * as given (NaN and ±Infinity by name) and says what is allowed.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { runSweepFromFile } from '../../src/sweep/cli-sweep';
import { checkTimeoutSeconds } from '../../src/sweep/pool';
import { sweep } from '../../src/sweep/sweep';
import { coordinateCheck } from '../../src/analysis/coordinate-check';
import { train } from '../../src/train/loop';
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

/** Inputs of train, coordinateCheck and sweep (a tiny ViT; its tensors are made in beforeAll). */
const tiny = preset('p1', { headDim: 2, heads: 2, depth: 1, tokens: 2, inputDim: 3, outputDim: 2 });
let model: ReturnType<typeof buildModel>;
let probe: tf.Tensor;
const batches = () => ({ inputs: tf.zeros([2, 2, 3]), targets: tf.tensor1d([0, 1], 'int32') });
const check = (o: Record<string, unknown>) => () => coordinateCheck({ spec: tiny, batches, probeInputs: probe, steps: 1, ...o } as never);
const fit = (o: Record<string, unknown>) => () => train(model, batches, { steps: 1, ...o } as never);
const timeout = (value: unknown) => () => checkTimeoutSeconds(value);

export const runCases: Case[] = [
  { what: 'train: NaN divergence threshold', call: fit({ divergenceThreshold: NaN }), field: 'divergenceThreshold', allowed: 'a number > 0', shown: 'NaN' },
  { what: 'train: negative divergence threshold', call: fit({ divergenceThreshold: -1 }), field: 'divergenceThreshold', allowed: 'a number > 0', shown: '-1' },
  { what: 'train: NaN steps', call: fit({ steps: NaN }), field: 'steps', allowed: 'a non-negative integer', shown: 'NaN' },
  { what: 'coordinate check: empty sizes', call: check({ headDims: [], heads: [], depths: [] }), field: 'headDims, heads, depths', allowed: 'at least one list of two or more sizes' },
  { what: 'coordinate check: no sizes at all', call: check({}), field: 'headDims, heads, depths', allowed: 'at least one list of two or more sizes' },
  { what: 'coordinate check: one size per axis', call: check({ headDims: [4], heads: [2] }), field: 'headDims, heads, depths', allowed: 'at least one list of two or more sizes' },
  { what: 'coordinate check: NaN size', call: check({ headDims: [2, NaN] }), field: 'headDims', allowed: 'positive integers', shown: 'NaN' },
  { what: 'coordinate check: empty seeds', call: check({ headDims: [2, 4], seeds: [] }), field: 'seeds', allowed: 'a non-empty list of finite numbers', shown: '[]' },
  { what: 'coordinate check: Infinity steps', call: check({ headDims: [2, 4], steps: Infinity }), field: 'steps', allowed: 'a positive integer', shown: 'Infinity' },
  { what: 'train: misspelt option', call: fit({ divergenceTreshold: 3 }), field: 'divergenceTreshold', allowed: "nearest valid: 'divergenceThreshold'" },
  { what: 'coordinate check: misspelt option', call: check({ headDim: [2, 4] }), field: 'headDim', allowed: "nearest valid: 'headDims'" },
  { what: 'coordinate check: unknown statistic', call: check({ headDims: [2, 4], statistic: 'rms' }), field: 'statistic', allowed: "one of 'change', 'size'", shown: "'rms'" },
  { what: 'sweep: NaN timeout', call: timeout(NaN), field: 'timeoutSeconds', allowed: 'a number of seconds > 0 per run', shown: 'NaN' },
  { what: 'sweep: zero timeout', call: timeout(0), field: 'timeoutSeconds', allowed: 'a number of seconds > 0 per run', shown: '0' },
  { what: 'sweep: text timeout', call: timeout('10'), field: 'timeoutSeconds', allowed: 'a number of seconds > 0 per run', shown: "'10'" },
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

describe('bad run inputs (train, coordinate check, sweep)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
    model = buildModel(tiny, 0);
    probe = tf.zeros([2, 2, 3]);
  });
  afterAll(() => {
    model.dispose();
    probe.dispose();
  });
  it.each(runCases.map((c) => [c.what, c] as const))('%s', (_what, c) => expectBadInput(c));
  it('sweep: a grid key named like a DataFrame member, and an unknown sweep-file field', async () => {
    const run = { name: 'r', version: '1', fn: () => ({ loss: 1 }) };
    await expect(sweep({ axes: { values: [1] } }, run, { name: 'r', cache: false, progress: false })).rejects.toThrow(
      /^grid key 'values': expected a name that is not a danfojs DataFrame member/,
    );
    await expect(sweep({ axes: { x: [1] } }, run, { name: 'r', cache: false, progress: false, timeoutSeconds: -Infinity })).rejects.toThrow(
      /^timeoutSeconds: expected a number of seconds > 0 per run \(Infinity: no limit\), got -Infinity$/,
    );
    await expect(sweep({ axes: { x: [1] } }, run, { name: 'r', cache: false, progress: false, timeout: 5 } as never)).rejects.toThrow(
      /^timeout: unknown field of sweep's options \(nearest valid: 'timeoutSeconds'\); expected one of 'name'/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'tl-bad-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify({ name: 's', module: './m.js', export: 'f', grid: {}, timeout: 5 }));
    await expect(runSweepFromFile(file)).rejects.toThrow(/^timeout: unknown field of the sweep file .*\(nearest valid: 'timeoutSeconds'\); expected one of 'name'/);
  });
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
