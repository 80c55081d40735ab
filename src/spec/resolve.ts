/**
 * resolve(spec) → ParameterTable: one row per trainable tensor with its init std, forward multiplier and absolute
 * learning rate (THEORY.md §2.5–2.6, §7). The single source of truth read by the builders, optimizers and docs.
 */
import {
  meanFieldScaling,
  mupScaling,
  ntkScaling,
  shapedScaling,
  standardScaling,
  type FamilyContext,
  type WeightRole,
  type WeightScaling,
} from './families';
import { logitScaleOf, skipMultiplierOf } from './scales';
import type { ParameterRow, ParameterTable, PresetName, Spec } from './types';
import { validateSpec } from './validate';

/** Stored shapes are [fan_in, fan_out] (the forward pass computes x·W), vectors [size]. */
interface LayoutRow {
  name: string;
  group: string;
  block: number | null;
  shape: number[];
  role: WeightRole;
}

const familyOf: Record<PresetName, string> = {
  p1: 'meanField',
  meanField: 'meanField',
  depthMup: 'meanField',
  completeP: 'meanField',
  sp: 'standard',
  ntk: 'ntk',
  mup: 'mup',
  shaped: 'shaped',
};

const scalings: Record<string, (role: WeightRole, ctx: FamilyContext) => WeightScaling> = {
  meanField: meanFieldScaling,
  standard: standardScaling,
  ntk: ntkScaling,
  mup: mupScaling,
  shaped: shapedScaling,
};

/** Whether the network reads token ids (LM-style per-token readout) rather than patches. */
export function readsTokens(spec: Spec): boolean {
  return (spec.input ?? (spec.architecture === 'causalLm' ? 'tokens' : 'patches')) === 'tokens';
}

/** Whether the positional table P is present (default: yes, except P2 networks and the depth-sweep convention). */
export function hasPositionalTable(spec: Spec): boolean {
  if (spec.positionalTable !== undefined) return spec.positionalTable;
  if (spec.architecture === 'shaped' || spec.architecture === 'preLn') return false;
  return spec.referenceConvention !== 'depthSweep';
}

/** Rows of the positional table: S for patches, S + 1 for tokens (P1's LM table has context + 1 = 257 rows). */
export function positionalRows(spec: Spec): number {
  return readsTokens(spec) ? spec.tokens + 1 : spec.tokens;
}

/** MLP hidden width m (default n = N·H). */
export function mlpWidthOf(spec: Spec): number {
  return spec.mlpWidth ?? spec.headDim * spec.heads;
}

/** Reference depths (L_b, L_η, L_r) of THEORY.md §2.5: explicit, or from the convention (default by architecture). */
export function referenceDepths(spec: Spec): { branch: number; learningRate: number | null; readout: number } {
  if (spec.referenceDepth) return spec.referenceDepth;
  const convention = spec.referenceConvention ?? (spec.architecture === 'causalLm' ? 'languageModel' : 'fixedDepth');
  if (convention === 'depthSweep') return { branch: 2, learningRate: 2, readout: 2 };
  if (convention === 'languageModel') return { branch: 1, learningRate: null, readout: 1 };
  return { branch: 1, learningRate: 1, readout: spec.branchScale };
}

function layout(spec: Spec): LayoutRow[] {
  const n = spec.headDim * spec.heads;
  const m = mlpWidthOf(spec);
  const tokens = readsTokens(spec);
  const rows: LayoutRow[] = [
    tokens
      ? { name: 'readIn', group: 'readIn', block: null, shape: [spec.inputDim, n], role: 'embedding' }
      : { name: 'readIn', group: 'readIn', block: null, shape: [spec.inputDim, n], role: 'patchReadIn' },
  ];
  if (hasPositionalTable(spec)) {
    rows.push({ name: 'positional', group: 'positional', block: null, shape: [positionalRows(spec), n], role: 'positional' });
  }
  const arch = spec.architecture;
  for (let l = 1; l <= spec.depth; l++) {
    const b = (name: string, group: string, shape: number[], role: WeightRole): LayoutRow => ({ name: `block${l}.${name}`, group, block: l, shape, role });
    rows.push(b('query', 'qk', [n, n], 'query'), b('key', 'qk', [n, n], 'key'), b('value', 'value', [n, n], 'value'));
    if (arch === 'vit' || arch === 'causalLm' || arch === 'simple') rows.push(b('output', 'output', [n, n], 'output'));
    if (arch === 'simple') rows.push(b('mix', 'mlpOut', [n, n], 'mix'));
    else rows.push(b('mlpIn', 'mlpIn', [n, m], 'mlpIn'), b('mlpOut', 'mlpOut', [m, n], 'mlpOut'));
  }
  rows.push({ name: 'readout', group: 'readout', block: null, shape: [n, spec.outputDim], role: 'readout' });
  if (arch === 'causalLm') rows.push({ name: 'readoutBias', group: 'bias', block: null, shape: [spec.outputDim], role: 'bias' });
  return rows;
}

function isAdam(spec: Spec): boolean {
  return spec.optimizer.kind === 'adam' || spec.optimizer.kind === 'adamw';
}

/**
 * Global rate η before per-weight factors. Mean-field family: SGD η₀γ₀²n(L/L_η)^{2α_L−1} (no depth factor when
 * L_η is null); Adam η₀/√n, times (L/L_η)^{α_L−1} and γ₀ when spec.adamFactors asks (P1 Table 1 [R]). Other families: η₀.
 */
export function globalLearningRate(spec: Spec): number {
  const eta0 = spec.optimizer.learningRate;
  if (familyOf[spec.preset] !== 'meanField') return eta0;
  const n = spec.headDim * spec.heads;
  const refs = referenceDepths(spec);
  const aL = spec.residualExponent;
  if (!isAdam(spec)) {
    const depth = refs.learningRate === null ? 1 : (spec.depth / refs.learningRate) ** (2 * aL - 1);
    return eta0 * spec.richness ** 2 * n * depth;
  }
  let rate = eta0 / Math.sqrt(n);
  if (spec.adamFactors?.depth) rate *= (spec.depth / (refs.learningRate ?? refs.branch)) ** (aL - 1);
  if (spec.adamFactors?.richness) rate *= spec.richness;
  return rate;
}

/** b_L = β₀ (L/L_b)^{−α_L} (THEORY.md §2.2). */
export function branchMultiplier(spec: Spec): number {
  return spec.branchScale * (spec.depth / referenceDepths(spec).branch) ** -spec.residualExponent;
}

/**
 * Validates the spec and returns its parameter table. Storage 'unitStd' and abcScale apply the symmetry
 * (μ, σ, η) → (μs, σ/s, η/s²) for SGD/momentum or (μs, σ/s, η/s) for Adam (THEORY.md §2.6); 'unitStd' uses s = σ.
 */
export function resolve(spec: Spec): ParameterTable {
  validateSpec(spec);
  const n = spec.headDim * spec.heads;
  const adam = isAdam(spec);
  const refs = referenceDepths(spec);
  const family = familyOf[spec.preset];
  const ctx: FamilyContext = {
    spec,
    width: n,
    mlpWidth: mlpWidthOf(spec),
    adam,
    readoutDepthFactor: (spec.depth / refs.readout) ** (spec.residualExponent - 0.5),
    tokensIn: readsTokens(spec),
  };
  const global = globalLearningRate(spec);
  const bL = branchMultiplier(spec);
  const p2 = spec.architecture === 'shaped' || spec.architecture === 'preLn';
  if (p2 && bL > 1) {
    throw new Error(`branchScale: the P2 branch weight γ = β₀(L/L_b)^{−α_L} must be ≤ 1 so that λ = √(1 − γ²) exists, got γ = ${bL}`);
  }
  const rows: ParameterRow[] = layout(spec).map((l) => {
    const s = scalings[family](l.role, ctx);
    let row: ParameterRow = { name: l.name, group: l.group, block: l.block, shape: l.shape, initStd: s.initStd, multiplier: s.multiplier, learningRate: global * s.rate };
    if (spec.storage === 'unitStd' && row.initStd > 0) row = rescaleRow(row, row.initStd, adam);
    const factor = spec.abcScale?.[l.name] ?? spec.abcScale?.[l.group];
    if (factor !== undefined) row = rescaleRow(row, factor, adam);
    return row;
  });
  return {
    spec,
    family,
    width: n,
    branchMultiplier: bL,
    skipMultiplier: p2 ? skipMultiplierOf(bL) : 1,
    logitScale: logitScaleOf(spec),
    globalLearningRate: global,
    rows,
  };
}

/** The abc symmetry for one row: (μ, σ, η) → (μs, σ/s, η/s²) (SGD) or (μs, σ/s, η/s) (Adam), THEORY.md §2.6. */
export function rescaleRow(row: ParameterRow, s: number, adam: boolean): ParameterRow {
  return { ...row, multiplier: row.multiplier * s, initStd: row.initStd / s, learningRate: row.learningRate / (adam ? s : s * s) };
}

/** Number of trainable scalars (sum over the table's rows). For P1's LM this is 2Vn + (S+1)n + V + 6Ln² (FIGURES.md P1-12). */
export function parameterCount(spec: Spec): number {
  return resolve(spec).rows.reduce((acc, r) => acc + r.shape.reduce((a, b) => a * b, 1), 0);
}
