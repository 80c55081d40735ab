/**
 * The P1-3a/3b helpers around the infinite-head limit (src/experiments/p1-init/limit.ts): errors against the limit with
 * its MC floor removed, the slope over every H and the two-term fit H·err = C + D/H, on synthetic runs whose law is
 * known (Φ_∞ + E/√H, E a fixed-variance symmetric Gaussian matrix); and the limiting logit law of the no-LN network.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { chiSquare999, kernelConvergenceToLimit, p1InitialLimit, p1LimitingLogitLaw, p1ScaledInitialKernelLimit } from '../../src/experiments/p1-init/limit';
import { Random } from '../../src/base/random';

beforeAll(async () => {
  await initBackend();
});

describe('P1-3a against the computed limit', () => {
  it('recovers slope −1 and the prefactor of synthetic 1/H errors, with a χ² inside its band', () => {
    const limit = p1InitialLimit({ variant: 'vit', headDim: 4, depth: 1, inputs: 3, inputSeed: 1, heads: 256 });
    const heads = [4, 8, 16, 32, 64];
    const random = new Random(9);
    const B = 3;
    const sigma = 0.3; // per-entry SD √(σ²/H) of the synthetic fluctuation
    const records = heads.flatMap((H) =>
      Array.from({ length: 100 }, () => ({
        variant: 'vit',
        heads: H,
        kernels: limit.layers.map((layer) => {
          const k = Array.from(layer.raw.pooled.value);
          for (let i = 0; i < B; i++) {
            for (let j = i; j < B; j++) {
              const e = (sigma / Math.sqrt(H)) * random.normal();
              k[i * B + j] += e;
              if (j !== i) k[j * B + i] += e;
            }
          }
          return k;
        }),
      })),
    );
    const layers = kernelConvergenceToLimit(records, 'vit', heads, limit);
    for (const l of layers) {
      const norm = Array.from(limit.layers[l.layer].raw.pooled.value).reduce((a, v) => a + v * v, 0);
      // E‖E‖² = σ²·(B diagonal + 2·B(B−1)/2 off-diagonal entries) = σ²B², so C = σ²B²/‖Φ_∞‖² exactly (D = 0).
      const expectedC = (sigma * sigma * B * B) / norm;
      // Bootstrap SE of the slope from 100 seeds per H; 4 SE covers the sampling error with probability > 99.99 %.
      expect(Math.abs(l.fit.slope + 1)).toBeLessThan(4 * l.fit.bootstrapSE);
      // C from the weighted fit: its relative SE is about √(2/(#entries·seeds·points)) ≲ 5 %; allow 4× that.
      expect(Math.abs(l.prefactor / expectedC - 1)).toBeLessThan(0.2);
      expect(l.chiSquare).toBeLessThan(chiSquare999[l.dof]);
    }
    expect(() => kernelConvergenceToLimit(records, 'vit', [128], limit)).toThrow(/heads/);
  });

  it('gives the no-LN limiting logit law from the limit kernel (variance N^{1−2α_A} c_Q c_K G_ss G_s′s′)', () => {
    const options = { variant: 'noLn' as const, headDim: 4, depth: 2, attentionExponent: 0.5, inputs: 1, inputSeed: 777, layer: 2, query: 4, key: 4 };
    const law = p1LimitingLogitLaw(options);
    const limit = p1InitialLimit({ ...options, heads: 64, replicates: 4 });
    const g = limit.layers[2].attentionInputVariance![4];
    expect(law.variance).toBeCloseTo(limit.queryScale * limit.keyScale * g * g, 10);
    expect(law.headDim).toBe(4);
  });
});

describe('P1-9/10 limit kernels', () => {
  it('spatial and pooled limit kernels are the post-LN kernel of the figures (unit diagonal, pooled = mean of the block)', () => {
    const k = p1ScaledInitialKernelLimit({ headDim: 4, depth: 1, probes: 2, heads: 16, replicates: 2 });
    const S = Math.round(Math.sqrt(k.spatialKernel.length));
    // LN'd kernel: K_ss/(K_ss + 10⁻⁶) with K_ss ≥ 1 here (positional table alone gives 1), so 1 within 1e-6.
    for (let s = 0; s < S; s++) expect(Math.abs(k.spatialKernel[s * S + s] - 1)).toBeLessThan(1e-6);
    // The pooled entry (x, x) = (1/S²) Σ_{s,t} of x's post-LN block; for x = 0 that block is the spatial kernel.
    const mean = k.spatialKernel.reduce((a, b) => a + b, 0) / (S * S);
    expect(k.pooledKernel[0]).toBeCloseTo(mean, 12);
    expect(k.pooledKernel.length).toBe(4);
  });
});
