/**
 * P2 Fig 1 right (FIGURES.md P2-1R, reconstructed): the density of the token correlation ρ₁₂ at the last layer
 * (T = d/n = 0.75): kernel density of the shaped-attention SDE paths (THEORY.md §6.7, §6.11) against the histogram
 * of width-n networks simulated exactly in law (§6.12).
 */
import { gaussianKde, silvermanBandwidth } from '../../analysis/kde';
import { CorrelationLawSamples } from './correlation-law';

/** Densities of ρ₁₂ on an even grid of [−1, 1]. */
export interface CorrelationDensities {
  points: number[];
  /** KDE of the non-exploded SDE samples */
  sdeDensity: number[];
  /** KDE of the network samples with the same bandwidth (drawn for comparison next to the histogram) */
  networkDensity: number[];
  /** h, Silverman's bandwidth of the SDE sample */
  bandwidth: number;
}

/**
 * p̂(ρ) = (1/(M h)) Σ_i φ((ρ − ρ_i)/h), reflected at ρ = ±1 so that it integrates to 1 on [−1, 1], for the SDE and the
 * network samples of ρ₁₂ with one common bandwidth h (Silverman's rule on the SDE sample unless given).
 */
export function correlationDensities(
  network: CorrelationLawSamples, sde: CorrelationLawSamples, options: { pointCount?: number; bandwidth?: number } = {},
): CorrelationDensities {
  const count = options.pointCount ?? 201;
  if (!Number.isInteger(count) || count < 2) throw new Error(`pointCount: expected an integer ≥ 2, got ${count}`);
  const points = Array.from({ length: count }, (_, i) => -1 + (2 * i) / (count - 1));
  const bandwidth = options.bandwidth ?? silvermanBandwidth(sde.rho12);
  const kde = (x: number[]) => Array.from(gaussianKde(x, points, { bandwidth, lower: -1, upper: 1 }));
  return { points, sdeDensity: kde(sde.rho12), networkDensity: kde(network.rho12), bandwidth };
}
