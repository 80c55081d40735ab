/**
 * Training at research sizes (issue 16): our training step and the PyTorch peer (bench/peers/train_step.py, Debian's
 * PyTorch on the same OpenBLAS, one thread each) over a grid of sizes (bench/peers/grid-points.ts), each point in its
 * own processes (bench/peers/grid-point.ts for ours), with the weight-copy check (the peer starts from our initial
 * weights and batches; raw outputs, gradient norms and three losses must agree). Reports ms/step (wall, median of R
 * repetitions, and CPU), GFLOP/s by the formula of stepFlops (grid-points.ts), the fraction of the one-thread sgemm
 * ceiling measured at the start of the same run (C = A·B at 1024³ through our OpenBLAS sgemm, GFLOP per CPU second;
 * NumPy's alongside), the fraction of it reached per CPU second,
 * the ratio peer/ours (> 1: we are faster), the peak resident memory while training on each side, and the load
 * average (the machine may be shared). Prints one JSON document on stdout, a table on stderr.
 * Usage: npx tsx bench/grid.ts [--quick] [--points reference,p1,…] [--repetitions R] [--threads T] [--no-peer]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { enableNativeKernels, initBackend, nativeKernelsActive, nativeKernelsProblem } from '../src/backend';
import { defaultGrid, stepFlops, type GridPoint } from './peers/grid-points';
import { medianOf } from './peers/reference';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
function integerOption(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const x = Number(text);
  if (!Number.isInteger(x) || x < 1) throw new Error(`${name}: expected a positive integer, got ${text}`);
  return x;
}
const repetitions = integerOption('--repetitions', quick ? 3 : 5);
const threads = integerOption('--threads', 1);
const warmupSeconds = quick ? 1 : 4;
const root = join(__dirname, '..');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function selectedPoints(): GridPoint[] {
  const names = option('--points');
  if (names === undefined) return defaultGrid;
  return names.split(',').map((name) => {
    const p = defaultGrid.find((q) => q.name === name);
    if (!p) throw new Error(`--points: unknown point '${name}'; allowed: ${defaultGrid.map((q) => q.name).join(', ')}`);
    return p;
  });
}

/**
 * One-thread sgemm GFLOP/s at 1024³ through our kernels (tf.matMul → OpenBLAS), per wall second and per CPU second
 * (the CPU figure is the ceiling: on a shared machine wall time counts other processes' slices): median and best of 15.
 */
function ourSgemmCeiling(): Ceiling {
  const size = 1024;
  const a = tf.randomNormal([size, size], 0, 1, 'float32', 1);
  const b = tf.randomNormal([size, size], 0, 1, 'float32', 2);
  tf.matMul(a, b).dispose();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 15; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    tf.matMul(a, b).dispose();
    const c = process.cpuUsage(c0);
    wall.push((2 * size ** 3) / ((performance.now() - t0) * 1e6));
    cpu.push((2 * size ** 3) / ((c.user + c.system) * 1e3));
  }
  a.dispose();
  b.dispose();
  return { cpuGflops: round(medianOf(cpu), 1), bestCpuGflops: round(Math.max(...cpu), 1), wallGflops: round(medianOf(wall), 1) };
}

interface Ceiling {
  cpuGflops: number;
  bestCpuGflops: number;
  wallGflops: number;
}

/** The same through NumPy (OPENBLAS_NUM_THREADS=1), or null without NumPy. */
function numpySgemmCeiling(): Ceiling | null {
  const code = `import time, statistics, numpy as np
a = np.random.default_rng(1).standard_normal((1024, 1024), dtype=np.float32); b = a.T.copy(); a @ b
w, c = [], []
for _ in range(15):
    t, p = time.perf_counter(), time.process_time(); a @ b
    w.append(2 * 1024**3 / ((time.perf_counter() - t) * 1e9)); c.append(2 * 1024**3 / (max(time.process_time() - p, 1e-6) * 1e9))
print(round(statistics.median(c), 1), round(max(c), 1), round(statistics.median(w), 1))`;
  const out = spawnSync(python, ['-c', code], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' } });
  if (out.status !== 0) return null;
  const [cpuGflops, bestCpuGflops, wallGflops] = out.stdout.trim().split(/\s+/).map(Number);
  return { cpuGflops, bestCpuGflops, wallGflops };
}

function cpuName(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return `${m ? m[1].trim() : os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores`;
  } catch {
    return `${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores`;
  }
}

function runJson(command: string, args: string[], label: string, env: NodeJS.ProcessEnv = process.env): Record<string, any> {
  const out = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env });
  if (out.status !== 0) throw new Error(`${label} failed: ${(out.stderr || String(out.error ?? '')).trim().split('\n').slice(-3).join(' | ')}`);
  return JSON.parse(out.stdout);
}

async function main(): Promise<void> {
  await initBackend('wasm');
  if (!enableNativeKernels(1)) console.error(`[grid] native kernels unavailable (${nativeKernelsProblem()}): ours runs tfjs's kernels`);
  const ceiling = { ours: ourSgemmCeiling(), numpy: numpySgemmCeiling() };
  const ceilingGflops = ceiling.ours.cpuGflops;
  console.error(`[grid] one-thread sgemm 1024³ per CPU second: ours ${ceiling.ours.cpuGflops} GFLOP/s (best ${ceiling.ours.bestCpuGflops}, per wall second ${ceiling.ours.wallGflops}), NumPy ${ceiling.numpy?.cpuGflops ?? '—'}`);
  const noPeer = argv.includes('--no-peer');
  mkdirSync(join(root, 'out'), { recursive: true });
  const notes: string[] = [];
  const points = [];
  for (const p of selectedPoints()) {
    const reference = join('out', `bench-grid-${p.name}-${process.pid}.json`); // our weights for the peer (removed after)
    const load = os.loadavg()[0];
    console.error(`[grid] ${p.name}: ours`);
    const ours = runJson('npx', ['tsx', join('bench', 'peers', 'grid-point.ts'), JSON.stringify(p), reference, '--repetitions', String(repetitions), '--warmup-seconds', String(warmupSeconds), '--threads', String(threads)], `grid-point ${p.name}`);
    let peer: Record<string, any> | null = null;
    if (!noPeer) {
      console.error(`[grid] ${p.name}: PyTorch`);
      try {
        peer = runJson(python, [join('bench', 'peers', 'train_step.py'), '--reference', reference, '--repetitions', String(repetitions), '--steps', String(ours.stepsPerRepetition), '--warmup', String(ours.warmupSteps), '--threads', String(threads)], `PyTorch ${p.name}`, { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) });
      } catch (error) {
        notes.push(`${p.name}: PyTorch peer skipped: ${(error as Error).message} (bench/setup-peers.sh installs it)`);
      }
    }
    rmSync(join(root, reference), { force: true });
    const flops = stepFlops(p);
    const gflops = (ms: number) => round(flops / (ms * 1e6), 1); // per wall second

    points.push({
      name: p.name, architecture: p.architecture, n: p.heads * p.headDim, headDim: p.headDim, heads: p.heads, depth: p.depth, sequence: p.sequence, batch: p.batch, mlpWidth: p.mlpWidth,
      oursMs: ours.msPerStep, peerMs: peer?.msPerStep ?? null, ratio: peer ? round(peer.msPerStep / ours.msPerStep, 3) : null,
      oursCpuMs: ours.cpuMsPerStep, peerCpuMs: peer?.cpuMsPerStep ?? null, cpuRatio: peer ? round(peer.cpuMsPerStep / ours.cpuMsPerStep, 3) : null,
      oursGflops: gflops(ours.msPerStep), peerGflops: peer ? gflops(peer.msPerStep) : null,
      oursCpuGflops: gflops(ours.cpuMsPerStep), peerCpuGflops: peer ? gflops(peer.cpuMsPerStep) : null,
      ceilingFraction: round(gflops(ours.cpuMsPerStep) / ceilingGflops, 3), peerCeilingFraction: peer ? round(gflops(peer.cpuMsPerStep) / ceilingGflops, 3) : null,
      oursPeakMb: ours.peakResidentMb, peerPeakMb: peer?.peakResidentMb ?? null,
      gflopPerStep: round(flops / 1e9, 3), kernels: ours.kernels, warmupSteps: ours.warmupSteps, stepsPerRepetition: ours.stepsPerRepetition,
      oursMsAll: ours.msPerStepAll, peerMsAll: peer?.msPerStepAll ?? null,
      check: peer ? { passed: peer.check.passed, lossMaxAbsDifference: peer.check.lossMaxAbsDifference, rawOutputMaxAbsDifference: peer.check.rawOutputMaxAbsDifference, gradientNormMaxRelativeDifference: peer.check.gradientNormMaxRelativeDifference, lossesOurs: peer.check.lossesOurs, lossesTorch: peer.check.lossesTorch } : null,
      loadAverage: round((load + os.loadavg()[0]) / 2),
    });
  }
  const result = {
    benchmark: 'grid', cpu: cpuName(), blasThreads: threads, repetitions, kernels: nativeKernelsActive() ? 'native' : 'tfjs',
    ceilingGflops, ceiling: { how: 'C = A·B, 1024³ float32, one thread: GFLOP per CPU second (median and best of 15) and per wall second (median)', ...ceiling },
    flops: 'per step 4·B·F, F = S·2Dn (ViT read-in) + L·S·(8n² + 4nm + 4Sn) + 2nC per token (LM) or per sequence (ViT): forward, frozen forward f₀, backward 2F; dense S×S attention counted',
    ratio: 'peer ms / our ms (> 1: we are faster); cpuRatio the same for CPU ms; oursGflops per wall second, oursCpuGflops per CPU second; ceilingFraction = oursCpuGflops / ceilingGflops (both per CPU second, so a shared machine does not distort them)',
    loadAverage: round(os.loadavg()[0]), points, notes,
  };
  console.log(JSON.stringify(result, null, 2));
  const pad = (s: unknown, w: number) => String(s ?? '—').padEnd(w);
  console.error(`\n${pad('point', 11)}${pad('ours ms', 10)}${pad('peer ms', 10)}${pad('ratio', 8)}${pad('CPU ratio', 10)}${pad('CPU GF/s', 9)}${pad('ceiling', 9)}${pad('MB ours/peer', 14)}check`);
  for (const q of points) {
    console.error(`${pad(q.name, 11)}${pad(q.oursMs, 10)}${pad(q.peerMs, 10)}${pad(q.ratio, 8)}${pad(q.cpuRatio, 10)}${pad(q.oursCpuGflops, 9)}${pad(q.ceilingFraction, 9)}${pad(`${q.oursPeakMb}/${q.peerPeakMb ?? '—'}`, 14)}${q.check ? (q.check.passed ? 'passed' : 'FAILED') : '—'}`);
  }
  for (const note of notes) console.error(`note: ${note}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
