/**
 * Synthetic token-sequence tasks with known optimal losses (next-token prediction; `mask` marks where the loss
 * counts). Batch `step` is drawn from streamRandom(seed, step + 1); stream 0 draws fixed task parameters.
 *  - copyTask: x₁…x_n (uniform over V symbols), a separator, then x₁…x_n again. Optimal loss on the copied half
 *    (the masked positions) is 0; a predictor without memory pays log V per token.
 *  - inductionTask: a uniform sequence with a trigger A that occurs exactly once at position p < T−2 and again at
 *    the last position; the masked target is x_{p+1}, which an induction head copies: optimal loss 0
 *    (vs log(V−1) for the best unigram guess).
 *  - markovChainTask: K states, transition rows P_i ~ Dirichlet(α, …, α), x₀ ~ π (stationary). Optimal loss per
 *    step = entropy rate H = −Σᵢ πᵢ Σⱼ Pᵢⱼ log Pᵢⱼ (nats), reached by the true model at every position (each
 *    target x_{t+1} is predicted from x_t, and x_t ~ π at every t).
 */
import { streamRandom } from './streams';

export interface TokenTaskBatch {
  /** batchSize·length input ids. */
  inputs: Int32Array;
  /** batchSize·length next-token targets. */
  targets: Int32Array;
  /** batchSize·length: 1 where the loss counts, else 0. */
  mask: Float32Array;
  batchSize: number;
  length: number;
}

export interface TokenTask {
  /** Ids are 0 … vocabSize−1. */
  vocabSize: number;
  /** Sequence length of inputs and targets. */
  length: number;
  /** The optimal mean loss (nats) over masked positions. */
  optimalLoss: number;
  batch(step: number, batchSize: number): TokenTaskBatch;
}

function positiveInteger(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer ≥ ${min}, got ${value}`);
}

function fromSequences(seqs: Int32Array[], length: number, maskFrom: (t: number) => boolean): TokenTaskBatch {
  const B = seqs.length;
  const inputs = new Int32Array(B * length);
  const targets = new Int32Array(B * length);
  const mask = new Float32Array(B * length);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < length; t++) {
      inputs[b * length + t] = seqs[b][t];
      targets[b * length + t] = seqs[b][t + 1];
      mask[b * length + t] = maskFrom(t) ? 1 : 0;
    }
  }
  return { inputs, targets, mask, batchSize: B, length };
}

/** Copy: ids 0 … V−1 are symbols, id V the separator; inputs/targets have length 2n. */
export function copyTask(options: { symbols: number; span: number; seed: number }): TokenTask {
  const { symbols: V, span: n, seed } = options;
  positiveInteger('symbols', V, 2);
  positiveInteger('span', n);
  return {
    vocabSize: V + 1,
    length: 2 * n,
    optimalLoss: 0,
    batch(step, batchSize) {
      positiveInteger('batchSize', batchSize);
      const rng = streamRandom(seed, step + 1);
      const seqs = Array.from({ length: batchSize }, () => {
        const s = new Int32Array(2 * n + 1);
        for (let i = 0; i < n; i++) s[i] = s[n + 1 + i] = rng.integer(V);
        s[n] = V;
        return s;
      });
      return fromSequences(seqs, 2 * n, (t) => t >= n); // targets x₁…x_n predicted from the separator on
    },
  };
}

/** Induction: length T inputs over V ≥ 3 symbols; only the last position is masked. */
export function inductionTask(options: { symbols: number; length: number; seed: number }): TokenTask {
  const { symbols: V, length: T, seed } = options;
  positiveInteger('symbols', V, 3);
  positiveInteger('length', T, 4);
  return {
    vocabSize: V,
    length: T,
    optimalLoss: 0,
    batch(step, batchSize) {
      positiveInteger('batchSize', batchSize);
      const rng = streamRandom(seed, step + 1);
      const seqs = Array.from({ length: batchSize }, () => {
        const s = new Int32Array(T + 1);
        const trigger = rng.integer(V);
        for (let i = 0; i <= T; i++) {
          const r = rng.integer(V - 1);
          s[i] = r >= trigger ? r + 1 : r; // any symbol but the trigger
        }
        const p = rng.integer(T - 2); // 0 … T−3: x_{p+1} lies before the last input
        s[p] = trigger;
        s[T - 1] = trigger;
        s[T] = s[p + 1];
        return s;
      });
      return fromSequences(seqs, T, (t) => t === T - 1);
    },
  };
}

export interface MarkovChainTask extends TokenTask {
  /** K×K row-stochastic transition matrix. */
  transition: Float64Array;
  /** Stationary distribution π (πP = π). */
  stationary: Float64Array;
  /** H = −Σᵢ πᵢ Σⱼ Pᵢⱼ log Pᵢⱼ in nats. */
  entropyRate: number;
  /** Mean −log P(target | input) of the true model over a batch's masked positions. */
  modelLoss(batch: TokenTaskBatch): number;
}

/** Stationary distribution of a row-stochastic matrix by power iteration (to 1e-14 in ℓ₁). */
export function stationaryDistribution(p: Float64Array, states: number): Float64Array {
  let pi = new Float64Array(states).fill(1 / states);
  for (let it = 0; it < 100000; it++) {
    const next = new Float64Array(states);
    for (let i = 0; i < states; i++) for (let j = 0; j < states; j++) next[j] += pi[i] * p[i * states + j];
    let diff = 0;
    for (let j = 0; j < states; j++) diff += Math.abs(next[j] - pi[j]);
    pi = next;
    if (diff < 1e-14) break;
  }
  return pi;
}

/** Markov chain sequences with known entropy rate (see the file comment). */
export function markovChainTask(options: { states: number; length: number; concentration?: number; seed: number }): MarkovChainTask {
  const { states: K, length: T, seed } = options;
  positiveInteger('states', K, 2);
  positiveInteger('length', T, 1);
  const alpha = options.concentration ?? 0.5;
  if (!(alpha > 0)) throw new Error(`concentration: expected a positive number, got ${alpha}`);
  const rng0 = streamRandom(seed, 0);
  const transition = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += transition[i * K + j] = Math.max(rng0.gamma(alpha), 1e-300);
    for (let j = 0; j < K; j++) transition[i * K + j] /= s;
  }
  const stationary = stationaryDistribution(transition, K);
  let entropyRate = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) {
    const q = transition[i * K + j];
    if (q > 0) entropyRate -= stationary[i] * q * Math.log(q);
  }
  const cumulative = (row: Float64Array, offset: number, u: number) => {
    let acc = 0;
    for (let j = 0; j < K; j++) {
      acc += row[offset + j];
      if (u < acc) return j;
    }
    return K - 1;
  };
  return {
    vocabSize: K,
    length: T,
    optimalLoss: entropyRate,
    transition,
    stationary,
    entropyRate,
    batch(step, batchSize) {
      positiveInteger('batchSize', batchSize);
      const rng = streamRandom(seed, step + 1);
      const seqs = Array.from({ length: batchSize }, () => {
        const s = new Int32Array(T + 1);
        s[0] = cumulative(stationary, 0, rng.uniform());
        for (let t = 1; t <= T; t++) s[t] = cumulative(transition, s[t - 1] * K, rng.uniform());
        return s;
      });
      return fromSequences(seqs, T, () => true);
    },
    modelLoss(b) {
      let s = 0;
      let n = 0;
      for (let i = 0; i < b.inputs.length; i++) {
        if (b.mask[i] === 0) continue;
        s -= Math.log(transition[b.inputs[i] * K + b.targets[i]]);
        n++;
      }
      return s / n;
    },
  };
}
