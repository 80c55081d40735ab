/**
 * P2 convergence in width (FIGURES.md P2-conv, reconstructed): at fixed T = d/n, the law of ρ₁₂ of width-n shaped
 * attention networks (exact chain, THEORY.md §6.12) approaches the law of the covariance SDE (§6.7, §6.11) as n grows.
 * Distances: two-sample KS of ρ₁₂ and the gap between SDs of ρ₁₂; V is compared only through quantiles (§6.10).
 */
import { CorrelationLawSamples, compareCorrelationLaws, quantileCountingExploded } from './correlation-law';

/** One width n against the SDE. */
export interface WidthConvergenceRow {
  width: number;
  /** KS(ρ₁₂ network, ρ₁₂ SDE) and its 99 % null threshold */
  ks: number;
  ksThreshold99: number;
  /** SD of ρ₁₂ of the networks with its delta-method SE */
  sdNetwork: number;
  sdNetworkError: number;
  /** |SD_n − SD_SDE| with SE √(SE_n² + SE_SDE²) */
  sdGap: number;
  sdGapError: number;
  medianRho: number;
  /** 10 %, 50 %, 90 % quantiles of V¹¹ of the networks */
  v11Quantiles: [number, number, number];
  /** networks whose trace exceeded 10⁴ tr V₀ (expected 0, §6.10) */
  networkExploded: number;
}

/** The SDE reference of the convergence figure. */
export interface WidthConvergenceReference {
  sd: number;
  sdError: number;
  medianRho: number;
  /** 10 %, 50 %, 90 % quantiles of V¹¹, exploded paths counted as +∞ */
  v11Quantiles: [number, number, number];
  explodedFraction: number;
}

function v11Quantiles(law: CorrelationLawSamples): [number, number, number] {
  return [0.1, 0.5, 0.9].map((q) => quantileCountingExploded(law.v11, law.exploded, q)) as [number, number, number];
}

/**
 * For each network law (one width n each): D_n = sup_x |F_n(x) − F_SDE(x)| for ρ₁₂, |SD_n − SD_SDE|, and quantiles
 * of V¹¹; exploded SDE paths are excluded from ρ₁₂ and counted as +∞ in the V¹¹ quantiles.
 */
export function widthConvergenceRows(
  sde: CorrelationLawSamples, networks: { width: number; law: CorrelationLawSamples }[],
): { rows: WidthConvergenceRow[]; reference: WidthConvergenceReference } {
  if (sde.source !== 'sde') throw new Error(`sde: expected samples from source 'sde', got '${sde.source}'`);
  const rows = networks.map(({ width, law }) => {
    if (law.source !== 'chain') throw new Error(`networks: expected samples from source 'chain' at width ${width}, got '${law.source}'`);
    const c = compareCorrelationLaws(law, sde);
    return {
      width, ks: c.ks, ksThreshold99: c.ksThreshold99, sdNetwork: c.sdNetwork, sdNetworkError: c.sdNetworkError,
      sdGap: c.sdGap, sdGapError: c.sdGapError, medianRho: c.medianRhoNetwork, v11Quantiles: v11Quantiles(law),
      networkExploded: law.exploded,
    };
  });
  rows.sort((a, b) => a.width - b.width);
  const any = networks.length > 0 ? compareCorrelationLaws(networks[0].law, sde) : null;
  return {
    rows,
    reference: {
      sd: any ? any.sdSde : NaN,
      sdError: any ? any.sdSdeError : NaN,
      medianRho: quantileCountingExploded(sde.rho12, 0, 0.5),
      v11Quantiles: v11Quantiles(sde),
      explodedFraction: sde.explodedFraction,
    },
  };
}

/** The row of width n (throws when n was not simulated). */
export function convergenceRowAt(rows: WidthConvergenceRow[], width: number): WidthConvergenceRow {
  const row = rows.find((r) => r.width === width);
  if (!row) throw new Error(`width: ${width} is not among the simulated widths ${rows.map((r) => r.width).join(', ')}`);
  return row;
}
