/**
 * Training-step benchmark (issue 3 item 7): ms per step and tokens/s for the reference configuration — P1 causal LM,
 * sequence 16, width 128 = 4 heads × 32, 4 layers, MLP width 512, vocabulary 64, batch 32, Adam — on every
 * available backend, with the transpose-free matmul gradient and (except on the slow cpu backend) with plain tf.matMul.
 * A step is forward + backward + Adam update + reading the loss (what train() does). Median over repetitions after
 * a warm-up; also the process CPU time per step. Prints one JSON document (with the 1-minute load average). Usage: npx tsx bench/train-step.ts [--quick]
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, disableNativeKernels, enableNativeKernels, initBackend, setFastMatMul, type BackendName } from '../src/backend';
import { buildCausalLm } from '../src/models/builders';
import { parameterCount } from '../src/spec/resolve';
import { preset } from '../src/spec/presets';
import { Random } from '../src/base/random';
import { train, type TrainingBatch } from '../src/train/loop';

const config = { sequence: 16, headDim: 32, heads: 4, depth: 4, mlpWidth: 512, vocabulary: 64, batch: 32 };
const quick = process.argv.includes('--quick');

const spec = preset('p1', {
  architecture: 'causalLm',
  headDim: config.headDim,
  heads: config.heads,
  depth: config.depth,
  tokens: config.sequence,
  inputDim: config.vocabulary,
  outputDim: config.vocabulary,
  mlpWidth: config.mlpWidth,
  optimizer: { kind: 'adam', learningRate: 0.01, epsilon: 1e-20 },
});

/** Random token windows: inputs x_{1..S}, targets x_{2..S+1}, from a seed per step. */
function batches(step: number): TrainingBatch {
  const random = new Random(1000 + step);
  const ids = new Int32Array(config.batch * (config.sequence + 1));
  for (let i = 0; i < ids.length; i++) ids[i] = random.integer(config.vocabulary);
  const inputs = new Int32Array(config.batch * config.sequence);
  const targets = new Int32Array(config.batch * config.sequence);
  for (let b = 0; b < config.batch; b++) {
    for (let s = 0; s < config.sequence; s++) {
      inputs[b * config.sequence + s] = ids[b * (config.sequence + 1) + s];
      targets[b * config.sequence + s] = ids[b * (config.sequence + 1) + s + 1];
    }
  }
  return {
    inputs: tf.tensor2d(inputs, [config.batch, config.sequence], 'int32'),
    targets: tf.tensor2d(targets, [config.batch, config.sequence], 'int32'),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Measurement {
  backend: BackendName;
  /** 'native': the OpenBLAS/fused kernels of src/backend/native-*.ts on wasm; 'tfjs': the backend's own kernels. */
  kernels: 'native' | 'tfjs';
  /** OpenBLAS threads of the native kernels (1 = one core; 2 = what one notebook process can use here). */
  blasThreads: number;
  fastMatMul: boolean;
  msPerStep: number;
  tokensPerSecond: number;
  repetitions: number;
  stepsPerRepetition: number;
  msPerStepAll: number[];
  /** Process CPU time (user + system) per step, median: less sensitive than wall time to other load on the machine. */
  cpuMsPerStep: number;
}

function measure(backend: BackendName, fast: boolean, repetitions: number, stepsPerRepetition: number, warmup: number, native = false, blasThreads = 1): Measurement {
  if (native) enableNativeKernels(blasThreads);
  else disableNativeKernels();
  setFastMatMul(fast);
  const model = buildCausalLm(spec, 1);
  let offset = 0;
  const run = (steps: number) => {
    const start = offset;
    offset += steps;
    const record = train(model, (t) => batches(start + t), { steps });
    if (record.status !== 'completed') throw new Error(`bench: the run diverged at step ${record.divergedAt}`);
  };
  run(warmup);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    run(stepsPerRepetition);
    const c = process.cpuUsage(c0);
    times.push((performance.now() - t0) / stepsPerRepetition);
    cpuTimes.push((c.user + c.system) / 1000 / stepsPerRepetition);
  }
  model.dispose();
  setFastMatMul(true);
  const ms = median(times);
  return {
    backend,
    kernels: native ? 'native' : 'tfjs',
    blasThreads: native ? blasThreads : 1,
    fastMatMul: fast,
    msPerStep: Number(ms.toFixed(2)),
    tokensPerSecond: Math.round((config.batch * config.sequence * 1000) / ms),
    repetitions,
    stepsPerRepetition,
    msPerStepAll: times.map((t) => Number(t.toFixed(2))),
    cpuMsPerStep: Number(median(cpuTimes).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const results: Measurement[] = [];
  for (const backend of availableBackends()) {
    await initBackend(backend);
    // The pure-JS cpu backend takes ≈ 20–30 s per step here: two repetitions of one step, fast matmul only.
    // Plain tf.matMul on wasm takes ≈ 5 s per step (transposed matmuls in the gradient): three single steps.
    if (backend === 'cpu') {
      results.push(measure(backend, true, 2, 1, 1));
      continue;
    }
    if (backend === 'wasm' && enableNativeKernels()) {
      results.push(measure(backend, true, quick ? 3 : 7, quick ? 1 : 5, 3, true));
      results.push(measure(backend, true, quick ? 3 : 7, quick ? 1 : 5, 3, true, 2));
      enableNativeKernels(1);
    }
    results.push(measure(backend, true, quick ? 3 : 7, quick ? 1 : 5, 3));
    results.push(measure(backend, false, 3, 1, 1));
  }
  const params = parameterCount(spec);
  const tokens = config.batch * config.sequence;
  console.log(
    JSON.stringify(
      {
        benchmark: 'train-step',
        config: { ...config, optimizer: 'adam', architecture: 'causalLm (P1: QK-LN, GELU after LN, causal mask)' },
        parameters: params,
        flopsPerStep: 6 * params * tokens,
        node: process.version,
        loadAverage: Number(os.loadavg()[0].toFixed(2)),
        fastMatMulToggle:
          'setFastMatMul(false) (src/backend) swaps backend matMul/dense for tf.matMul; matmuls with their own custom gradient (e.g. nn/scaled-dense) are affected only if they read fastMatMulEnabledNow()',
        results,
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
