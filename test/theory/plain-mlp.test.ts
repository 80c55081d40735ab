import { describe, expect, it } from 'vitest';
import { simulatePlainMlpChain, simulatePlainMlpNetwork, type PlainMlpOptions } from '../../src/theory/plain-mlp';
import { simulateCovarianceSde } from '../../src/theory/covariance-sde';
import { simulateTwoTokenCorrelation } from '../../src/theory/correlation-sde';
import { twoTokenCorrelationCoefficients } from '../../src/theory/shaped-coefficients';
import { covarianceEntry, tokenCorrelation } from '../../src/theory/covariance-trajectories';
import { ksTwoSample, ksTwoSampleThreshold99, ksTwoSampleThreshold999, mean, standardError } from '../../src/analysis/statistics';
import { expectSdeMatchesChain } from './sde-against-chain';

describe('plain shaped-ReLU MLP X ← √(c/n) φ_s(X) W (THEORY §6.5): exact chain vs brute-force n×n networks', () => {
  // n = 32, m = 4, 16 layers, K = 1000 per side: two-sample KS 99 % threshold 1.63·√(2/K) = 0.073, 99.9 % 0.087.
  // Rule of §8 (row §6.12): all 10 V entries below the 99 % threshold, or exactly one between 99 % and 99.9 %.
  // The chain is exact in law for any coordinate-wise φ, so it is checked for the shaped ReLU at a small width
  // (c₊ = 1, c₋ = −2: slopes 1.18 and 0.65 at n = 32, far from linear) and for the unshaped ReLU (c = 2).
  const K = 1000;
  const variants: [string, PlainMlpOptions][] = [
    ['shaped ReLU (c₊ = 1, c₋ = −2)', { shapedReluSlopes: [1, -2] }],
    ['unshaped ReLU (c = 2)', { activation: 'relu' }],
  ];
  for (const [name, o] of variants) {
    it(`${name}: KS of every V entry at layer 16 below the two-sample threshold`, () => {
      const common = { ...o, width: 32, depth: 16, samples: K, recordLayers: [0, 16] };
      const net = simulatePlainMlpNetwork({ ...common, seed: 101 });
      const chain = simulatePlainMlpChain({ ...common, seed: 202 });
      const t99 = ksTwoSampleThreshold99(K, K);
      const t999 = ksTwoSampleThreshold999(K, K);
      for (const record of [0, 1]) {
        const ks: number[] = [];
        for (let a = 0; a < 4; a++) for (let b = a; b < 4; b++) ks.push(ksTwoSample(covarianceEntry(net, record, a, b), covarianceEntry(chain, record, a, b)));
        const above = ks.filter((d) => d > t99);
        expect(above.length, `layer ${net.layers[record]}: KS ${ks.map((d) => d.toFixed(3)).join(' ')} vs ${t99.toFixed(3)}`).toBeLessThanOrEqual(1);
        for (const d of above) expect(d).toBeLessThan(t999);
      }
    }, 60_000);
  }

  it('the unshaped ReLU drives ρ towards 1 while the shaped one keeps it away from 1 (the §6.5 motivation)', () => {
    // 64 layers at n = 64 (T = 1), ρ₀ = 0.2, K = 256. ReLU's correlation map ρ ↦ (√(1−ρ²) + (π − arccos ρ)ρ)/π
    // iterated 64 times from 0.2 gives ρ ≈ 0.98; the shaped ReLU's SDE mean at T = 1 is ≈ 0.4. The sample mean of ρ₁₂
    // has SE ≤ 0.5/√256 = 0.03, so 0.9 and 0.7 are > 5 SE from both values.
    const o = { width: 64, depth: 64, samples: 256, recordLayers: [64] };
    const relu = simulatePlainMlpChain({ ...o, activation: 'relu', seed: 5 });
    const shaped = simulatePlainMlpChain({ ...o, seed: 6 });
    expect(mean(tokenCorrelation(relu, 0, 0, 1))).toBeGreaterThan(0.9);
    expect(mean(tokenCorrelation(shaped, 0, 0, 1))).toBeLessThan(0.7);
  });
});

describe('plain MLP covariance SDE (model plainMlp: b = ν(ρ)√(V^{αα}V^{ββ}), Σ = V⊗V) against the exact chain', () => {
  // §6.5 check for the plain network: m = 3, V₀ = 0.5 I + 0.5·11ᵀ, c₊ = 0, c₋ = −1.5, T = 1; chain at n = 64
  // (64 layers) and SDE with Δt = 1/256, K = 4000 each → 99 % two-sample KS threshold 1.63·√(2/4000) = 0.0364;
  // pass criterion threshold + 0.005 (finite-n bias, §8 row §6.5–6.6). The same SDE with ν ≡ 0 (c₊ = c₋: the
  // Wishart part κ = 1 unchanged) must exceed the bound. Measured with these seeds: KS 0.031, with ν ≡ 0 0.100; mean
  // ρ₁₂ 0.569 chain, 0.552 SDE, 0.409 with ν ≡ 0 (other seeds: KS 0.051 at n = 32, 0.028 at n = 64, 0.033 at
  // n = 128). With K = 16 000: mean ρ₁₂ 0.553 ± 0.004 (SDE, Δt = 1/256 and 1/1024 alike), 0.563/0.556 ± 0.004 (chain,
  // n = 32/64): no bias beyond the sampling error at n = 64.
  const K = 4000;
  const shape = { tokens: 3, initialCorrelation: 0.5 };
  it('KS(ρ₁₂) below the 99 % threshold + 0.005, and the same SDE without ν fails', () => {
    const chain = simulatePlainMlpChain({ ...shape, width: 64, depth: 64, samples: K, seed: 71, recordLayers: [64] });
    const sde = simulateCovarianceSde({ ...shape, model: 'plainMlp', horizon: 1, stepSize: 1 / 256, samples: K, seed: 72 });
    const flat = simulateCovarianceSde({ ...shape, model: 'plainMlp', shapedReluSlopes: [0, 0], horizon: 1, stepSize: 1 / 256, samples: K, seed: 73 });
    expectSdeMatchesChain(chain, sde, flat, K);
    // The diagonal has no drift (c·E φ_s(x)² = E x²): V¹¹ is a martingale, E V¹¹_T = V¹¹_0 = 1 within 4 SE
    // (measured 1.023 ± 0.039).
    const v11 = covarianceEntry(chain, 0, 0, 0);
    expect(Math.abs(mean(v11) - 1)).toBeLessThan(4 * standardError(v11));
  }, 120_000);

  it('is not the residual MLP sub-block with λ = 0: that one has two matrices per layer (κ_mlp = 2 at γ² = 1)', () => {
    // Residual MLP at γ² = 1 (λ = 0): drift ν like the plain model, but κ_mlp = 2γ⁴ + 2λ²γ² = 2 against κ = 1, so
    // ρ₁₂ spreads more. K = 4000 each; asserted KS > the 99 % threshold 0.0364 (measured 0.186).
    const plain = simulateCovarianceSde({ ...shape, model: 'plainMlp', horizon: 1, stepSize: 1 / 256, samples: K, seed: 74 });
    const residual = simulateCovarianceSde({ ...shape, model: 'mlp', branchWeightSquared: 1, horizon: 1, stepSize: 1 / 256, samples: K, seed: 75 });
    const ks = ksTwoSample(tokenCorrelation(plain, 1, 0, 1), tokenCorrelation(residual, 1, 0, 1));
    expect(ks, `KS ${ks.toFixed(4)}`).toBeGreaterThan(ksTwoSampleThreshold99(K, K));
  });

  it('the scalar m = 2 correlation SDE dρ = [ν(ρ) − ½ρ(1−ρ²)] dt + (1−ρ²) dB matches the 2×2 matrix SDE', () => {
    // Closed form at ρ = 0 with c₊ − c₋ = 1.5: μ = ν(0) = 1.5²/(2π), σ² = 1. Law of ρ at T = 1 from both, K = 4096
    // each, Δt = 1/200: 99 % KS threshold 1.63·√(2/4096) = 0.036.
    const c = twoTokenCorrelationCoefficients(0, 'plainMlp');
    expect(c.drift).toBeCloseTo(2.25 / (2 * Math.PI), 14);
    expect(c.diffusionSquared).toBe(1);
    const o = { initialCorrelation: 0.3, model: 'plainMlp' as const, horizon: 1, stepSize: 1 / 200, samples: 4096 };
    const matrix = simulateCovarianceSde({ ...o, tokens: 2, seed: 76 });
    const scalar = simulateTwoTokenCorrelation({ ...o, seed: 77 });
    expect(ksTwoSample(tokenCorrelation(matrix, 1, 0, 1), scalar.correlations.subarray(4096))).toBeLessThan(ksTwoSampleThreshold99(4096, 4096));
  });
});

describe('plain MLP inputs', () => {
  it('strict options, determinism and work limit', () => {
    expect(() => simulatePlainMlpChain({ branchWeightSquared: 0.5 } as never)).toThrow(/^branchWeightSquared: unknown option of simulatePlainMlpChain/);
    expect(() => simulatePlainMlpChain({ activation: 'relu', shapedReluSlopes: [0, -1] })).toThrow(/^shapedReluSlopes: expected to be absent with activation 'relu'/);
    expect(() => simulatePlainMlpNetwork({ depth: 1e6 })).toThrow(/^depth: simulatePlainMlpNetwork would need/);
    const o = { width: 8, depth: 4, samples: 3 };
    expect(simulatePlainMlpChain({ ...o, seed: 3 }).covariances).toEqual(simulatePlainMlpChain({ ...o, seed: 3 }).covariances);
    expect(simulatePlainMlpChain({ ...o, seed: 3 }).covariances).not.toEqual(simulatePlainMlpChain({ ...o, seed: 4 }).covariances);
  });
});
