/**
 * This machine's measured training speed, for plan's time estimates (docs/FIGURES.md "Planning a figure"): a step
 * costs t = overhead + flops/throughput; both are fitted from timed training steps of two ViTs (a small one, where the
 * fixed cost per step dominates, and a larger one, where the arithmetic does). Measured once per machine and kept in
 * <cache>/throughput.json (hostname, cores, the backend), ≈ 3 s.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../backend';
import { buildModel } from '../models/builders';
import { preset } from '../spec/presets';
import type { Spec } from '../spec/types';
import { train } from '../train/loop';
import { trainingFlops } from '../sweep/cost';

export interface Throughput {
  /** Seconds per training step that do not scale with FLOPs (kernel launches, optimizer bookkeeping, reading the loss). */
  overheadSeconds: number;
  /** FLOPs per second of one thread once the fixed cost is paid. */
  flopsPerSecond: number;
  host: string;
  cores: number;
  backend: string;
  measuredAt: string;
}

const probes: { spec: Spec; batch: number }[] = [
  { spec: preset('p1', { headDim: 4, heads: 2, depth: 1 }), batch: 4 },
  { spec: preset('p1', { headDim: 16, heads: 8, depth: 2 }), batch: 32 },
];

/** Median seconds per training step of `spec` at batch B (2 warm-up steps, then `steps` timed). */
function secondsPerStep(spec: Spec, batch: number, steps: number): number {
  const model = buildModel(spec, 0);
  const batches = (t: number) => ({
    inputs: tf.randomNormal([batch, spec.tokens, spec.inputDim], 0, 1, 'float32', 1000 + t),
    targets: tf.tensor1d(Array.from({ length: batch }, (_, b) => (b + t) % spec.outputDim), 'int32'),
  });
  try {
    train(model, batches, { steps: 2 });
    const times: number[] = [];
    for (let r = 0; r < steps; r++) {
      const t0 = process.hrtime.bigint();
      train(model, (t) => batches(t + r), { steps: 1 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    model.dispose();
  }
}

/** Times the two probe models and solves t = overhead + flops/throughput (both clamped to be positive). */
export async function measureThroughput(): Promise<Throughput> {
  if (activeBackend() === null) await initBackend();
  const [small, large] = probes.map((p) => ({ flops: trainingFlops(p.spec, 1, p.batch), seconds: secondsPerStep(p.spec, p.batch, 7) }));
  const slope = (large.seconds - small.seconds) / (large.flops - small.flops);
  const flopsPerSecond = slope > 0 ? 1 / slope : large.flops / large.seconds;
  const overheadSeconds = Math.max(0, small.seconds - small.flops / flopsPerSecond);
  return { overheadSeconds, flopsPerSecond, host: hostname(), cores: cpus().length, backend: activeBackend() ?? 'unknown', measuredAt: new Date().toISOString() };
}

/** The throughput stored for this host under `cacheDir`, else measured now and stored. */
export async function machineThroughput(cacheDir: string): Promise<Throughput> {
  const file = join(cacheDir, 'throughput.json');
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Throughput;
      if (stored.host === hostname() && stored.cores === cpus().length && stored.flopsPerSecond > 0) return stored;
    } catch {
      /* unreadable: measure again */
    }
  }
  const measured = await measureThroughput();
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, JSON.stringify(measured, null, 2) + '\n');
  return measured;
}
