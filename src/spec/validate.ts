/**
 * Validation of a Spec (THEORY.md §2.5, §7): every bad field throws an Error naming the field, the value and what
 * is allowed. Caller mistakes are exceptions (DESIGN.md).
 */
import type { Architecture, OptimizerKind, PresetName, Spec } from './types';
import { editDistance } from '../base/names';

export const architectures: readonly Architecture[] = ['vit', 'causalLm', 'simple', 'shaped', 'preLn'];
export const optimizerKinds: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam', 'adamw'];
export const presetNames: readonly PresetName[] = ['p1', 'sp', 'ntk', 'mup', 'meanField', 'depthMup', 'completeP', 'shaped'];
const mlpActivations = ['gelu', 'shapedRelu', 'relu'];
const conventions = ['fixedDepth', 'depthSweep', 'languageModel'];

/**
 * A value as it should read in an error message: strings quoted, NaN and ±Infinity by name (JSON would print
 * null), nested arrays and objects as JSON with their non-finite numbers named too.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  const marker = '\u0000nonfinite:';
  try {
    const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${marker}${v}` : v));
    if (text === undefined) return String(value);
    return text.replace(new RegExp(`"\\\\u0000nonfinite:([^"]*)"`, 'g'), '$1');
  } catch {
    return String(value);
  }
}

function show(value: unknown): string {
  return showValue(value);
}

function fail(field: string, value: unknown, allowed: string): never {
  throw new Error(`${field}: expected ${allowed}, got ${show(value)}`);
}

/** Every field a Spec may have (the type below fails to compile if this list and the Spec interface disagree). */
export const specFields = [
  'architecture', 'preset', 'headDim', 'heads', 'depth', 'tokens', 'inputDim', 'outputDim', 'attentionExponent',
  'residualExponent', 'branchScale', 'richness', 'referenceDepth', 'optimizer', 'positionalTable', 'qkLayerNorm',
  'causal', 'mlpActivation', 'temperature', 'shapedReluSlopes', 'mlpWidth', 'image', 'input', 'referenceConvention',
  'adamFactors', 'adamReadout', 'centred', 'storage', 'abcScale',
] as const;
type MissingSpecField = Exclude<keyof Spec, (typeof specFields)[number]>;
type ExtraSpecField = Exclude<(typeof specFields)[number], keyof Spec>;
const specFieldsComplete: [MissingSpecField, ExtraSpecField] extends [never, never] ? true : never = true;
void specFieldsComplete;
const optimizerFields = ['kind', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'warmupSteps', 'totalSteps'];

/** `true` when `Keys` lists every key of T (use: `const complete: AllKeysListed<T, typeof keys> = true`). */
export type AllKeysListed<T, Keys extends readonly PropertyKey[]> = [Exclude<keyof T, Keys[number]>, Exclude<Keys[number], keyof T>] extends [never, never] ? true : never;

/**
 * The allowed name closest to `name`: the shortest one that `name` abbreviates (a case-insensitive prefix, as
 * 'timeout' of 'timeoutSeconds'), else the one at the least editDistance (ties: the first listed).
 */
export function nearestName(name: string, allowed: readonly string[]): string {
  const lower = name.toLowerCase();
  const extended = allowed.filter((a) => a.length > name.length && a.toLowerCase().startsWith(lower));
  if (extended.length > 0) return extended.reduce((a, b) => (b.length < a.length ? b : a));
  let best = allowed[0];
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Throws on the first key of `object` not in `allowed`, naming it (with `prefix`), the nearest valid name and the
 * allowed names: "hedDim: unknown field of the spec (nearest valid: 'headDim'); expected one of …".
 */
export function checkKnownKeys(prefix: string, what: string, object: object, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const near = nearestName(key, allowed);
    throw new Error(
      `${prefix}${key}: unknown field of ${what} (nearest valid: '${near}'); expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
}

/** Throws unless value is an integer ≥ 1. */
export function checkPositiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(field, value, 'a positive integer');
  return value;
}

function checkPositive(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(field, value, 'a finite number > 0');
  return value;
}

function checkRange(field: string, value: unknown, lo: number, hi: number, hiOpen = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= lo && (hiOpen ? value < hi : value <= hi);
  if (!ok) fail(field, value, `a number in [${lo}, ${hi}${hiOpen ? ')' : ']'}`);
  return value as number;
}

function checkOneOf<T>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(field, value, `one of ${allowed.map((a) => show(a)).join(', ')}`);
  return value as T;
}

function checkBoolean(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') fail(field, value, 'true or false');
}

/** Presets each architecture accepts: P2's shaped/preLn networks use the 'shaped' table, the others any P1-style one. */
export function allowedPresets(architecture: Architecture): readonly PresetName[] {
  return architecture === 'shaped' || architecture === 'preLn'
    ? ['shaped']
    : presetNames.filter((p) => p !== 'shaped');
}

/**
 * Checks every field of a spec and returns it unchanged. Allowed: sizes positive integers; α_A ∈ [½, 1];
 * α_L ∈ [0, 1] (≥ ½ is needed for a stable L → ∞ limit, THEORY.md §3.3); β₀, γ₀, τ₀ > 0; reference depths > 0;
 * the image patch dividing the side with tokens = (side/patch)² and inputDim = channels·patch²; optimizer fields in range.
 */
export function validateSpec(spec: Spec): Spec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) fail('spec', spec, 'an object');
  checkKnownKeys('', 'the spec', spec, specFields);
  const arch = checkOneOf('architecture', spec.architecture, architectures);
  checkOneOf('preset', spec.preset, presetNames);
  checkOneOf(`preset (for architecture '${arch}')`, spec.preset, allowedPresets(arch));
  for (const f of ['headDim', 'heads', 'depth', 'tokens', 'inputDim', 'outputDim'] as const) checkPositiveInteger(f, spec[f]);
  if (spec.mlpWidth !== undefined) checkPositiveInteger('mlpWidth', spec.mlpWidth);
  checkRange('attentionExponent', spec.attentionExponent, 0.5, 1);
  checkRange('residualExponent', spec.residualExponent, 0, 1);
  checkPositive('branchScale', spec.branchScale);
  checkPositive('richness', spec.richness);
  if (spec.input !== undefined) checkOneOf('input', spec.input, ['patches', 'tokens']);
  const tokensIn = (spec.input ?? (arch === 'causalLm' ? 'tokens' : 'patches')) === 'tokens';
  if (arch === 'causalLm' && !tokensIn) fail('input', spec.input, "'tokens' for architecture 'causalLm'");
  if (tokensIn && spec.inputDim !== spec.outputDim) {
    fail('outputDim', spec.outputDim, `the vocabulary size inputDim = ${spec.inputDim} (next-token prediction)`);
  }
  if (spec.referenceDepth !== undefined) {
    const r = spec.referenceDepth;
    if (r === null || typeof r !== 'object') fail('referenceDepth', r, 'an object {branch, learningRate, readout}');
    checkKnownKeys('referenceDepth.', 'referenceDepth', r, ['branch', 'learningRate', 'readout']);
    checkPositive('referenceDepth.branch', r.branch);
    if (r.learningRate !== null) checkPositive('referenceDepth.learningRate', r.learningRate);
    checkPositive('referenceDepth.readout', r.readout);
  }
  if (spec.referenceConvention !== undefined) checkOneOf('referenceConvention', spec.referenceConvention, conventions);
  if (spec.image !== undefined) {
    if (spec.image === null || typeof spec.image !== 'object') fail('image', spec.image, 'an object {side, channels, patch}');
    checkKnownKeys('image.', 'image', spec.image, ['side', 'channels', 'patch']);
    const { side, channels, patch } = spec.image;
    checkPositiveInteger('image.side', side);
    checkPositiveInteger('image.channels', channels);
    checkPositiveInteger('image.patch', patch);
    if (side % patch !== 0) fail('image.patch', patch, `a divisor of image.side = ${side}`);
    if (spec.tokens !== (side / patch) ** 2) fail('tokens', spec.tokens, `(side/patch)² = ${(side / patch) ** 2}`);
    if (spec.inputDim !== channels * patch * patch) fail('inputDim', spec.inputDim, `channels·patch² = ${channels * patch * patch}`);
  }
  for (const f of ['positionalTable', 'qkLayerNorm', 'causal', 'centred'] as const) checkBoolean(f, spec[f]);
  if (spec.mlpActivation !== undefined) checkOneOf('mlpActivation', spec.mlpActivation, mlpActivations);
  if (spec.temperature !== undefined) checkPositive('temperature', spec.temperature);
  if (spec.shapedReluSlopes !== undefined) {
    const c = spec.shapedReluSlopes;
    if (!Array.isArray(c) || c.length !== 2 || !c.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail('shapedReluSlopes', c, 'a pair of finite numbers [c₊, c₋]');
    }
  }
  if (spec.storage !== undefined) checkOneOf('storage', spec.storage, ['stored', 'unitStd']);
  if (spec.abcScale !== undefined) {
    if (spec.abcScale === null || typeof spec.abcScale !== 'object') fail('abcScale', spec.abcScale, 'an object name → s > 0');
    for (const [k, v] of Object.entries(spec.abcScale)) checkPositive(`abcScale.${k}`, v);
  }
  if (spec.adamFactors !== undefined) {
    if (spec.adamFactors === null || typeof spec.adamFactors !== 'object') fail('adamFactors', spec.adamFactors, 'an object {depth?, richness?}');
    checkKnownKeys('adamFactors.', 'adamFactors', spec.adamFactors, ['depth', 'richness']);
    checkBoolean('adamFactors.depth', spec.adamFactors.depth);
    checkBoolean('adamFactors.richness', spec.adamFactors.richness);
  }
  if (spec.adamReadout !== undefined) checkOneOf('adamReadout', spec.adamReadout, ['code', 'muP']);
  validateOptimizer(spec);
  return spec;
}

function validateOptimizer(spec: Spec): void {
  const o = spec.optimizer;
  if (o === null || typeof o !== 'object') fail('optimizer', o, 'an object {kind, learningRate, …}');
  checkKnownKeys('optimizer.', 'optimizer', o, optimizerFields);
  checkOneOf('optimizer.kind', o.kind, optimizerKinds);
  checkPositive('optimizer.learningRate', o.learningRate);
  if (o.momentum !== undefined) checkRange('optimizer.momentum', o.momentum, 0, 1, true);
  if (o.beta1 !== undefined) checkRange('optimizer.beta1', o.beta1, 0, 1, true);
  if (o.beta2 !== undefined) checkRange('optimizer.beta2', o.beta2, 0, 1, true);
  if (o.epsilon !== undefined) checkRange('optimizer.epsilon', o.epsilon, 0, Number.MAX_VALUE);
  if (o.weightDecay !== undefined) checkRange('optimizer.weightDecay', o.weightDecay, 0, Number.MAX_VALUE);
  if (o.warmupSteps !== undefined) {
    if (!Number.isInteger(o.warmupSteps) || o.warmupSteps < 0) fail('optimizer.warmupSteps', o.warmupSteps, 'an integer ≥ 0');
  }
  if (o.totalSteps !== undefined) {
    checkPositiveInteger('optimizer.totalSteps', o.totalSteps);
    if (o.totalSteps <= (o.warmupSteps ?? 0)) fail('optimizer.totalSteps', o.totalSteps, `an integer > warmupSteps = ${o.warmupSteps ?? 0}`);
  }
}
