/**
 * Side-by-side benchmarks (issue 7): the project's training step (tfjs, wasm) against the same model in PyTorch
 * (bench/peers/train_step.py, one thread), and the P2 covariance chain and SDE samplers against a vectorised NumPy
 * implementation (bench/peers/covariance.py), all in this process tree on this machine. Each figure is the median
 * of several repetitions after a warm-up, with the process CPU time alongside (the machine may be shared).
 * Prints one JSON document on stdout and a table on stderr; "speed ratio" = project speed / peer speed (> 1: we are
 * faster). A peer whose Python module is missing is skipped with a note (bench/setup-peers.sh installs them).
 * The training step is measured with the toolkit's default kernels (the native kernels of src/backend/native-*.ts when
 * scripts/build-native.sh built them: OpenBLAS matmul with one thread, fused LayerNorm/GELU/attention/Adam) and with
 * tfjs's own wasm kernels (TL_NATIVE=0 behaviour); both loss trajectories are checked against PyTorch's.
 * Usage: npx tsx bench/compare.ts [--quick] [--samples K] [--repetitions R] [--warmup W]
 * Covariance samplers only (NumPy peer in rounds alternating with ours): npx tsx bench/covariance.ts --peer --compared
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { disableNativeKernels, enableNativeKernels, initBackend, nativeKernelsActive, nativeKernelsProblem } from '../src/backend';
import { buildCausalLm } from '../src/models/builders';
import { simulateCovarianceChain } from '../src/theory/covariance-chain';
import { simulateCovarianceSde } from '../src/theory/covariance-sde';
import { train } from '../src/train/loop';
import { medianOf, referenceBatch, referenceConfig, referenceSpec } from './peers/reference';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
function numberFlag(name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const x = Number(argv[i + 1]);
  if (!Number.isInteger(x) || x < 1) throw new Error(`${name}: expected a positive integer, got ${argv[i + 1]}`);
  return x;
}
const repetitions = numberFlag('--repetitions', quick ? 3 : 7);
const stepsPerRepetition = quick ? 3 : 5;
// Untimed steps before timing, the same number on both sides. V8 keeps compiling in background threads for a few
// seconds: measured CPU ms/step after 3 / 20 / 60 warm-up steps: 65.1 / 60.9 / 56.0 (wall ≈ 55 throughout; PyTorch
// ≈ 68 either way), so the default is 60 (≈ 4 s).
const warmupSteps = numberFlag('--warmup', quick ? 10 : 60);
const samples = numberFlag('--samples', quick ? 512 : 2048);
const depth = 150;
const sdeSteps = 600;
const root = join(__dirname, '..');
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function timed<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, value };
}

/** Our training step (wasm, transpose-free matmul gradient): median ms per step, wall and CPU. */
function oursTrainStep() {
  const model = buildCausalLm(referenceSpec, 1);
  const losses = train(model, referenceBatch, { steps: 3 }).losses;
  let offset = 0;
  const run = (steps: number) => {
    const start = offset;
    offset += steps;
    const record = train(model, (t) => referenceBatch((start + t) % 3), { steps });
    if (record.status !== 'completed') throw new Error(`compare: our run diverged at step ${record.divergedAt}`);
  };
  offset = 3;
  run(warmupSteps);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const t = timed(() => run(stepsPerRepetition));
    wall.push(t.wall / stepsPerRepetition);
    cpu.push(t.cpu / stepsPerRepetition);
  }
  model.dispose();
  return { msPerStep: round(medianOf(wall)), cpuMsPerStep: round(medianOf(cpu)), msPerStepAll: wall.map((x) => round(x)), losses };
}

interface Sampler {
  samplesLayersPerSecond: number;
  cpuSamplesLayersPerSecond: number;
  meanCorrelation: number;
  standardError: number;
  standardDeviation: number;
  /** 10 %, 50 %, 90 % quantiles of ρ̄ over samples */
  quantiles: number[];
  exploded: number;
}

/** Mean and standard error over non-exploded samples of ρ̄ = mean off-diagonal correlation of the last record. */
function correlationSummary(cov: Float64Array, exploded: Uint8Array, m: number, K: number, record: number) {
  const rho: number[] = [];
  for (let k = 0; k < K; k++) {
    if (exploded[k]) continue;
    const o = (record * K + k) * m * m;
    let s = 0;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) if (a !== b) s += cov[o + a * m + b] / Math.sqrt(cov[o + a * m + a] * cov[o + b * m + b]);
    rho.push(s / (m * (m - 1)));
  }
  const mean = rho.reduce((a, b) => a + b, 0) / rho.length;
  const variance = rho.reduce((a, b) => a + (b - mean) ** 2, 0) / (rho.length - 1);
  const sorted = [...rho].sort((a, b) => a - b);
  const quantiles = [0.1, 0.5, 0.9].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { meanCorrelation: mean, standardError: Math.sqrt(variance / rho.length), standardDeviation: Math.sqrt(variance), quantiles, exploded: K - rho.length };
}

function oursSampler(kind: 'chain' | 'sde'): Sampler {
  const units = samples * (kind === 'chain' ? depth : sdeSteps);
  const once = () =>
    kind === 'chain'
      ? simulateCovarianceChain({ samples, depth, recordLayers: [0, depth], seed: 1 })
      : simulateCovarianceSde({ samples, horizon: 0.75, stepSize: 1 / 800, seed: 1 });
  once();
  const wall: number[] = [];
  const cpu: number[] = [];
  let last = once();
  for (let r = 0; r < Math.min(repetitions, 3); r++) {
    const t = timed(once);
    wall.push(t.wall / 1000);
    cpu.push(t.cpu / 1000);
    last = t.value;
  }
  return {
    samplesLayersPerSecond: Math.round(units / medianOf(wall)),
    cpuSamplesLayersPerSecond: Math.round(units / medianOf(cpu)),
    ...correlationSummary(last.covariances, last.exploded, last.tokens, samples, 1),
  };
}

function runPeer(args: string[], label: string): { json: Record<string, unknown> | null; note?: string } {
  const out = spawnSync(args[0], args.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) {
    const why = (out.stderr || String(out.error ?? '')).trim().split('\n').slice(-1)[0];
    return { json: null, note: `${label} skipped: ${why} (install with bench/setup-peers.sh)` };
  }
  return { json: JSON.parse(out.stdout) };
}

async function main(): Promise<void> {
  const backend = await initBackend(process.env.TL_BACKEND as never);
  const notes: string[] = [];
  console.error('[compare] our training step (native kernels)');
  const native = enableNativeKernels() ? oursTrainStep() : null;
  if (!native) notes.push(`native kernels unavailable (${nativeKernelsProblem()}): native rows skipped`);
  console.error("[compare] our training step (tfjs's own wasm kernels)");
  disableNativeKernels();
  const ours = oursTrainStep();
  if (native) enableNativeKernels(); // the PyTorch check below exports weights and losses with the default kernels
  console.error('[compare] exporting our initial weights for the PyTorch check');
  const reference = join('out', 'bench-reference.json');
  const exported = spawnSync('npx', ['tsx', join('bench', 'peers', 'export-reference.ts'), reference], { cwd: root, encoding: 'utf8' });
  if (exported.status !== 0) notes.push(`export-reference failed: ${exported.stderr.trim().split('\n').slice(-1)[0]}`);
  console.error('[compare] PyTorch peer');
  const torch = exported.status === 0
    ? runPeer([python, join('bench', 'peers', 'train_step.py'), '--reference', reference, '--repetitions', String(repetitions), '--steps', String(stepsPerRepetition), '--warmup', String(warmupSteps)], 'PyTorch peer')
    : { json: null, note: 'PyTorch peer skipped: no reference export' };
  if (torch.note) notes.push(torch.note);
  console.error('[compare] our covariance samplers');
  const chain = oursSampler('chain');
  const sde = oursSampler('sde');
  console.error('[compare] NumPy peer');
  const numpy = runPeer([python, join('bench', 'peers', 'covariance.py'), '--samples', String(samples), '--repetitions', String(Math.min(repetitions, 3))], 'NumPy peer');
  if (numpy.note) notes.push(numpy.note);
  const t = torch.json as { msPerStep: number; cpuMsPerStep: number; check: Record<string, unknown> } | null;
  const n = numpy.json as { chain: Sampler; sde: Sampler } | null;
  const rows = [
    { figure: 'train step, native kernels, ms/step (wall)', project: native?.msPerStep ?? null, peer: t?.msPerStep ?? null, peerName: 'PyTorch', speed: t && native ? t.msPerStep / native.msPerStep : null },
    { figure: 'train step, native kernels, CPU ms/step', project: native?.cpuMsPerStep ?? null, peer: t?.cpuMsPerStep ?? null, peerName: 'PyTorch', speed: t && native ? t.cpuMsPerStep / native.cpuMsPerStep : null },
    { figure: 'train step, tfjs wasm kernels, ms/step (wall)', project: ours.msPerStep, peer: t?.msPerStep ?? null, peerName: 'PyTorch', speed: t ? t.msPerStep / ours.msPerStep : null },
    { figure: 'train step, tfjs wasm kernels, CPU ms/step', project: ours.cpuMsPerStep, peer: t?.cpuMsPerStep ?? null, peerName: 'PyTorch', speed: t ? t.cpuMsPerStep / ours.cpuMsPerStep : null },
    { figure: 'chain, samples·layers/s (wall)', project: chain.samplesLayersPerSecond, peer: n?.chain.samplesLayersPerSecond ?? null, peerName: 'NumPy', speed: n ? chain.samplesLayersPerSecond / n.chain.samplesLayersPerSecond : null },
    { figure: 'chain, samples·layers/CPU s', project: chain.cpuSamplesLayersPerSecond, peer: n?.chain.cpuSamplesLayersPerSecond ?? null, peerName: 'NumPy', speed: n ? chain.cpuSamplesLayersPerSecond / n.chain.cpuSamplesLayersPerSecond : null },
    { figure: 'SDE, samples·steps/s (wall)', project: sde.samplesLayersPerSecond, peer: n?.sde.samplesLayersPerSecond ?? null, peerName: 'NumPy', speed: n ? sde.samplesLayersPerSecond / n.sde.samplesLayersPerSecond : null },
    { figure: 'SDE, samples·steps/CPU s', project: sde.cpuSamplesLayersPerSecond, peer: n?.sde.cpuSamplesLayersPerSecond ?? null, peerName: 'NumPy', speed: n ? sde.cpuSamplesLayersPerSecond / n.sde.cpuSamplesLayersPerSecond : null },
  ].map((r) => ({ ...r, speed: r.speed === null ? null : round(r.speed, 3) }));
  // Same computation: ρ̄ at the last layer/time agrees within the combined standard errors (independent streams).
  const agreement = (a: Sampler, b: Sampler | undefined) =>
    b
      ? {
          ours: round(a.meanCorrelation, 4),
          peer: round(b.meanCorrelation, 4),
          zScore: round((a.meanCorrelation - b.meanCorrelation) / Math.hypot(a.standardError, b.standardError), 2),
          standardDeviation: [round(a.standardDeviation, 4), round(b.standardDeviation, 4)],
          quantiles10_50_90: [a.quantiles.map((q) => round(q, 4)), b.quantiles.map((q) => round(q, 4))],
        }
      : null;
  const result = {
    benchmark: 'compare',
    backend,
    config: { trainStep: { ...referenceConfig, warmupSteps, stepsPerRepetition }, covariance: { tokens: 4, width: 200, depth, sdeSteps, stepSize: 1 / 800, samples } },
    repetitions,
    stepsPerRepetition,
    loadAverage: round(os.loadavg()[0]),
    speedRatio: 'project speed / peer speed (> 1: the project is faster); for ms/step that is peer ms / project ms',
    rows,
    trainStep: { nativeKernels: native, tfjsKernels: ours, defaultKernels: nativeKernelsActive() ? 'native' : 'tfjs', torch: torch.json },
    trainStepCheck: t?.check ?? null,
    covariance: { ours: { chain, sde }, numpy: numpy.json },
    covarianceCheck: { chain: agreement(chain, n?.chain), sde: agreement(sde, n?.sde), how: 'per-sample mean off-diagonal correlation ρ̄ at layer 150 / time 0.75: mean (z = difference / combined standard error, independent random streams), SD and 10/50/90 % quantiles, [ours, NumPy]' },
    notes,
  };
  console.log(JSON.stringify(result, null, 2));
  const pad = (s: string, w: number) => s.padEnd(w);
  const cc = result.covarianceCheck;
  if (cc.chain && cc.sde) console.error(`covariance check (ρ̄ at the end, ours vs NumPy): chain ${cc.chain.ours} vs ${cc.chain.peer} (z ${cc.chain.zScore}), SDE ${cc.sde.ours} vs ${cc.sde.peer} (z ${cc.sde.zScore})`);
  if (native) console.error(`native-kernel losses ${JSON.stringify(native.losses)} vs tfjs kernels ${JSON.stringify(ours.losses)}`);
  console.error(`\n${pad('figure', 38)}${pad('project', 12)}${pad('peer', 20)}speed ratio`);
  for (const r of rows) console.error(`${pad(r.figure, 38)}${pad(String(r.project ?? '—'), 12)}${pad(r.peer === null ? '—' : `${r.peer} (${r.peerName})`, 20)}${r.speed ?? '—'}`);
  if (t) console.error(`PyTorch check: ${t.check.passed ? 'passed' : 'FAILED'} (losses ${JSON.stringify(t.check.lossesTorch)} vs ours ${JSON.stringify(t.check.lossesOurs)})`);
  for (const note of notes) console.error(`note: ${note}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
