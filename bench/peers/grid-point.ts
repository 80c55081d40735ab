/**
 * One point of bench/grid.ts in its own process (so its peak memory is its own): our training step at a grid point —
 * time-based warm-up, then R repetitions of k steps, median wall and CPU ms per step — the peak resident memory
 * while training (VmHWM reset after start-up, before the model is built, as the PyTorch peer does), then the
 * weight-copy reference for the peer's loss check (bench/peers/export-reference.ts). Prints one JSON document.
 * Usage: npx tsx bench/peers/grid-point.ts '<GridPoint JSON>' REFERENCE.json [--repetitions R] [--warmup-seconds W]
 *        [--threads T] [--tfjs-kernels]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { disableNativeKernels, enableNativeKernels, initBackend, nativeKernelsActive } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { train } from '../../src/train/loop';
import { writeReference } from './export-reference';
import { gridBatch, gridSpec, type GridPoint } from './grid-points';
import { medianOf } from './reference';

const argv = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const x = Number(argv[i + 1]);
  if (!(x > 0)) throw new Error(`${name}: expected a positive number, got ${argv[i + 1]}`);
  return x;
}

/** Peak resident set (MB) since the last reset (Linux /proc; null elsewhere). */
export function peakResidentMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Resets the peak resident set to the current one (Linux ≥ 4.0: "5" into /proc/self/clear_refs). */
export function resetPeakResident(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* not Linux: the peak then includes start-up */
  }
}

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  const point = JSON.parse(argv[0]) as GridPoint;
  const referencePath = argv[1];
  const repetitions = flag('--repetitions', 5);
  const warmupSeconds = flag('--warmup-seconds', 4);
  const threads = flag('--threads', 1);
  const backend = await initBackend('wasm');
  if (argv.includes('--tfjs-kernels')) disableNativeKernels();
  else enableNativeKernels(threads);
  resetPeakResident();
  const model = buildModel(gridSpec(point), 1);
  let step = 0;
  const run = (steps: number) => {
    const start = step;
    step += steps;
    const record = train(model, (t) => gridBatch(point, (start + t) % 3), { steps });
    if (record.status !== 'completed') throw new Error(`grid ${point.name}: our run diverged at step ${record.divergedAt}`);
  };
  // Warm-up: at least 3 steps and warmupSeconds (V8 compiles in the background for a few seconds).
  const w0 = performance.now();
  let warmupSteps = 0;
  while (warmupSteps < 3 || performance.now() - w0 < warmupSeconds * 1000) {
    run(1);
    warmupSteps++;
  }
  const stepMs = (performance.now() - w0) / warmupSteps;
  const stepsPerRepetition = Math.max(1, Math.round(1000 / stepMs)); // ≈ 1 s per repetition
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    run(stepsPerRepetition);
    wall.push((performance.now() - t0) / stepsPerRepetition);
    cpu.push((cpuMs() - c0) / stepsPerRepetition);
  }
  const peakMb = peakResidentMb();
  const kernels = nativeKernelsActive() ? 'native' : 'tfjs';
  model.dispose();
  const losses = writeReference(point, referencePath, backend);
  const round = (x: number) => Number(x.toFixed(2));
  console.log(JSON.stringify({
    point: point.name, backend, kernels, blasThreads: threads, warmupSteps, stepsPerRepetition, repetitions,
    msPerStep: round(medianOf(wall)), cpuMsPerStep: round(medianOf(cpu)), msPerStepAll: wall.map(round), cpuMsPerStepAll: cpu.map(round),
    peakResidentMb: peakMb, losses,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
