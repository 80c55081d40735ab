/**
 * Theory reads the parameter table (THEORY.md §2.5, §4.2, §6.2–6.4, §6.13): the law of A(0), the covariance chain and
 * SDE and the shaped coefficients accept a Spec or ParameterTable; their scale factors are the ones the builders read
 * from the table, and the plain-option forms (thin adapters through the same spec/scales functions) give bit-identical
 * outputs for the same network. Exact equality is the point here: no tolerance, so no sample-size derivation applies.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttentionLogitLaw } from '../../src/theory/attention-logit-law';
import { resolveNetworkOptions } from '../../src/theory/covariance-options';
import { simulateCovarianceChain } from '../../src/theory/covariance-chain';
import { simulateCovarianceSde } from '../../src/theory/covariance-sde';
import { simulateBruteForceNetwork } from '../../src/theory/brute-force-network';
import { shapedDiffusion, shapedDrift, twoTokenCorrelationCoefficients } from '../../src/theory/shaped-coefficients';
import { preset } from '../../src/spec/presets';
import { resolve } from '../../src/spec/resolve';
import type { Spec } from '../../src/spec/types';

/** Bitwise equality of two float arrays (Object.is per entry would also do; bytes make a failure message short). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const x = Buffer.from(Float64Array.from(a).buffer);
  const y = Buffer.from(Float64Array.from(b).buffer);
  return x.equals(y);
}

/** P2 quick settings of FIGURES.md (P2-1L): n = n_k = 200, 150 layers, m = 4, γ = 1/√8, τ₀ = 1, one head. */
function p2Spec(architecture: 'shaped' | 'preLn', overrides: Partial<Spec> = {}): Spec {
  return preset('shaped', {
    architecture, headDim: 200, heads: 1, depth: 150, tokens: 4, branchScale: Math.sqrt(1 / 8), temperature: 1, ...overrides,
  });
}

describe('theory stays tfjs-free while it reads spec/', () => {
  it('no module reachable from src/theory imports tfjs or danfojs (spec/resolve, families, scales, types, validate)', () => {
    const theory = resolvePath(__dirname, '../../src/theory');
    const seen = new Set<string>();
    const external: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)) {
        if (target.startsWith('.')) visit(resolvePath(dirname(file), `${target}.ts`));
        else external.push(`${file}: ${target}`);
      }
    };
    for (const f of readdirSync(theory)) if (f.endsWith('.ts')) visit(join(theory, f));
    expect([...seen].some((f) => f.endsWith('/spec/resolve.ts'))).toBe(true);
    expect(external.filter((e) => /tensorflow|danfojs/.test(e))).toEqual([]);
  });
});

describe('the law of A(0) from a Spec', () => {
  it('reads N and N^{−α_A} from the table and equals the plain form bit for bit (P1-3c: several N, α_A)', () => {
    for (const headDim of [1, 3, 4, 16, 64]) {
      for (const attentionExponent of [0.5, 1]) {
        const spec = preset('p1', { headDim, attentionExponent });
        const table = resolve(spec);
        const fromSpec = new AttentionLogitLaw({ spec });
        const fromTable = new AttentionLogitLaw({ spec: table });
        const plain = new AttentionLogitLaw({ headDim, attentionExponent });
        expect(fromSpec.logitScale).toBe(table.logitScale);
        for (const law of [fromSpec, fromTable]) {
          expect(law.headDim).toBe(headDim);
          expect(law.scale).toBe(plain.scale);
          expect(law.density(0.3)).toBe(plain.density(0.3));
          if (headDim === 4) expect(law.cdf(-0.2)).toBe(plain.cdf(-0.2)); // the CDF table costs ~1 s per law: one N
          expect(sameBits(law.sample(64, 11), plain.sample(64, 11))).toBe(true);
        }
      }
    }
  });

  it('refuses headDim or attentionExponent next to spec, naming the field', () => {
    const spec = preset('p1', {});
    expect(() => new AttentionLogitLaw({ spec, headDim: 4 } as never)).toThrow(/^headDim: unknown option of AttentionLogitLaw/);
    expect(() => new AttentionLogitLaw({ spec: 3 } as never)).toThrow(/^spec: expected a Spec or a ParameterTable .*got 3/);
  });
});

describe('the covariance chain from a Spec', () => {
  it('reads λ, γ, the logit scale and the MLP normaliser the builder reads from the table', () => {
    for (const architecture of ['shaped', 'preLn'] as const) {
      const spec = p2Spec(architecture, { headDim: 37, tokens: 3 });
      const table = resolve(spec);
      const net = resolveNetworkOptions({ spec: table });
      expect(net.logitScale).toBe(table.logitScale);
      expect(net.branchMultiplier).toBe(table.branchMultiplier);
      expect(net.skipMultiplier).toBe(table.skipMultiplier);
      // The table's mlpOut multiplier is √(c/m) with m = n (shapedScaling): the same c, bit for bit.
      const mlpOut = table.rows.find((r) => r.name === 'block1.mlpOut');
      expect(Math.sqrt(net.normaliser / table.width)).toBe(mlpOut?.multiplier);
      expect([net.width, net.keyDim, net.depth, net.tokens]).toEqual([37, 37, 150, 3]);
      expect(net.preNorm).toBe(architecture === 'preLn');
      expect(net.attention).toBe(architecture === 'shaped' ? 'shaped' : 'standard');
    }
  });

  const run = { samples: 12, seed: 5 };
  const plainShaped = { width: 200, depth: 150, tokens: 4, branchWeightSquared: 1 / 8, temperature: 1, shapedReluSlopes: [0, -1] };
  const cases: [string, Parameters<typeof simulateCovarianceChain>[0], Parameters<typeof simulateCovarianceChain>[0]][] = [
    ['shaped, attention only (P2-1L)', { ...plainShaped, attention: 'shaped' }, { spec: p2Spec('shaped'), mlp: false }],
    ['shaped block with the shaped-ReLU MLP', { ...plainShaped, attention: 'shaped', mlp: true }, { spec: p2Spec('shaped') }],
    ['standard softmax, λ/γ residual (P2-1L)', { ...plainShaped, attention: 'standard' }, { spec: p2Spec('preLn'), normalization: 'none', mlp: false }],
    [
      'Pre-LN with the builder’s λ/γ residual and ReLU MLP',
      { ...plainShaped, attention: 'standard', normalization: 'preRms', preNormResidual: 'weighted', mlp: true, activation: 'relu' },
      { spec: p2Spec('preLn') },
    ],
  ];
  for (const [name, plain, fromSpec] of cases) {
    it(`${name}: plain and Spec forms give the same trajectories bit for bit`, () => {
      const a = simulateCovarianceChain({ ...plain, ...run });
      const b = simulateCovarianceChain({ ...fromSpec, ...run });
      const c = simulateCovarianceChain({ ...fromSpec, spec: resolve(fromSpec?.spec as Spec), ...run });
      expect(sameBits(a.covariances, b.covariances)).toBe(true);
      expect(sameBits(b.covariances, c.covariances)).toBe(true);
    });
  }

  it('the brute-force n×n network reads the same table: plain and Spec forms bit-identical (n = 16, 4 layers)', () => {
    const spec = p2Spec('shaped', { headDim: 16, depth: 4 });
    const plain = simulateBruteForceNetwork({ ...plainShaped, width: 16, depth: 4, mlp: true, samples: 3, seed: 9 });
    const fromSpec = simulateBruteForceNetwork({ spec, samples: 3, seed: 9 });
    expect(sameBits(plain.covariances, fromSpec.covariances)).toBe(true);
  });

  it('refuses options the spec holds and networks the chain does not model, naming the field and the value', () => {
    const spec = p2Spec('shaped');
    expect(() => resolveNetworkOptions({ spec, width: 64 })).toThrow(/^width: expected to be absent when spec is given/);
    expect(() => resolveNetworkOptions({ spec, branchWeightSquared: 0.25 })).toThrow(/^branchWeightSquared: expected to be absent/);
    expect(() => resolveNetworkOptions({ spec: p2Spec('shaped', { heads: 2 }) })).toThrow(/^spec.heads: expected 1 .*got 2/);
    expect(() => resolveNetworkOptions({ spec: p2Spec('shaped', { mlpActivation: 'gelu' }) })).toThrow(/^spec.mlpActivation: .*got 'gelu'/);
    expect(() => resolveNetworkOptions({ spec: preset('p1', {}) })).toThrow(/^spec.architecture: expected 'shaped' or 'preLn' .*got 'vit'/);
  });
});

describe('the covariance SDE and the shaped coefficients from a Spec', () => {
  it('P2-conv γ² = ¼ (γ = ½ exactly): SDE paths of the plain and Spec forms are bit-identical, T = L/n by default', () => {
    const spec = p2Spec('shaped', { branchScale: 0.5 });
    for (const model of ['attention', 'block'] as const) {
      const plain = simulateCovarianceSde({
        model, branchWeightSquared: 1 / 4, temperature: 1, shapedReluSlopes: [0, -1], tokens: 4, horizon: 0.75, stepSize: 1 / 800, samples: 8, seed: 2,
      });
      const fromSpec = simulateCovarianceSde({ spec, model, stepSize: 1 / 800, samples: 8, seed: 2 });
      expect(sameBits(plain.covariances, fromSpec.covariances)).toBe(true);
      expect(sameBits(plain.times, fromSpec.times)).toBe(true);
    }
  });

  it('γ = 1/√8: the Spec holds γ, so γ² = b_L² = 1/8 + 1 ulp; the plain form fed that γ² is bit-identical', () => {
    const table = resolve(p2Spec('shaped'));
    const g2 = table.branchMultiplier * table.branchMultiplier;
    expect(Math.abs(g2 - 1 / 8)).toBeLessThanOrEqual(Number.EPSILON / 8); // one ulp of 1/8 is 2⁻⁵⁵ = ε/8 (ε = 2⁻⁵²)
    const plain = simulateCovarianceSde({ model: 'block', branchWeightSquared: g2, shapedReluSlopes: [0, -1], horizon: 0.75, samples: 8, seed: 4 });
    const fromSpec = simulateCovarianceSde({ spec: table, samples: 8, seed: 4 });
    expect(fromSpec.parameters.branchWeightSquared).toBe(g2);
    expect(sameBits(plain.covariances, fromSpec.covariances)).toBe(true);
  });

  it('drift, diffusion and two-token coefficients read γ², τ₀, c± from the spec', () => {
    const spec = p2Spec('shaped', { branchScale: 0.25, temperature: 0.5, shapedReluSlopes: [0.5, -2] });
    const plain = { branchWeightSquared: 1 / 16, temperature: 0.5, shapedReluSlopes: [0.5, -2] };
    const v = [1, 0.3, 0.1, 0.3, 1.2, 0.2, 0.1, 0.2, 0.9];
    expect(sameBits(shapedDrift(v, 3, 'block', { spec }), shapedDrift(v, 3, 'block', plain))).toBe(true);
    expect(sameBits(shapedDiffusion(v, 3, 'block', { spec }), shapedDiffusion(v, 3, 'block', plain))).toBe(true);
    expect(twoTokenCorrelationCoefficients(0.4, 'block', { spec })).toEqual(twoTokenCorrelationCoefficients(0.4, 'block', plain));
    expect(() => shapedDrift(v, 3, 'block', { spec, temperature: 2 })).toThrow(/^temperature: expected to be absent when spec is given/);
    expect(() => shapedDrift(v, 3, 'block', { spec: p2Spec('preLn') })).toThrow(/^spec.architecture: expected 'shaped' .*got 'preLn'/);
  });
});
