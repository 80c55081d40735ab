/**
 * The P2 networks of a Spec or ParameterTable as the covariance chain and SDE see them (THEORY.md §6.2–6.4, §6.9,
 * §6.12–6.13). Every scale factor is read from the table: the logit scale (1/(τ₀√(nN)) shaped, N^{−α_A} Pre-LN), the
 * branch weight γ = table.branchMultiplier and the skip weight λ = table.skipMultiplier; the MLP normaliser c comes
 * from the function the table's mlpOut row uses (activationNormaliser, spec/families.ts).
 */
import { activationNormaliser, mlpActivationOf, shapedReluSlopesOf } from '../spec/families';
import { mlpWidthOf } from '../spec/resolve';
import { temperatureOf } from '../spec/scales';
import type { ParameterTable } from '../spec/types';
import type { ShapedModelParameters } from './shaped-coefficients';
import { rejectOption } from './solver-inputs';
import { tableOf } from './table-input';

/** The plain shaped-model parameters, all given. */
export type PlainShapedParameters = Required<Omit<ShapedModelParameters, 'spec'>>;

/** Options the table decides: given with `spec`, they are refused (the spec holds them). */
export const specHeldNetworkKeys = [
  'tokens', 'width', 'keyDim', 'depth', 'attention', 'activation',
  'branchWeightSquared', 'temperature', 'shapedReluSlopes',
] as const;

/** The table of a P2 network spec ('shaped' or 'preLn'), refusing options the spec holds. */
export function p2TableOf(what: string, options: Record<string, unknown>, architectures: readonly string[]): ParameterTable {
  for (const key of specHeldNetworkKeys) {
    if (options[key] !== undefined) rejectOption(key, options[key], `to be absent when spec is given (${what} reads it from the spec and its table)`);
  }
  const table = tableOf('spec', options.spec);
  const arch = table.spec.architecture;
  if (!architectures.includes(arch)) rejectOption('spec.architecture', arch, `${architectures.map((a) => `'${a}'`).join(' or ')} (the P2 networks ${what} models)`);
  return table;
}

/** Shaped-model parameters of a table (THEORY.md §6.3–6.4): γ² = b_L² (b_L = table.branchMultiplier), τ₀, c₊, c₋. */
export function shapedParametersOfTable(table: ParameterTable): PlainShapedParameters {
  const gamma = table.branchMultiplier;
  return { branchWeightSquared: gamma * gamma, temperature: temperatureOf(table.spec), shapedReluSlopes: shapedReluSlopesOf(table.spec) };
}

/** What the covariance chain reads from a table: sizes, sub-block kinds and scale factors (THEORY.md §6.12–6.13). */
export interface TableNetwork {
  tokens: number;
  width: number;
  keyDim: number;
  depth: number;
  attention: 'shaped' | 'standard';
  normalization: 'none' | 'preRms';
  activation: 'shapedRelu' | 'relu';
  skipMultiplier: number;
  branchMultiplier: number;
  logitScale: number;
  normaliser: number;
  shaped: PlainShapedParameters;
}

/**
 * The chain's network of a 'shaped' or 'preLn' table: m = S tokens, n = table.width, n_k = N, depth L; shaped
 * attention for 'shaped', softmax attention with the RMS-normalized branch input for 'preLn' (λ/γ residual as the
 * builder's Pre-LN, §6.13); one head (H = 1) and MLP width m = n, the chain's layer (§6.12).
 */
export function tableNetwork(table: ParameterTable): TableNetwork {
  const spec = table.spec;
  if (spec.heads !== 1) rejectOption('spec.heads', spec.heads, '1 (the chain has one attention head with n_k = headDim)');
  if (mlpWidthOf(spec) !== table.width) rejectOption('spec.mlpWidth', spec.mlpWidth, `n = ${table.width} (the chain's MLP hidden width is n)`);
  const activation = mlpActivationOf(spec);
  if (activation !== 'shapedRelu' && activation !== 'relu') rejectOption('spec.mlpActivation', activation, "'shapedRelu' or 'relu' (the chain's activations)");
  if (table.logitScale === undefined) rejectOption('spec', table, 'a ParameterTable with its logitScale (from resolve)');
  return {
    tokens: spec.tokens,
    width: table.width,
    keyDim: spec.headDim,
    depth: spec.depth,
    attention: spec.architecture === 'shaped' ? 'shaped' : 'standard',
    normalization: spec.architecture === 'preLn' ? 'preRms' : 'none',
    activation,
    skipMultiplier: table.skipMultiplier ?? 1,
    branchMultiplier: table.branchMultiplier,
    logitScale: table.logitScale,
    normaliser: activationNormaliser(spec, table.width),
    shaped: shapedParametersOfTable(table),
  };
}
