/**
 * Where the milliseconds of one reference training step go (issue 7 item 2): tf.profile over a few steps of the
 * bench/peers/reference.ts configuration, kernel time summed by kernel name (and by kernel name × output shape with
 * --shapes), plus the wall time not spent in kernels (tape, bookkeeping, JS); --point NAME profiles a point of
 * bench/grid.ts instead (issue 16). Usage: npx tsx bench/peers/profile-train-step.ts [--shapes] [--tfjs-kernels] [--point p1]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { train } from '../../src/train/loop';
import { enableNativeKernels, disableNativeKernels } from '../../src/backend';
import { defaultGrid, gridBatch, gridSpec } from './grid-points';

async function main(): Promise<void> {
  const backend = await initBackend(process.env.TL_BACKEND as never);
  const byShape = process.argv.includes('--shapes');
  if (process.argv.includes('--tfjs-kernels')) disableNativeKernels();
  else if (!enableNativeKernels()) console.error('native kernels not built: profiling tfjs kernels');
  const name = process.argv.includes('--point') ? process.argv[process.argv.indexOf('--point') + 1] : 'reference';
  const point = defaultGrid.find((p) => p.name === name);
  if (!point) throw new Error(`--point: unknown point '${name}'; allowed: ${defaultGrid.map((p) => p.name).join(', ')}`);
  const model = buildModel(gridSpec(point), 1);
  const batch = (t: number) => gridBatch(point, t % 3);
  train(model, batch, { steps: 3 });
  const steps = 5;
  const t0 = performance.now();
  const info = await tf.profile(() => {
    train(model, batch, { steps });
  });
  const wall = (performance.now() - t0) / steps;
  const totals = new Map<string, { ms: number; count: number }>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const key = byShape ? `${k.name} ${JSON.stringify(k.outputShapes)}` : k.name;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = totals.get(key) ?? { ms: 0, count: 0 };
    entry.ms += ms / steps;
    entry.count += 1 / steps;
    totals.set(key, entry);
    kernelMs += ms / steps;
  }
  const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`point ${name}, backend ${backend}; per step: wall ${wall.toFixed(1)} ms (profiled), kernels ${kernelMs.toFixed(1)} ms, kernels/step ${(info.kernels.length / steps).toFixed(0)}`);
  for (const [name, { ms, count }] of rows.slice(0, byShape ? 40 : 30)) {
    console.log(`${name.padEnd(byShape ? 60 : 28)} ${ms.toFixed(2).padStart(8)} ms ${count.toFixed(0).padStart(5)}×  ${((100 * ms) / kernelMs).toFixed(1)}%`);
  }
  model.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
