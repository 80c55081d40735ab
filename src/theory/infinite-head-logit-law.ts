/**
 * The limiting law over heads of one attention logit A^a_{ss′}(x) at initialization (docs/theory/infinite-head-kernel.md
 * §4; THEORY.md §4): as H → ∞ the attention input kernel G of block ℓ is deterministic, and one head's logit is
 * A = N^{−α_A} Σ_{i≤N} q_i k_i with q_i ~ N(0, c_Q G_{(x,s),(x,s)}), k_i ~ N(0, c_K G_{(x,s′),(x,s′)}) independent: the
 * variance-gamma law of §4 with those variances. For the LN ViT G_ii ≈ 1 (the law of §2.8); without LayerNorm the
 * finite-H law is a scale mixture of it that converges to this one.
 */
import { AttentionLogitLaw } from './attention-logit-law';
import type { InfiniteHeadKernels } from './infinite-head-kernels';

/** Law of A^a_{ss′}(x) in block `layer` (1…L) for input `input`, query token `query`, key token `key`. */
export function infiniteHeadLogitLaw(result: InfiniteHeadKernels, layer: number, input: number, query: number, key: number): AttentionLogitLaw {
  if (result.qkLayerNorm) throw new Error('qkLayerNorm: with QK-LayerNorm the logit law is that of normalised directions (THEORY.md §2.8 fact 5), not §4');
  if (result.headDim === 'infinite') throw new Error("headDim: the logit law needs a finite N (the N → ∞ law is Gaussian with variance c_Q c_K G_ss G_s′s′ at α_A = ½)");
  const L = result.layers.length - 1;
  if (!Number.isInteger(layer) || layer < 1 || layer > L) throw new Error(`layer: expected a block in 1…${L}, got ${layer}`);
  const check = (name: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 0 || v >= max) throw new Error(`${name}: expected an integer in 0…${max - 1}, got ${Number.isNaN(v) ? 'NaN' : v}`);
  };
  check('input', input, result.inputs);
  check('query', query, result.tokens);
  check('key', key, result.tokens);
  const g = result.layers[layer].attentionInputVariance!;
  const S = result.tokens;
  return new AttentionLogitLaw({
    headDim: result.headDim,
    attentionExponent: result.attentionExponent,
    queryVariance: result.queryScale * g[input * S + query],
    keyVariance: result.keyScale * g[input * S + key],
  });
}
