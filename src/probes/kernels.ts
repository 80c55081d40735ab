/**
 * Residual-stream kernels (THEORY.md §3.2–3.4; FIGURES.md "Kernels"), computed in float64 from a stream
 * h ∈ ℝ^{B×S×n} (B probe inputs, S tokens, n = N·H) or from pooled features h̄ ∈ ℝ^{B×n}.
 */
import type * as tf from '@tensorflow/tfjs';
import { toArrayTensor, type ArrayTensor } from './read';

function streamShape(x: ArrayTensor, what: string): [number, number, number] {
  if (x.shape.length === 3) return [x.shape[0], x.shape[1], x.shape[2]];
  if (x.shape.length === 2) return [x.shape[0], 1, x.shape[1]];
  throw new Error(`${what}: expected a stream [batch, tokens, width] or features [batch, width], got shape [${x.shape}]`);
}

/**
 * Pooled kernel Φ(x, x′) = (1/n) h̄(x)·h̄(x′), h̄ = (1/S) Σ_s h_s the token mean (FIGURES.md "Kernels"; THEORY.md §3.2).
 * Accepts [B, S, n] or already pooled [B, n]; returns the B×B matrix row-major.
 */
export function pooledKernel(stream: tf.Tensor | ArrayTensor): Float64Array {
  const x = toArrayTensor(stream);
  const [batch, tokens, width] = streamShape(x, 'pooledKernel');
  const h = x.values;
  const pooled = new Float64Array(batch * width);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < tokens; s++) {
      const base = (b * tokens + s) * width;
      for (let i = 0; i < width; i++) pooled[b * width + i] += h[base + i] / tokens;
    }
  }
  const out = new Float64Array(batch * batch);
  for (let a = 0; a < batch; a++) {
    for (let b = a; b < batch; b++) {
      let dot = 0;
      for (let i = 0; i < width; i++) dot += pooled[a * width + i] * pooled[b * width + i];
      out[a * batch + b] = dot / width;
      out[b * batch + a] = dot / width;
    }
  }
  return out;
}

/**
 * Spatial (token-pair) kernel Φ_{ss′} = (1/n) h_s(x)·h_{s′}(x) of one probe input x = stream[input]
 * (THEORY.md §3.4, equal-time spatial kernel); returns the S×S matrix row-major.
 */
export function spatialKernel(stream: tf.Tensor | ArrayTensor, input = 0): Float64Array {
  const x = toArrayTensor(stream);
  const [batch, tokens, width] = streamShape(x, 'spatialKernel');
  if (!Number.isInteger(input) || input < 0 || input >= batch) {
    throw new Error(`spatialKernel: input must be an integer in [0, ${batch - 1}], got ${input}`);
  }
  const h = x.values;
  const out = new Float64Array(tokens * tokens);
  const base = input * tokens * width;
  for (let s = 0; s < tokens; s++) {
    for (let r = s; r < tokens; r++) {
      let dot = 0;
      for (let i = 0; i < width; i++) dot += h[base + s * width + i] * h[base + r * width + i];
      out[s * tokens + r] = dot / width;
      out[r * tokens + s] = dot / width;
    }
  }
  return out;
}

/**
 * Token-level kernel Φ(x, x′) = (1/(S n)) Σ_s h_s(x)·h_s(x′) (THEORY.md §3.3, the depth-gap kernel); B×B row-major.
 */
export function tokenKernel(stream: tf.Tensor | ArrayTensor): Float64Array {
  const x = toArrayTensor(stream);
  const [batch, tokens, width] = streamShape(x, 'tokenKernel');
  const h = x.values;
  const out = new Float64Array(batch * batch);
  const row = tokens * width;
  for (let a = 0; a < batch; a++) {
    for (let b = a; b < batch; b++) {
      let dot = 0;
      for (let i = 0; i < row; i++) dot += h[a * row + i] * h[b * row + i];
      out[a * batch + b] = dot / row;
      out[b * batch + a] = dot / row;
    }
  }
  return out;
}

/** Kernel distance d(K₁, K₂) = ‖K₁ − K₂‖_F / ‖K₂‖_F (FIGURES.md "Kernels"). */
export function kernelDistance(kernel: Float64Array, reference: Float64Array): number {
  if (kernel.length !== reference.length) {
    throw new Error(`kernelDistance: kernels differ in size (${kernel.length} vs ${reference.length})`);
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < kernel.length; i++) {
    const d = kernel[i] - reference[i];
    num += d * d;
    den += reference[i] * reference[i];
  }
  return Math.sqrt(num / den);
}
