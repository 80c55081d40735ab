/**
 * The run function of bench/sweep-throughput.ts: a tiny P1 causal-LM training run (THEORY.md §2.4) on random
 * token windows, in a sweep worker thread. Returns the final loss.
 */
import { initBackend } from '../../src/backend';
import { buildCausalLm } from '../../src/models/builders';
import { preset } from '../../src/spec/presets';
import { train } from '../../src/train/loop';
import { referenceBatch } from './reference';

let ready: Promise<unknown> | null = null;

/** config: {heads, headDim, steps, seed}; depth 2, sequence 16, vocabulary 64, batch 32 (the reference batches). Returns the final loss and which kernels ran. */
export async function tinyTrainingRun(config: Record<string, unknown>): Promise<{ loss: number; kernels: string }> {
  ready ??= initBackend(process.env.TL_BACKEND as never);
  await ready;
  const spec = preset('p1', {
    architecture: 'causalLm',
    headDim: Number(config.headDim),
    heads: Number(config.heads),
    depth: 2,
    tokens: 16,
    inputDim: 64,
    outputDim: 64,
    optimizer: { kind: 'adam', learningRate: 0.01 },
  });
  const model = buildCausalLm(spec, Number(config.seed));
  try {
    const record = train(model, (t) => referenceBatch(t % 3), { steps: Number(config.steps) });
    return { loss: record.losses[record.losses.length - 1], kernels: record.kernels };
  } finally {
    model.dispose();
  }
}
