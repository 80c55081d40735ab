/**
 * Writes a grid point's initial weights, table (multipliers, rates), three batches and our losses and gradients to a
 * JSON file, so that bench/peers/train_step.py can check it computes the same network: raw outputs f_θ₀ on batch 0,
 * per-tensor gradient norms at θ₀, and the losses ℒ₀, ℒ₁, ℒ₂ of three Adam steps (issue 7; any point, issue 16).
 * Usage: npx tsx bench/peers/export-reference.ts [out/bench-reference.json]   (the reference point)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend';
import { buildModel } from '../../src/models/builders';
import { train } from '../../src/train/loop';
import { defaultGrid, gridBatch, gridData, gridSpec, type GridPoint } from './grid-points';

const base64 = (x: Float32Array | Int32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');

/** Builds the point's model from seed 1 and writes the document train_step.py checks against (backend already set). */
export function writeReference(point: GridPoint, path: string, backend: string): number[] {
  const spec = gridSpec(point);
  const model = buildModel(spec, 1);
  const rows = model.table.rows.map((row) => ({
    name: row.name,
    shape: row.shape,
    multiplier: row.multiplier,
    learningRate: row.learningRate,
    values: base64(model.params[row.name].dataSync() as Float32Array),
  }));
  const batch0 = gridBatch(point, 0);
  const raw = tf.tidy(() => model.forward(batch0.inputs, { internals: true }).internals!.activations.rawOutput.dataSync() as Float32Array);
  const names = Object.keys(model.params);
  const gradientNorms: Record<string, number> = {};
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => model.loss(batch0.inputs, batch0.targets), names.map((n) => model.params[n]));
    names.forEach((n) => (gradientNorms[n] = tf.norm(grads[model.params[n].name]).dataSync()[0]));
  });
  batch0.inputs.dispose();
  batch0.targets.dispose();
  const steps = 3;
  const record = train(model, (t) => gridBatch(point, t), { steps });
  const batches = Array.from({ length: steps }, (_, t) => {
    const { inputs, targets } = gridData(point, t);
    return { inputs: base64(inputs), targets: base64(targets) };
  });
  const t = model.table;
  const o = spec.optimizer;
  const document = {
    config: { ...point, vocabulary: point.outputs },
    backend,
    logitScale: t.logitScale ?? spec.headDim ** -spec.attentionExponent,
    branchMultiplier: t.branchMultiplier,
    richness: spec.richness,
    layerNormEpsilon: 1e-6,
    optimizer: { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon: o.epsilon ?? 1e-8 },
    rows,
    batches,
    rawOutputBatch0: base64(raw),
    gradientNorms,
    losses: record.losses,
  };
  model.dispose();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(document));
  return record.losses;
}

async function main(): Promise<void> {
  const path = process.argv[2] ?? 'out/bench-reference.json';
  const backend = await initBackend(process.env.TL_BACKEND as never);
  const losses = writeReference(defaultGrid[0], path, backend);
  console.error(`[export-reference] ${path}: losses ${losses.map((l) => l.toFixed(6)).join(', ')}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
