/**
 * Switching the native kernels (native-kernels.ts) on and off, and the ops the model code calls when they are on.
 * initBackend turns them on for the wasm backend when the addon is built (TL_NATIVE=0 keeps tfjs's own kernels).
 * Each op's gradient is registered with tfjs (tf.registerGradient), so the ops compose with autodiff like tfjs's own.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAddon, nativeAddonProblem } from './native-addon';
import { nativeKernelTable, type NativeAttentionAttrs } from './native-kernels';

let enabled = false;
/** tfjs's own wasm kernels that enableNativeKernels replaces, restored by disableNativeKernels. */
const originals = new Map<string, tf.KernelConfig>();
let gradientsRegistered = false;

type Saved = tf.Tensor[];

function run(name: string, inputs: Record<string, tf.Tensor>, attrs: object = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap);
  return Array.isArray(out) ? (out as tf.Tensor[]) : [out as tf.Tensor];
}

/** Scalar multiple αx (no kernel when α = 1). */
function scale(x: tf.Tensor, alpha: number): tf.Tensor {
  return alpha === 1 ? x : run('TLAxpby', { x }, { alpha, beta: 0 })[0];
}

function registerGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  tf.registerGradient({
    kernelName: 'TLScaledMatMul',
    inputsToSave: ['x', 'w'],
    gradFunc: (dy, saved: Saved, attrs) => {
      const [x, w] = saved;
      const { alpha, transposeX, transposeW } = attrs as unknown as { alpha: number; transposeX: boolean; transposeW: boolean };
      if (transposeX || transposeW) throw new Error('scaledDense: the gradient of a transposed product is not implemented');
      const g = dy as tf.Tensor;
      return {
        x: () => run('TLScaledMatMul', { x: g, w }, { alpha, transposeX: false, transposeW: true })[0],
        w: () => run('TLScaledMatMul', { x, w: g.reshape([-1, g.shape[g.rank - 1]]) }, { alpha, transposeX: true, transposeW: false })[0],
      };
    },
  });
  tf.registerGradient({
    kernelName: 'TLLayerNorm',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved, attrs) => ({ x: () => run('TLLayerNormGrad', { dy: dy as tf.Tensor, x: saved[0] }, attrs)[0] }),
  });
  tf.registerGradient({
    kernelName: 'TLGelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved: Saved) => ({ x: () => run('TLGeluGrad', { dy: dy as tf.Tensor, x: saved[0] })[0] }),
  });
  tf.registerGradient({
    kernelName: 'TLAxpby',
    gradFunc: (dy, _saved, attrs) => {
      const { alpha, beta } = attrs as unknown as { alpha: number; beta: number };
      return { x: () => scale(dy as tf.Tensor, alpha), z: () => scale(dy as tf.Tensor, beta) };
    },
  });
  tf.registerGradient({
    kernelName: 'TLCrossEntropy',
    inputsToSave: ['z', 'targets'],
    gradFunc: (dy, saved: Saved) => ({
      z: () => run('TLCrossEntropyGrad', { dy: dy as tf.Tensor, z: saved[0], targets: saved[1] })[0],
      targets: () => tf.zerosLike(saved[1]),
    }),
  });
  tf.registerGradient({
    kernelName: 'TLAttention',
    inputsToSave: ['v'],
    outputsToSave: [false, true, true, true, true, true],
    gradFunc: (dys, saved: Saved, attrs) => {
      const [v, P, qhat, khat, rq, rk] = saved;
      // One kernel gives all three; computed here, outside the per-input tidy scopes of the tape, so none is freed early.
      const [dq, dk, dv] = run('TLAttentionGrad', { dy: (dys as tf.Tensor[])[0], qhat, khat, v, P, rq, rk }, attrs);
      return { q: () => dq, k: () => dk, v: () => dv };
    },
  });
}

/**
 * Registers the native kernels on the wasm backend (replacing tfjs's BatchMatMul) and returns true; returns false,
 * changing nothing, when the active backend is not wasm or the addon is not built (nativeKernelsProblem() says why).
 * OpenBLAS runs with `blasThreads` threads (1: one core per process, as the per-core benchmarks and sweeps assume).
 */
export function enableNativeKernels(blasThreads = 1): boolean {
  if (!Number.isInteger(blasThreads) || blasThreads < 1) throw new Error(`blasThreads: expected an integer ≥ 1, got ${blasThreads}`);
  if (tf.getBackend() !== 'wasm') return false;
  const addon = nativeAddon();
  if (addon === null) return false;
  requestedThreads = blasThreads;
  applyBlasThreads();
  if (enabled) return true;
  for (const [kernelName, kernelFunc] of Object.entries(nativeKernelTable(addon))) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing !== undefined && !kernelName.startsWith('TL') && !originals.has(kernelName)) originals.set(kernelName, existing);
    if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  registerGradients();
  enabled = true;
  return true;
}

let requestedThreads = 1;
let holds = 0;

/** OpenBLAS's thread count is one per process (shared by its worker threads): 1 while a sweep pool holds it. */
function applyBlasThreads(): void {
  nativeAddon()?.setBlasThreads(holds > 0 ? 1 : requestedThreads);
}

/**
 * Keeps OpenBLAS at one thread while a sweep pool runs its workers in this process (src/sweep/pool.ts), whatever the
 * main thread asked for; returns the release, after which the main thread's count applies again.
 */
export function holdOneBlasThread(): () => void {
  holds++;
  if (enabled) applyBlasThreads();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    if (enabled) applyBlasThreads();
  };
}

/** The OpenBLAS thread count the native kernels run with now (1 while a sweep pool holds it). */
export function blasThreads(): number {
  return holds > 0 ? 1 : requestedThreads;
}

/** Restores tfjs's own wasm kernels (BatchMatMul, Identity); the model code goes back to composed tfjs ops. */
export function disableNativeKernels(): void {
  if (!enabled) return;
  enabled = false;
  for (const [kernelName, config] of originals) {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

/** Whether the native kernels are on and the wasm backend active (the model code then uses the ops below). */
export function nativeKernelsActive(): boolean {
  return enabled && tf.getBackend() === 'wasm';
}

/** Why the native kernels cannot be used here ('' when they can). */
export function nativeKernelsProblem(): string {
  if (tf.getBackend() !== 'wasm') return `the native kernels run on the wasm backend, not '${tf.getBackend()}'`;
  return nativeAddon() === null ? nativeAddonProblem() : '';
}

/** y = α·x·W for x [..., K] and W [K, N] (THEORY.md §2.5: a weight scaled by its multiplier every time it is used). */
export function nativeScaledDense(x: tf.Tensor, w: tf.Tensor2D, alpha: number): tf.Tensor {
  return run('TLScaledMatMul', { x, w }, { alpha, transposeX: false, transposeW: false })[0];
}

/** LN(x) = (x − x̄)/√(var(x) + eps) over the last axis (THEORY.md §2.1). */
export function nativeLayerNorm<T extends tf.Tensor>(x: T, eps: number): T {
  return run('TLLayerNorm', { x }, { eps })[0] as T;
}

/** tanh-GELU x·σ(2√(2/π)(x + 0.044715x³)) (THEORY.md §2.1). */
export function nativeGelu<T extends tf.Tensor>(x: T): T {
  return run('TLGelu', { x })[0] as T;
}

/** αx + βz (THEORY.md §2.2 residual update with α = λ, β = b_L). */
export function nativeAxpby<T extends tf.Tensor>(x: T, z: tf.Tensor, alpha: number, beta: number): T {
  return run('TLAxpby', { x, z }, { alpha, beta })[0] as T;
}

/**
 * Multi-head attention core o = σ·v per head on q, k, v [batch, S, heads·headDim] (THEORY.md §2.2 step 4, §2.4,
 * §6.2): σ = softmax(scale·q̂k̂ᵀ) (causal: over s′ ≤ s), plus I − U when shaped; q̂, k̂ are QK-LayerNormed if asked.
 */
export function nativeAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, attrs: NativeAttentionAttrs): tf.Tensor3D {
  const [o, ...rest] = run('TLAttention', { q, k, v }, attrs);
  for (const t of rest) t.dispose();
  return o as tf.Tensor3D;
}

/** Mean softmax cross-entropy of outputs z [..., C] against integer targets [...] (THEORY.md §2.2 step 7). */
export function nativeCrossEntropy(z: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return run('TLCrossEntropy', { z, targets: targets.dtype === 'int32' ? targets : targets.toInt() })[0] as tf.Scalar;
}

/** Adam/AdamW state and parameter after one update (train/optimizers.ts gives the equations). */
export function nativeAdam(
  theta: tf.Tensor,
  m: tf.Tensor,
  u: tf.Tensor,
  g: tf.Tensor,
  settings: { beta1: number; beta2: number; correction1: number; correction2: number; epsilon: number; eta: number; decay: number },
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [theta2, m2, u2] = run('TLAdam', { theta, m, u, g }, settings);
  return [theta2, m2, u2];
}
