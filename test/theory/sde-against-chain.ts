/**
 * The shared assertion of the MLP SDE tests (THEORY.md §6.5–6.6, validation row of §8): the ρ₁₂ law of the exact
 * chain at time T against the SDE's, and against the same SDE with the shaped drift ν switched off.
 */
import { expect } from 'vitest';
import { explodedFraction, tokenCorrelation, type CovarianceTrajectories } from '../../src/theory/covariance-trajectories';
import { ksTwoSample, ksTwoSampleThreshold99 } from '../../src/analysis/statistics';

/**
 * K samples per side: the two-sample KS 99 % threshold is 1.63·√(2/K); the pass band adds 0.005 for the finite-n
 * bias of the chain (§8). The SDE with ν must stay below it, the SDE without ν must exceed it, and no SDE path may
 * blow up.
 */
export function expectSdeMatchesChain(chain: CovarianceTrajectories, sde: CovarianceTrajectories, withoutDrift: CovarianceTrajectories, samples: number): void {
  const rhoChain = tokenCorrelation(chain, 0, 0, 1);
  const bound = ksTwoSampleThreshold99(samples, samples) + 0.005;
  const ks = ksTwoSample(rhoChain, tokenCorrelation(sde, 1, 0, 1));
  const ksFlat = ksTwoSample(rhoChain, tokenCorrelation(withoutDrift, 1, 0, 1));
  expect(ks, `KS with ν = ${ks.toFixed(4)}`).toBeLessThan(bound);
  expect(ksFlat, `KS with ν ≡ 0 = ${ksFlat.toFixed(4)}`).toBeGreaterThan(bound);
  expect(explodedFraction(sde)).toBe(0);
}
