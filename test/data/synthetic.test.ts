import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/analysis/statistics';
import { gaussianMixtureTask, inContextRegressionTask } from '../../src/data/synthetic-vectors';
import { copyTask, inductionTask, markovChainTask } from '../../src/data/synthetic-sequences';

function meanAndSE(x: ArrayLike<number>): { mean: number; se: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return { mean: m, se: Math.sqrt(s / (x.length - 1) / x.length) };
}

describe('Markov chain: entropy rate vs the true model’s empirical cross-entropy', () => {
  it('matches within 4 standard errors over independent chains', () => {
    const task = markovChainTask({ states: 8, length: 50, concentration: 0.5, seed: 11 });
    const K = 8;
    for (let i = 0; i < K; i++) {
      let row = 0;
      let flow = 0;
      for (let j = 0; j < K; j++) {
        row += task.transition[i * K + j];
        flow += task.stationary[j] * task.transition[j * K + i];
      }
      expect(row).toBeCloseTo(1, 12);
      expect(flow).toBeCloseTo(task.stationary[i], 12); // πP = π
    }
    // 600 independent chains started from π: each chain's mean loss has expectation H exactly (stationary at every
    // step); the chain means are i.i.d., so their sample SE gives the tolerance. 4 SE: false alarm ≈ 6e-5.
    const batch = task.batch(0, 600);
    const perChain = new Float64Array(600);
    for (let b = 0; b < 600; b++) {
      let s = 0;
      for (let t = 0; t < 50; t++) s -= Math.log(task.transition[batch.inputs[b * 50 + t] * K + batch.targets[b * 50 + t]]);
      perChain[b] = s / 50;
    }
    const { mean, se } = meanAndSE(perChain);
    console.log(`markov: H = ${task.entropyRate.toFixed(4)} nats, empirical ${mean.toFixed(4)} ± ${se.toFixed(4)}, log K = ${Math.log(K).toFixed(4)}`);
    expect(se).toBeLessThan(0.02); // power: an error in H larger than 0.08 nats would fail
    expect(Math.abs(mean - task.entropyRate)).toBeLessThan(4 * se);
    expect(task.modelLoss(batch)).toBeCloseTo(mean, 12);
    expect(task.entropyRate).toBeLessThan(Math.log(K));
    expect(task.optimalLoss).toBe(task.entropyRate);
  });
});

describe('Gaussian mixture classification', () => {
  it('two classes: the Bayes error matches Φ(−‖μ₁ − μ₀‖/(2σ))', () => {
    const task = gaussianMixtureTask({ classes: 2, tokens: 4, features: 8, noise: 1, separation: 2, seed: 3 });
    const size = 32;
    let dist = 0;
    for (let j = 0; j < size; j++) dist += (task.means[j] - task.means[size + j]) ** 2;
    const p = normalCdf(-Math.sqrt(dist) / 2);
    const n = 20000;
    const batch = task.batch(0, n);
    const lp = task.logPosterior(batch);
    let errors = 0;
    for (let i = 0; i < n; i++) if ((lp[2 * i + 1] > lp[2 * i] ? 1 : 0) !== batch.labels[i]) errors++;
    // errors ~ Binomial(n, p): sd √(n p (1 − p)); accept 4 sd
    console.log(`mixture: Bayes error ${(errors / n).toFixed(4)} vs Φ formula ${p.toFixed(4)}`);
    expect(Math.abs(errors - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
  });
  it('the Bayes posterior beats tempered posteriors (paired, > 4 SE)', () => {
    const task = gaussianMixtureTask({ classes: 5, tokens: 4, features: 4, noise: 1, separation: 2.5, seed: 4 });
    const batch = task.batch(1, 5000);
    const lp = task.logPosterior(batch);
    for (const tau of [0.6, 1.6]) {
      const diff = new Float64Array(batch.batchSize);
      for (let i = 0; i < batch.batchSize; i++) {
        let max = -Infinity;
        for (let c = 0; c < 5; c++) max = Math.max(max, tau * lp[i * 5 + c]);
        let z = 0;
        for (let c = 0; c < 5; c++) z += Math.exp(tau * lp[i * 5 + c] - max);
        const tempered = tau * lp[i * 5 + batch.labels[i]] - max - Math.log(z);
        diff[i] = -tempered + lp[i * 5 + batch.labels[i]]; // tempered loss − Bayes loss
      }
      const { mean, se } = meanAndSE(diff);
      expect(mean).toBeGreaterThan(4 * se);
    }
    expect(task.bayesLoss(batch)).toBeLessThan(Math.log(5));
  });
});

describe('in-context linear regression', () => {
  it('the Bayes predictor’s squared error matches its predictive variance σ² + x_qᵀΣx_q/d', () => {
    const task = inContextRegressionTask({ dim: 4, points: 8, noise: 0.5, seed: 9 });
    const batch = task.batch(0, 4000);
    const { prediction, variance } = task.bayesPrediction(batch);
    const diff = new Float64Array(batch.batchSize);
    let mse = 0;
    let mv = 0;
    for (let i = 0; i < batch.batchSize; i++) {
      const e = (batch.targets[i] - prediction[i]) ** 2;
      diff[i] = e - variance[i];
      mse += e / batch.batchSize;
      mv += variance[i] / batch.batchSize;
    }
    // E[(y − ŷ)² − v] = 0 exactly under the model; i.i.d. sequences → 4 SE of the paired difference
    const { mean, se } = meanAndSE(diff);
    console.log(`regression: Bayes MSE ${mse.toFixed(4)}, predicted ${mv.toFixed(4)}, Var(y) = ${(1 + 0.25).toFixed(4)}`);
    expect(Math.abs(mean)).toBeLessThan(4 * se);
    expect(se).toBeLessThan(0.02);
    expect(mv).toBeLessThan(1.25 - 0.2); // context helps: well below the prior predictive variance 1 + σ²
    expect(batch.inputs.length).toBe(4000 * 9 * 5);
  });
});

describe('copy and induction tasks', () => {
  it('copy: every masked target equals the input n positions back (optimal loss 0 is reachable)', () => {
    const task = copyTask({ symbols: 10, span: 6, seed: 1 });
    const b = task.batch(3, 50);
    expect(task.vocabSize).toBe(11);
    let masked = 0;
    for (let s = 0; s < 50; s++) for (let t = 0; t < 12; t++) {
      const i = s * 12 + t;
      if (b.mask[i] === 0) continue;
      masked++;
      expect(b.targets[i]).toBe(b.inputs[s * 12 + t - 6]);
    }
    expect(masked).toBe(50 * 6);
    expect(b.inputs[6]).toBe(10); // separator
    expect(task.batch(3, 50).inputs).toEqual(b.inputs);
  });
  it('induction: the trigger occurs once before the end and the target follows it', () => {
    const task = inductionTask({ symbols: 16, length: 20, seed: 2 });
    const b = task.batch(0, 200);
    for (let s = 0; s < 200; s++) {
      const row = Array.from(b.inputs.subarray(s * 20, s * 20 + 20));
      const trigger = row[19];
      const earlier = row.slice(0, 19).flatMap((v, i) => (v === trigger ? [i] : []));
      expect(earlier).toHaveLength(1);
      expect(b.targets[s * 20 + 19]).toBe(row[earlier[0] + 1]);
      expect(b.mask[s * 20 + 19]).toBe(1);
      expect(b.mask[s * 20 + 18]).toBe(0);
    }
  });
});

describe('random-access streams', () => {
  it('depend only on (seed, indices), not on call order, and differ across indices', async () => {
    const { streamRandom, streamSeed } = await import('../../src/data/streams');
    const a = streamRandom(5, 3).uniform();
    streamRandom(5, 4).uniform();
    expect(streamRandom(5, 3).uniform()).toBe(a);
    const seeds = new Set<number>();
    for (let s = 0; s < 50; s++) for (let i = 0; i < 200; i++) seeds.add(streamSeed(s, i));
    // 10 000 values in 2³¹: expected collisions 10⁸/2³² ≈ 0.02, so allow at most 2
    expect(seeds.size).toBeGreaterThanOrEqual(9998);
    expect(streamSeed(5, 4097)).not.toBe(streamSeed(5, 1)); // unlike Random.fork's index mod 4096
  });
});
