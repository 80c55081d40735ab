/**
 * P2 ablation of the branch weight γ² and the attention temperature τ₀ (FIGURES.md P2-abl, reconstructed): at
 * T = 0.75, the spread and median of ρ₁₂, the median of V¹¹ and the blow-up fraction, for width-n shaped-attention
 * networks (exact chain, THEORY.md §6.12) and for the covariance SDE (§6.7, §6.11). Expected (§6.14): the spread of ρ
 * grows with γ² (κ = γ²(2 − γ²)); τ₀ barely changes it and mainly controls norm growth and SDE blow-up (§6.10).
 */
import { CorrelationLawSamples, compareCorrelationLaws } from './correlation-law';

/** The (γ², τ₀) settings of FIGURES.md P2-abl: γ² ∈ {1/16, 1/8, 1/4} at τ₀ = 1 and τ₀ ∈ {0.25, 0.5, 1, 2} at γ² = 1/8. */
export function ablationSettings(): { branchWeightSquared: number; temperature: number }[] {
  return [
    { branchWeightSquared: 1 / 16, temperature: 1 },
    { branchWeightSquared: 1 / 8, temperature: 1 },
    { branchWeightSquared: 1 / 4, temperature: 1 },
    { branchWeightSquared: 1 / 8, temperature: 0.25 },
    { branchWeightSquared: 1 / 8, temperature: 0.5 },
    { branchWeightSquared: 1 / 8, temperature: 2 },
  ];
}

/** Network and SDE summaries at one (γ², τ₀). */
export interface AblationRow {
  branchWeightSquared: number;
  temperature: number;
  sdNetwork: number;
  sdNetworkError: number;
  sdSde: number;
  sdSdeError: number;
  medianRhoNetwork: number;
  medianRhoSde: number;
  /** medians of V¹¹ with exploded paths counted as +∞ */
  medianV11Network: number;
  medianV11Sde: number;
  ks: number;
  ksThreshold99: number;
  explodedFractionSde: number;
  /** networks whose trace exceeded the SDE's explosion level 10⁴ tr V₀ at a checked layer */
  explodedFractionNetwork: number;
}

/** One summary row per (γ², τ₀) from matching network ('chain') and SDE samples, in the order of `settings`. */
export function ablationRows(
  settings: { branchWeightSquared: number; temperature: number }[],
  laws: { branchWeightSquared: number; temperature: number; law: CorrelationLawSamples }[],
): AblationRow[] {
  const find = (g: number, t: number, source: 'chain' | 'sde') => {
    const hit = laws.find((l) => l.branchWeightSquared === g && l.temperature === t && l.law.source === source);
    if (!hit) throw new Error(`laws: no '${source}' samples for γ² = ${g}, τ₀ = ${t}`);
    return hit.law;
  };
  return settings.map(({ branchWeightSquared: g, temperature: t }) => {
    const c = compareCorrelationLaws(find(g, t, 'chain'), find(g, t, 'sde'));
    return {
      branchWeightSquared: g, temperature: t,
      sdNetwork: c.sdNetwork, sdNetworkError: c.sdNetworkError, sdSde: c.sdSde, sdSdeError: c.sdSdeError,
      medianRhoNetwork: c.medianRhoNetwork, medianRhoSde: c.medianRhoSde,
      medianV11Network: c.medianV11Network, medianV11Sde: c.medianV11Sde,
      ks: c.ks, ksThreshold99: c.ksThreshold99,
      explodedFractionSde: c.explodedFractionSde, explodedFractionNetwork: c.explodedFractionNetwork,
    };
  });
}

/** min_i (y_{i+1} − y_i) of a sequence ordered by its abscissa: ≥ δ > 0 means strictly increasing with steps ≥ δ. */
export function smallestIncrease(values: number[]): number {
  if (values.length < 2) throw new Error(`values: expected at least 2 values, got ${values.length}`);
  let worst = Infinity;
  for (let i = 1; i < values.length; i++) worst = Math.min(worst, values[i] - values[i - 1]);
  return worst;
}

/** max − min of a set of values (how much a statistic changes over a sweep). */
export function valueRange(values: number[]): number {
  if (values.length === 0) throw new Error('values: expected at least one value');
  return Math.max(...values) - Math.min(...values);
}
