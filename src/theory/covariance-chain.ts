/**
 * Exact-in-law simulation of the token Gram matrix V_ℓ = X_ℓ X_ℓᵀ/n of a width-n residual network at
 * initialization (THEORY.md §6.12–6.13): shaped attention, standard softmax attention (λ/γ residual) or Pre-LN
 * (RMS normalization, unit skip and branch), each with or without the MLP sub-block.
 */
import { ChainScratch, chainAttentionLayer, chainMlpLayer } from './chain-layers';
import { CovarianceTrajectories, averageMeanCorrelation } from './covariance-trajectories';
import { NetworkOptions, ResolvedNetwork, networkOptionKeys, resolveNetworkOptions } from './covariance-options';
import { Random } from '../base/random';
import { checkOptionKeys, choiceOption, startLongRun, type KeysComplete } from './solver-inputs';

/** Options of simulateCovarianceChain: the network (defaults: P2 Fig 1 setting) plus the chain's sampling mode. */
export interface CovarianceChainOptions extends NetworkOptions {
  /**
   * How the attention logits' Gaussian cross Gram B_q B_kᵀ is drawn: 'bartlett' (O(m²) draws, exact) or 'explicit'
   * (two m×n_k matrices, the literal §6.12 step 1); default 'bartlett'.
   */
  logitSampling?: 'bartlett' | 'explicit';
}

/** Option keys of simulateCovarianceChain. */
export const covarianceChainKeys = [...networkOptionKeys, 'logitSampling'] as const;
const covarianceChainKeysComplete: KeysComplete<CovarianceChainOptions, typeof covarianceChainKeys> = true;
void covarianceChainKeysComplete;

/**
 * Estimated operations of one chain layer of one sample (§6.12): attention 12m³ + 60m² (+ 2m²n_k with explicit
 * logits), MLP n(m² + 12m) + 12m³ + 60m² (n hidden neurons drawn one at a time).
 */
export function chainLayerWork(net: ResolvedNetwork, explicitLogits = false): number {
  const m = net.tokens;
  const small = 12 * m ** 3 + 60 * m ** 2;
  let work = 0;
  if (net.attention !== 'none') work += small + (explicitLogits ? 2 * m * m * net.keyDim : 0);
  if (net.mlp) work += small + net.width * (m * m + 12 * m);
  return work;
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
 * Time of layer ℓ is t = ℓ/n. Refuses (naming depth) a run whose estimated work samples · depth · chainLayerWork
 * exceeds workLimit; reports progress per sample.
 */
export function simulateCovarianceChain(options: CovarianceChainOptions = {}): CovarianceChainResult {
  checkOptionKeys('simulateCovarianceChain', options, covarianceChainKeys);
  const net = resolveNetworkOptions(options);
  const sampling = choiceOption('logitSampling', options.logitSampling, 'bartlett', ['bartlett', 'explicit'] as const);
  const run = startLongRun(
    'simulateCovarianceChain', options, 'depth', net.depth, net.samples * net.depth * chainLayerWork(net, sampling === 'explicit'),
    'samples · depth · layer work (§6.12)', net.samples,
  );
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
    run.progress.report(k + 1);
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
