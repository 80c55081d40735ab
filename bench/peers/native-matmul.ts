/**
 * Experimental (issue 7 item 2): replaces tfjs-backend-wasm's BatchMatMul kernel by OpenBLAS cblas_sgemm through
 * the N-API addon out/native/blas-matmul.node (bench/peers/native/build.sh), working in place on the wasm heap:
 * C_i = op(A_i)·op(B_i) for every batch index i, transposes as BLAS flags (no copies). Single-threaded OpenBLAS by
 * default (per-core comparison). Returns false, changing nothing, when the addon is missing or the backend is not wasm.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface BlasAddon {
  sgemm(heap: ArrayBuffer, a: number, b: number, out: number, batch: number, strideA: number, strideB: number, M: number, K: number, N: number, tA: number, tB: number): void;
  setThreads(n: number): void;
}

interface WasmBackendLike {
  dataIdMap: { get(id: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  wasm: { HEAPU8: Uint8Array };
}

let original: tf.KernelConfig | undefined;

/** Installs the OpenBLAS BatchMatMul on the wasm backend (threads = OpenBLAS threads). */
export function enableNativeMatMul(threads = 1): boolean {
  const path = join(__dirname, '..', '..', 'out', 'native', 'blas-matmul.node');
  if (tf.getBackend() !== 'wasm' || !existsSync(path)) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require(path) as BlasAddon;
  addon.setThreads(threads);
  original ??= tf.getKernel('BatchMatMul', 'wasm');
  tf.unregisterKernel('BatchMatMul', 'wasm');
  const kernelFunc: tf.KernelFunc & { transposeFree?: boolean } = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    const w = backend as unknown as WasmBackendLike;
    const ra = a.shape.length;
    const rb = b.shape.length;
    const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    if (K !== kb) throw new Error(`matMul: inner dimensions ${K} and ${kb} differ (shapes [${a.shape}], [${b.shape}])`);
    const batchA = a.shape.slice(0, -2).reduce((x, y) => x * y, 1);
    const batchB = b.shape.slice(0, -2).reduce((x, y) => x * y, 1);
    if (batchA !== batchB && batchA !== 1 && batchB !== 1) throw new Error(`matMul: batch sizes ${batchA} and ${batchB} do not broadcast`);
    const outer = (ra >= rb ? a.shape : b.shape).slice(0, -2);
    const out = w.makeOutput([...outer, M, N], 'float32');
    const batch = Math.max(batchA, batchB);
    const heap = w.wasm.HEAPU8.buffer as ArrayBuffer; // read after makeOutput: the heap may have grown
    addon.sgemm(
      heap,
      w.dataIdMap.get(a.dataId).memoryOffset,
      w.dataIdMap.get(b.dataId).memoryOffset,
      w.dataIdMap.get(out.dataId).memoryOffset,
      batch,
      batchA === 1 ? 0 : M * K,
      batchB === 1 ? 0 : K * N,
      M,
      K,
      N,
      transposeA ? 1 : 0,
      transposeB ? 1 : 0,
    );
    return out;
  };
  // Transposed operands cost nothing here: nn/scaled-dense then passes flags instead of copying Xᵀ, Wᵀ.
  kernelFunc.transposeFree = true;
  tf.registerKernel({ kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc });
  return true;
}

/** Restores tfjs's own wasm BatchMatMul. */
export function disableNativeMatMul(): void {
  if (!original) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(original);
}
