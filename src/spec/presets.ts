/**
 * Named presets (THEORY.md §2.5 for P1, §7 for the others): preset(name, overrides) returns a complete, validated
 * Spec. Defaults are small CPU-sized networks; override any field (optimizer fields merge).
 */
import type { Architecture, OptimizerKind, OptimizerSpec, PresetName, Spec } from './types';
import { presetNames, validateSpec } from './validate';

/** Optimizer defaults per kind: momentum 0.9 (jax form), Adam β = (0.9, 0.999), ε = 10⁻²⁰ as P1 (§2.7). */
export function optimizerDefaults(kind: OptimizerKind, learningRate: number): OptimizerSpec {
  if (kind === 'sgd') return { kind, learningRate };
  if (kind === 'momentum') return { kind, learningRate, momentum: 0.9 };
  return { kind, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-20, weightDecay: 0 };
}

function sizes(architecture: Architecture): Partial<Spec> {
  switch (architecture) {
    case 'causalLm':
      return { headDim: 4, heads: 4, depth: 2, tokens: 32, inputDim: 64, outputDim: 64, qkLayerNorm: true, causal: true };
    case 'shaped':
      return { headDim: 8, heads: 4, depth: 8, tokens: 8, inputDim: 16, outputDim: 10, mlpActivation: 'shapedRelu', shapedReluSlopes: [0, -1], temperature: 1 };
    case 'preLn':
      return { headDim: 8, heads: 4, depth: 8, tokens: 8, inputDim: 16, outputDim: 10, mlpActivation: 'relu' };
    default:
      return { headDim: 4, heads: 4, depth: 2, tokens: 16, inputDim: 49, outputDim: 10 };
  }
}

function constants(name: PresetName, architecture: Architecture): Partial<Spec> {
  const lm = architecture === 'causalLm';
  const unitRefs = { branch: 1, learningRate: 1, readout: 1 };
  const p1Optimizer = lm ? optimizerDefaults('adamw', 0.05) : optimizerDefaults('momentum', 0.2);
  switch (name) {
    case 'p1':
      return { attentionExponent: 1, residualExponent: 1, branchScale: 4, richness: 0.25, optimizer: p1Optimizer, referenceConvention: lm ? 'languageModel' : 'fixedDepth' };
    case 'meanField':
      return { attentionExponent: 1, residualExponent: 1, branchScale: 1, richness: 1, optimizer: p1Optimizer, referenceDepth: unitRefs };
    case 'depthMup':
      return { attentionExponent: 1, residualExponent: 0.5, branchScale: 1, richness: 1, optimizer: p1Optimizer, referenceDepth: unitRefs, adamFactors: { depth: true } };
    case 'completeP':
      return { attentionExponent: 1, residualExponent: 1, branchScale: 1, richness: 1, optimizer: p1Optimizer, referenceDepth: unitRefs, adamFactors: { depth: true } };
    case 'sp':
      return { attentionExponent: 0.5, residualExponent: 0, branchScale: 1, richness: 1, centred: false, optimizer: lm ? optimizerDefaults('adamw', 1e-3) : optimizerDefaults('momentum', 0.05) };
    case 'ntk':
      return { attentionExponent: 0.5, residualExponent: 0, branchScale: 1, richness: 1, optimizer: lm ? optimizerDefaults('adamw', 1e-3) : optimizerDefaults('momentum', 0.5) };
    case 'mup':
      return { attentionExponent: 1, residualExponent: 0, branchScale: 1, richness: 1, optimizer: lm ? optimizerDefaults('adamw', 1e-2) : optimizerDefaults('momentum', 0.05) };
    case 'shaped':
      return { attentionExponent: 0.5, residualExponent: 0, branchScale: 1 / Math.sqrt(8), richness: 1, optimizer: optimizerDefaults('sgd', 0.1) };
  }
}

/**
 * A complete Spec for a named preset: 'p1' (P1's table; referenceConvention 'fixedDepth' | 'depthSweep' |
 * 'languageModel', the depth sweep drops the positional table), 'sp', 'ntk', 'mup' (1/d attention), 'meanField'
 * (γ₀), 'depthMup' (α_L = ½, Adam ∝ L^{−1/2}), 'completeP' (α_L = 1, Adam ∝ L^{α_L−1}), 'shaped' (P2).
 * overrides.architecture picks the network (default 'vit', or 'shaped' for the shaped preset).
 */
export function preset(name: PresetName, overrides: Partial<Spec> = {}): Spec {
  if (!presetNames.includes(name)) {
    throw new Error(`preset: expected one of ${presetNames.map((p) => `'${p}'`).join(', ')}, got '${String(name)}'`);
  }
  const architecture = overrides.architecture ?? (name === 'shaped' ? 'shaped' : 'vit');
  const base = { ...sizes(architecture), ...constants(name, architecture) } as Partial<Spec>;
  const baseOptimizer = base.optimizer as OptimizerSpec;
  let optimizer = baseOptimizer;
  if (overrides.optimizer) {
    const kind = overrides.optimizer.kind ?? baseOptimizer.kind;
    const start = kind === baseOptimizer.kind ? baseOptimizer : optimizerDefaults(kind, baseOptimizer.learningRate);
    optimizer = { ...start, ...overrides.optimizer };
  }
  const spec = { ...base, ...overrides, architecture, preset: name, optimizer } as Spec;
  if (spec.referenceConvention === 'depthSweep' && overrides.positionalTable === undefined) spec.positionalTable = false;
  return validateSpec(spec);
}
