/**
 * Loading the optional native kernels (native/tl-kernels.c, built by scripts/build-native.sh into
 * native/build/tl-kernels.node). Every function takes the wasm heap of tfjs-backend-wasm and byte offsets into it;
 * the equations live with their registrations in native-kernels.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../base/paths';

/** The addon's functions (arguments after the heap: byte offsets of tensors, then sizes and scalars). */
export interface NativeAddon {
  sgemm(heap: ArrayBuffer, a: number, b: number, c: number, batch: number, strideA: number, strideB: number, M: number, K: number, N: number, transposeA: number, transposeB: number, alpha: number): void;
  layerNorm(heap: ArrayBuffer, x: number, y: number, rows: number, cols: number, eps: number): void;
  layerNormGrad(heap: ArrayBuffer, g: number, x: number, dx: number, rows: number, cols: number, eps: number): void;
  gelu(heap: ArrayBuffer, x: number, y: number, n: number): void;
  geluGrad(heap: ArrayBuffer, g: number, x: number, dx: number, n: number): void;
  axpby(heap: ArrayBuffer, x: number, y: number, out: number, n: number, alpha: number, beta: number): void;
  attention(heap: ArrayBuffer, q: number, k: number, v: number, o: number, P: number, qhat: number, khat: number, rq: number, rk: number, B: number, S: number, H: number, N: number, scale: number, causal: number, qkln: number, shaped: number, eps: number): void;
  attentionGrad(heap: ArrayBuffer, dO: number, qhat: number, khat: number, v: number, P: number, rq: number, rk: number, dq: number, dk: number, dv: number, B: number, S: number, H: number, N: number, scale: number, causal: number, qkln: number, shaped: number): void;
  adam(heap: ArrayBuffer, theta: number, m: number, u: number, g: number, theta2: number, m2: number, u2: number, n: number, beta1: number, beta2: number, correction1: number, correction2: number, epsilon: number, eta: number, decay: number): void;
  crossEntropy(heap: ArrayBuffer, z: number, targets: number, out: number, rows: number, classes: number): void;
  crossEntropyGrad(heap: ArrayBuffer, g: number, z: number, targets: number, dz: number, rows: number, classes: number): void;
  setBlasThreads(threads: number): void;
}

/** Where the built addon lives (the same from src/ under tsx and from dist/). */
export const nativeAddonPath = packagePath('native', 'build', 'tl-kernels.node');

let loaded: NativeAddon | null | undefined;
let failure = '';

/** The addon, or null when it was not built (or fails to load; nativeAddonProblem() says why). Loaded once. */
export function nativeAddon(): NativeAddon | null {
  if (loaded !== undefined) return loaded;
  if (!existsSync(nativeAddonPath)) {
    failure = `${nativeAddonPath} is not built (scripts/build-native.sh needs gcc, libopenblas-dev and node_api.h)`;
    loaded = null;
    return loaded;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(nativeAddonPath) as NativeAddon;
  } catch (error) {
    failure = `${nativeAddonPath} does not load: ${(error as Error).message}`;
    loaded = null;
  }
  return loaded;
}

/** Why nativeAddon() is null ('' when it loaded or was not tried yet). */
export function nativeAddonProblem(): string {
  return failure;
}
