/**
 * Exact-in-law simulation of the token Gram matrix V_ℓ = X_ℓ X_ℓᵀ/n of a width-n residual network at
 * initialization (THEORY.md §6.12–6.13): shaped attention, standard softmax attention (λ/γ residual) or Pre-LN
 * (RMS normalization, unit skip and branch), each with or without the MLP sub-block.
 */
import { ChainScratch, chainAttentionLayer, chainMlpLayer } from './chain-layers';
import { CovarianceTrajectories, averageMeanCorrelation } from './covariance-trajectories';
import { NetworkOptions, ResolvedNetwork, resolveNetworkOptions } from './covariance-options';
import { Random } from './random';

/** Options of simulateCovarianceChain: the network (defaults: P2 Fig 1 setting) plus the chain's sampling mode. */
export interface CovarianceChainOptions extends NetworkOptions {
  /**
   * How the attention logits' Gaussian cross Gram B_q B_kᵀ is drawn: 'bartlett' (O(m²) draws, exact) or 'explicit'
   * (two m×n_k matrices, the literal §6.12 step 1); default 'bartlett'.
   */
  logitSampling?: 'bartlett' | 'explicit';
}

/** Chain trajectories plus the per-layer sample average of the mean off-diagonal correlation ρ̄. */
export interface CovarianceChainResult extends CovarianceTrajectories {
  /** ρ̄ averaged over samples at each recorded layer (P2-1L) */
  averageCorrelation: Float64Array;
  /** the resolved options actually used */
  network: ResolvedNetwork;
}

/**
 * Samples K independent chains V₀ → V₁ → … → V_depth, where one layer is (§6.12)
 *   attention:  V ← λ² V + γ² A M Aᵀ + λγ (R Aᵀ + A Rᵀ),
 *   MLP:        V ← λ² V + γ² M_φ + λγ (R_φ + R_φᵀ),
 * with A = I + softmax(q kᵀ/(τ₀√(n n_k))) − 11ᵀ/m (shaped) or softmax(q kᵀ/√n_k) (standard), and the random m×m
 * matrices R, M of §6.12 steps 3–4. Cost O(m³) per attention layer (independent of n and n_k with the Bartlett
 * logits) and O(m² n) per MLP layer. Sample k uses the generator new Random(seed).fork(k), drawn in order.
 * Time of layer ℓ is t = ℓ/n.
 */
export function simulateCovarianceChain(options: CovarianceChainOptions = {}): CovarianceChainResult {
  const net = resolveNetworkOptions(options);
  const sampling = options.logitSampling ?? 'bartlett';
  if (sampling !== 'bartlett' && sampling !== 'explicit') {
    throw new Error(`logitSampling: expected 'bartlett' | 'explicit', got ${sampling}`);
  }
  const { tokens: m, samples: K, depth, recordLayers } = net;
  const mm = m * m;
  const R = recordLayers.length;
  const covariances = new Float64Array(R * K * mm);
  const scratch = new ChainScratch(m);
  scratch.explicitLogits = sampling === 'explicit';
  const state = new Float64Array(mm);
  const base = new Random(net.seed);
  const hasAttention = net.attention !== 'none';
  for (let k = 0; k < K; k++) {
    const rng = base.fork(k);
    state.set(net.initialCovariance);
    let r = 0;
    for (let layer = 0; layer <= depth; layer++) {
      if (layer > 0) {
        if (hasAttention) chainAttentionLayer(state, 0, rng, scratch, net);
        if (net.mlp) chainMlpLayer(state, 0, rng, scratch, net);
      }
      if (r < R && recordLayers[r] === layer) {
        covariances.set(state, (r * K + k) * mm);
        r++;
      }
    }
  }
  const traj: CovarianceTrajectories = {
    source: 'chain',
    tokens: m,
    samples: K,
    times: Float64Array.from(recordLayers, (l) => l / net.width),
    layers: recordLayers,
    covariances,
    exploded: new Uint8Array(K),
    explosionTimes: new Float64Array(K).fill(NaN),
    clippedEigenvalues: scratch.clipped,
  };
  return { ...traj, averageCorrelation: averageMeanCorrelation(traj), network: net };
}
