/**
 * Laws of the attention logits at initialization (THEORY.md §2.8 items 3–5), by Monte Carlo over seeds, heads and
 * layers of the real networks. One (s, s′) pair per head: given the stream u, the logit of one head is
 * A = q·k/N^{α_A} with q, k independent N(0, ½I_N) (ViT) whatever u is, so samples from different heads, layers and
 * seeds are i.i.d.; samples for different (s, s′) of one head would be dependent, so they are not pooled.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLine } from '../../src/analysis/fit';
import { variance } from '../../src/analysis/statistics';
import { initBackend } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { preset } from '../../src/spec/presets';
import type { Spec } from '../../src/spec/types';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A^a_{s s′}(0) for one input, one (s, s′), every head a and block ℓ, pooled over `seeds` networks. */
function logitSamples(spec: Spec, seeds: number, s: number, t: number, seedBase: number): Float64Array {
  const out = new Float64Array(seeds * spec.heads * spec.depth);
  const tokensIn = spec.architecture === 'causalLm';
  const input = tokensIn
    ? tf.tensor2d([Array.from({ length: spec.tokens }, (_, i) => (7 * i + 3) % spec.inputDim)], [1, spec.tokens], 'int32')
    : tf.randomNormal([1, spec.tokens, spec.inputDim], 0, 1, 'float32', 11);
  let k = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const model = buildModel(spec, seedBase + seed);
    const r = model.forward(input, { internals: true });
    for (const logits of r.internals!.logits) {
      const a = logits.arraySync() as number[][][][];
      for (let h = 0; h < spec.heads; h++) out[k++] = a[0][h][s][t];
    }
    tf.dispose(r as never);
    model.dispose();
  }
  input.dispose();
  return out;
}

describe('Var A(0) = N^{1−2α_A}/4 for the P1 ViT (LayerNorm-ed attention inputs)', () => {
  for (const alpha of [1, 0.5]) {
    it(`α_A = ${alpha}: every N within 4 SE and the log-log slope 1 − 2α_A within 4 SE`, () => {
      const Ns = [4, 8, 16, 32];
      const seeds = 64;
      const logVar: number[] = [];
      const logSE: number[] = [];
      for (const N of Ns) {
        // centred: false skips the frozen forward pass (f_θ₀ is irrelevant to the logits).
        const spec = preset('p1', { headDim: N, heads: 4, depth: 4, tokens: 4, inputDim: 12, attentionExponent: alpha, centred: false });
        const x = logitSamples(spec, seeds, 1, 2, alpha === 1 ? 1000 : 2000);
        const M = x.length; // 64 seeds × 4 heads × 4 layers = 1024 i.i.d. samples
        const expected = N ** (1 - 2 * alpha) / 4;
        // Sample variance of M i.i.d. values with excess kurtosis κ: Var(s²) ≈ σ⁴(2 + κ)/M. For A = Σ_{i≤N} q_i k_i
        // with q_i, k_i i.i.d. N(0, ½): E(q k)⁴ = 9/16, so κ = 6/N and SE(s²) = σ²√((2 + 6/N)/M).
        const se = expected * Math.sqrt((2 + 6 / N) / M);
        const v = variance(x);
        expect(Math.abs(v - expected)).toBeLessThan(4 * se);
        logVar.push(Math.log(v));
        logSE.push(se / expected); // SE of log s² ≈ SE(s²)/σ²
      }
      const xs = Ns.map(Math.log);
      const fit = fitLine(xs, logVar);
      // OLS slope = Σ(x_i − x̄)y_i/Sxx with independent y_i of SE σ_i: SE = √(Σ(x_i − x̄)²σ_i²)/Sxx.
      const xbar = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sxx = xs.reduce((a, b) => a + (b - xbar) ** 2, 0);
      const slopeSE = Math.sqrt(xs.reduce((a, b, i) => a + (b - xbar) ** 2 * logSE[i] ** 2, 0)) / sxx;
      console.log(`Var A(0), α_A = ${alpha}: slope ${fit.slope.toFixed(3)} ± ${slopeSE.toFixed(3)} (theory ${1 - 2 * alpha})`);
      expect(Math.abs(fit.slope - (1 - 2 * alpha))).toBeLessThan(4 * slopeSE);
    });
  }
});

describe('LM with QK-LayerNorm: Var A(0) = N^{2−2α_A}/(N−1) (THEORY.md §2.8 item 5)', () => {
  for (const alpha of [1, 0.5]) {
    it(`α_A = ${alpha}, N ∈ {4, 16}: within 4 SE, and |A| ≤ N^{1−α_A}`, () => {
      for (const N of [4, 16]) {
        const spec = preset('p1', { architecture: 'causalLm', headDim: N, heads: 8, depth: 2, tokens: 6, attentionExponent: alpha, centred: false });
        const x = logitSamples(spec, 48, 4, 1, alpha === 1 ? 3000 : 4000);
        const M = x.length; // 48 seeds × 8 heads × 2 layers = 768
        const expected = N ** (2 - 2 * alpha) / (N - 1);
        // A = N^{1−α_A} cos θ with θ the angle of two independent uniform directions in d = N − 1 dimensions:
        // E cos⁴ = 3/(d(d+2)), so the excess kurtosis is 3d/(d+2) − 3 = −6/(N+1) and SE(s²) = σ²√((2 − 6/(N+1))/M).
        const se = expected * Math.sqrt((2 - 6 / (N + 1)) / M);
        const v = variance(x);
        console.log(`LM QK-LN N=${N} α_A=${alpha}: Var ${v.toFixed(4)} vs ${expected.toFixed(4)} ± ${se.toFixed(4)}`);
        expect(Math.abs(v - expected)).toBeLessThan(4 * se);
        const bound = N ** (1 - alpha) * (1 + 1e-5); // float32 round-off of the LN'd dot product
        for (const a of x) expect(Math.abs(a)).toBeLessThanOrEqual(bound);
      }
    });
  }
});
