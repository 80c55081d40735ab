/**
 * Choosing the tfjs compute backend: native TensorFlow (tfjs-node, when it installed) → WebAssembly (SIMD, the
 * default here) → pure JavaScript cpu. `TL_BACKEND=node|wasm|cpu` forces one. No console banner.
 * On wasm the native kernels (native-ops.ts: OpenBLAS matmul, fused LayerNorm, GELU, attention, Adam) are switched on
 * when native/build/tl-kernels.node is built; `TL_NATIVE=0` keeps tfjs's own kernels, `TL_BLAS_THREADS=k` gives
 * OpenBLAS k threads (default: every core for a process's main thread, 1 in a worker thread; see defaultBlasThreads).
 */
import * as os from 'node:os';
import { isMainThread } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { enableNativeKernels } from './native-ops';

export type BackendName = 'node' | 'wasm' | 'cpu';

const tfjsNames: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
let chosen: BackendName | null = null;

function loadNode(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') !== undefined || tf.engine().registryFactory['tensorflow'] !== undefined;
  } catch {
    return false;
  }
}

function loadWasm(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
    return true;
  } catch {
    return false;
  }
}

/**
 * OpenBLAS threads when TL_BLAS_THREADS is not set (issue 16): every core (os.availableParallelism()) on a process's
 * main thread (at most SLURM_CPUS_PER_TASK in a SLURM task) — a single training run in a notebook then uses both
 * cores for its matmuls — and 1 in a worker thread
 * (sweeps run one worker per core) or in a test process of vitest's parallel pool (VITEST_POOL_ID set). While a sweep
 * pool is open in the process, the main thread also drops to 1 (holdOneBlasThread in native-ops.ts).
 */
export function defaultBlasThreads(): number {
  if (!isMainThread || process.env.VITEST_POOL_ID !== undefined) return 1;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length; // affinity-aware
  const allocated = Number(process.env.SLURM_CPUS_PER_TASK); // a SLURM task gets what it asked for, not the node
  return Math.max(1, Number.isInteger(allocated) && allocated >= 1 ? Math.min(cores, allocated) : cores);
}

/** TL_BLAS_THREADS (an integer ≥ 1), or defaultBlasThreads() when unset or empty. */
export function blasThreadsFromEnvironment(): number {
  const text = process.env.TL_BLAS_THREADS;
  if (text === undefined || text === '') return defaultBlasThreads();
  const threads = Number(text);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`TL_BLAS_THREADS: expected an integer ≥ 1, got '${text}'`);
  return threads;
}

/**
 * Activates a backend and returns its name. Order: `preferred` argument, then the TL_BACKEND environment variable,
 * then node → wasm → cpu. Throws naming the allowed values when asked for an unknown or unavailable backend.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendName> {
  tf.enableProdMode();
  const forced = preferred ?? (process.env.TL_BACKEND as BackendName | undefined);
  if (forced !== undefined && !(forced in tfjsNames)) {
    throw new Error(`TL_BACKEND: expected one of node, wasm, cpu, got '${forced}'`);
  }
  const order: BackendName[] = forced ? [forced] : ['node', 'wasm', 'cpu'];
  for (const name of order) {
    const available = name === 'node' ? loadNode() : name === 'wasm' ? loadWasm() : true;
    if (!available) continue;
    if (await tf.setBackend(tfjsNames[name])) {
      await tf.ready();
      if (name === 'wasm' && process.env.TL_NATIVE !== '0') enableNativeKernels(blasThreadsFromEnvironment());
      chosen = name;
      return name;
    }
  }
  throw new Error(`backend: '${forced}' is not available here (tfjs-node needs internet at install time); use wasm or cpu`);
}

/** The active backend, or null before initBackend. */
export function activeBackend(): BackendName | null {
  if (chosen === null) return null;
  return tf.getBackend() === tfjsNames[chosen] ? chosen : (Object.keys(tfjsNames) as BackendName[]).find((k) => tfjsNames[k] === tf.getBackend()) ?? null;
}

/** Which backends could be loaded on this machine (for benchmarks and reports). */
export function availableBackends(): BackendName[] {
  const names: BackendName[] = [];
  if (loadNode()) names.push('node');
  if (loadWasm()) names.push('wasm');
  names.push('cpu');
  return names;
}
