/**
 * Ready-made networks (THEORY.md §2.2 ViT, §2.3 simple, §2.4 causal LM, §6.2–6.4 shaped transformer and its Pre-LN
 * baseline). Each returns the Model contract with weights drawn from `seed`; all share models/transformer.ts.
 */
import type { Architecture, Spec } from '../spec/types';
import { createModel } from './model';
import { transformerBody } from './transformer';
import type { Model } from './types';

function build(spec: Spec, seed: number, expected: Architecture): Model {
  if (spec.architecture !== expected) {
    throw new Error(`architecture: this builder makes '${expected}' networks, got '${spec.architecture}' (use buildModel to dispatch)`);
  }
  return createModel(spec, seed, transformerBody);
}

/** P1 ViT (§2.2): Pre-LN blocks h ← h + b_L·MHSA(LN h), h ← h + b_L·MLP(LN h), mean-pool of the final LN, centred logits. */
export function buildVit(spec: Spec, seed: number): Model {
  return build(spec, seed, 'vit');
}

/** P1 causal LM (§2.4): GELU after LN before each sub-block, QK-LayerNorm, causal mask, readout bias, per-token logits. */
export function buildCausalLm(spec: Spec, seed: number): Model {
  return build(spec, seed, 'causalLm');
}

/** P1 simple network without LayerNorm (§2.3): h ← h + b_L·W^ℓ gelu(MHSA(gelu h))/√n. */
export function buildSimpleTransformer(spec: Spec, seed: number): Model {
  return build(spec, seed, 'simple');
}

/** P2 shaped transformer (§6.2–6.4): shaped attention I + softmax(A/τ) − U, shaped-ReLU MLP, λ/γ residuals, no normalization. */
export function buildShapedTransformer(spec: Spec, seed: number): Model {
  return build(spec, seed, 'shaped');
}

/** P2's Pre-LN baseline: the shaped network with LN before each sub-block and plain softmax attention q·k/N^{α_A}. */
export function buildPreLnTransformer(spec: Spec, seed: number): Model {
  return build(spec, seed, 'preLn');
}

/** Dispatches on spec.architecture. */
export function buildModel(spec: Spec, seed: number): Model {
  return createModel(spec, seed, transformerBody);
}
