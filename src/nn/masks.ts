/**
 * Constant [S, S] matrices used by attention, cached per (backend, S): the additive causal mask (0 on s′ ≤ s,
 * −10⁹ above the diagonal, so exp gives exactly 0) and I − U for shaped attention, with U the zero-logit softmax
 * (uniform 11ᵀ/S, or under a causal mask the lower-triangular matrix whose row s has 1/s on its first s entries),
 * THEORY.md §6.2 and §7 (shaped attention, practical variant).
 */
import * as tf from '@tensorflow/tfjs';

const cache = new Map<string, tf.Tensor2D>();

function cached(key: string, make: () => Float32Array, S: number): tf.Tensor2D {
  const k = `${tf.getBackend()}:${key}:${S}`;
  let t = cache.get(k);
  if (t === undefined || t.isDisposed) {
    t = tf.keep(tf.tensor2d(make(), [S, S]));
    cache.set(k, t);
  }
  return t;
}

/** Additive causal mask M with M_{ss′} = 0 for s′ ≤ s and −10⁹ otherwise. */
export function causalMask(S: number): tf.Tensor2D {
  return cached('causal', () => {
    const m = new Float32Array(S * S);
    for (let s = 0; s < S; s++) for (let t = s + 1; t < S; t++) m[s * S + t] = -1e9;
    return m;
  }, S);
}

/** U: uniform 1/S everywhere, or (causal) 1/(s+1) on entries s′ ≤ s of row s (0-based). */
export function uniformAttention(S: number, causal: boolean): Float32Array {
  const u = new Float32Array(S * S);
  for (let s = 0; s < S; s++) {
    const count = causal ? s + 1 : S;
    for (let t = 0; t < count; t++) u[s * S + t] = 1 / count;
  }
  return u;
}

/** I − U, the constant part of shaped attention A = I + softmax(logits/τ) − U. */
export function shapedOffset(S: number, causal: boolean): tf.Tensor2D {
  return cached(causal ? 'shapedCausal' : 'shaped', () => {
    const u = uniformAttention(S, causal);
    for (let i = 0; i < u.length; i++) u[i] = -u[i];
    for (let s = 0; s < S; s++) u[s * S + s] += 1;
    return u;
  }, S);
}
