/**
 * V-chain (docs/FIGURES.md "Validation rows"; THEORY.md §6.12): the exact-in-law covariance chain against brute-force
 * n × n networks of the same spec. One run = one sub-block variant, K samples of each at the last layer; the law of
 * every V entry is compared by the two-sample KS distance. Rule of §8: all m(m+1)/2 entries below the 99 % threshold,
 * or exactly one between the 99 % and 99.9 % thresholds.
 */
import { simulateBruteForceNetwork } from '../../theory/brute-force-network';
import { simulateCovarianceChain, type CovarianceChainOptions } from '../../theory/covariance-chain';
import { covarianceEntry } from '../../theory/covariance-trajectories';
import { tableOf, type SpecOrTable } from '../../theory/table-input';
import { ksTwoSample, ksTwoSampleThreshold99, ksTwoSampleThreshold999 } from '../../analysis/statistics';
import { shapedReluSlopesOf } from '../../spec/families';
import type { ParameterTable } from '../../spec/types';
import { showValue } from '../../spec/validate';
import { specRun } from '../../sweep/spec-run';
import { correlationDepthChainOptions } from './fig1-left';

/** The sub-blocks compared: attention-only ('shaped', 'standard', 'preLn' as in P2-1L) or the shaped-ReLU MLP alone ('mlp'). */
export type ChainCheckVariant = 'shaped' | 'standard' | 'preLn' | 'mlp';

/** The non-spec settings of one V-chain run. */
export interface ChainCheckSettings {
  variant: ChainCheckVariant;
  /** K, samples of each side */
  samples: number;
}

/** KS distance of every V entry at the last layer (network vs chain) and the two-sample thresholds. */
export interface ChainCheckResult {
  variant: ChainCheckVariant;
  /** entries (α, β), α ≤ β, in row order */
  entries: [number, number][];
  ks: number[];
  threshold99: number;
  threshold999: number;
}

/**
 * The network options of a variant on its spec: P2-1L's attention-only sub-blocks (correlationDepthChainOptions), or
 * for 'mlp' the spec's shaped-ReLU MLP alone (no attention sub-block, which a Spec cannot express: the sizes, γ² = b_L²
 * and (c₊, c₋) come from the spec, the rest of the table is not read).
 */
export function chainCheckOptions(table: ParameterTable, variant: ChainCheckVariant): CovarianceChainOptions {
  if (variant !== 'mlp') return correlationDepthChainOptions(table, variant);
  const spec = table.spec;
  if (spec.architecture !== 'shaped') throw new Error(`spec.architecture: expected 'shaped' for the variant 'mlp', got '${spec.architecture}'`);
  return {
    width: table.width, depth: spec.depth, tokens: spec.tokens, attention: 'none', mlp: true,
    branchWeightSquared: table.branchMultiplier * table.branchMultiplier, shapedReluSlopes: shapedReluSlopesOf(spec),
  };
}

/**
 * Runs K brute-force networks (seed) and K chains (seed 2·seed) of the variant for the spec's L layers, and returns
 * D_{αβ} = sup_x |F_net(x) − F_chain(x)| for every entry of V_L with the thresholds 1.63 √(2/K) and 1.95 √(2/K).
 */
export function chainAgainstNetwork(spec: SpecOrTable, settings: ChainCheckSettings, seed: number): ChainCheckResult {
  const { variant, samples } = settings;
  if (!['shaped', 'standard', 'preLn', 'mlp'].includes(variant)) throw new Error(`variant: expected 'shaped' | 'standard' | 'preLn' | 'mlp', got ${showValue(variant)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${showValue(seed)}`);
  const table = tableOf('spec', spec);
  const depth = table.spec.depth;
  const common = { ...chainCheckOptions(table, variant), samples, recordLayers: [depth] };
  const net = simulateBruteForceNetwork({ ...common, seed });
  const chain = simulateCovarianceChain({ ...common, seed: 2 * seed });
  const m = chain.tokens;
  const entries: [number, number][] = [];
  const ks: number[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      entries.push([a, b]);
      ks.push(ksTwoSample(covarianceEntry(net, 0, a, b), covarianceEntry(chain, 0, a, b)));
    }
  }
  return { variant, entries, ks, threshold99: ksTwoSampleThreshold99(samples, samples), threshold999: ksTwoSampleThreshold999(samples, samples) };
}

/** Entries above the 99 % threshold, and the largest KS over the 99.9 % threshold (the rule passes iff ≤ 1 and < 1). */
export function chainCheckVerdict(r: ChainCheckResult): { above99: number; largestOver999: number } {
  return { above99: r.ks.filter((d) => d > r.threshold99).length, largestOver999: Math.max(...r.ks) / r.threshold999 };
}

/** The typed sweep run of V-chain. */
export const chainCheckRun = specRun<ChainCheckSettings>((_spec, table, { seed, settings }) => chainAgainstNetwork(table, settings, seed));

/** Sweep run reference of chainCheckRun (module = this file). */
export const chainCheckReference = { module: __filename, name: 'chainCheckRun', version: '1' };
