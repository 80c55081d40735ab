import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { finalLoss, p1TrainRun, p1TrainRunReference, type P1TrainConfig } from '../../src/experiments/p1-train-run';
import { p1Rows, slopeOverSeeds } from '../../src/experiments/p1-train-analysis';
import { table3VarianceCheck, type Table3Record } from '../../src/experiments/p1-train-table3';
import { sweep } from '../../src/sweep/sweep';

const tiny: P1TrainConfig = { headDim: 2, heads: 2, depth: 1, batchSize: 4, steps: 3, learningRate: 0.1, seed: 3, probeCount: 4, probeSteps: [3], probeKinds: ['changes', 'movement'] };

describe('p1TrainRun', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is deterministic for a config and records losses, probes and the weight-driven split', async () => {
    const config = { ...tiny, weightDriven: true, initialLogits: true };
    const [a, b] = [await p1TrainRun(config), await p1TrainRun(config)];
    expect(a.status).toBe('ok');
    expect(a.losses).toHaveLength(3);
    expect(b.losses).toEqual(a.losses);
    expect(b.probes).toEqual(a.probes);
    // Centred logits: the first logged loss is exactly ln 10 up to float32 round-off (THEORY §2.8 item 1).
    expect(Math.abs(a.losses[0] - Math.log(10))).toBeLessThan(1e-5);
    expect(a.loss).toBeCloseTo(finalLoss(a.losses), 12);
    expect(a.probes.map((p) => p.step)).toEqual([0, 3]);
    // The split is exact algebra: total key change = weight-driven + input-driven parts, so by the triangle
    // inequality of the RMS norm |total − input| ≤ weight ≤ total + input.
    const d = a.decomposition!;
    const total = a.probes[1].keyChange!;
    expect(d.keyWeightChange).toBeGreaterThan(0);
    expect(d.keyWeightChange).toBeLessThanOrEqual(total + d.keyInputChange + 1e-6);
    expect(d.keyWeightChange).toBeGreaterThanOrEqual(Math.abs(total - d.keyInputChange) - 1e-6);
    expect(a.initialLogitMoments).toHaveLength(1);
    expect(a.initialLogitMoments![0]).toHaveLength(2);
    const other = await p1TrainRun({ ...tiny, seed: 4 });
    expect(other.losses[1]).not.toBe(a.losses[1]); // the seed changes the weights
  });

  it('records a diverged run with status diverged and a NaN final loss', async () => {
    const r = await p1TrainRun({ ...tiny, learningRate: 1e6, steps: 10, probeSteps: [] });
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).not.toBeNull();
    expect(Number.isNaN(r.loss)).toBe(true);
  });

  it('runs in sweep worker threads through its run reference, diverged runs kept', async () => {
    const { seed: _seed, learningRate: _rate, ...fixed } = tiny;
    const result = await sweep({ axes: { learningRate: [0.1, 1e6] }, fixed: { ...fixed, probeSteps: [], steps: 4 }, seeds: [3] }, p1TrainRunReference, { name: 'test-p1-train', cache: false, workers: 2, progress: false });
    const rows = p1Rows(result);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'diverged']);
    const direct = await p1TrainRun({ ...tiny, probeSteps: [], steps: 4 });
    expect(rows[0].losses).toEqual(direct.losses); // same backend (wasm) in the worker
  });
});

describe('analysis helpers', () => {
  it('slopeOverSeeds recovers an exact power law with zero bootstrap spread', () => {
    const data = [4, 8, 16, 32].flatMap((x) => [0, 1].map((seed) => ({ x, seed, y: 3 * x ** -0.5 })));
    const fit = slopeOverSeeds(data);
    expect(fit.slope).toBeCloseTo(-0.5, 12);
    expect(fit.slopeSE).toBeCloseTo(0, 12);
    expect(fit.prefactor).toBeCloseTo(3, 10);
    expect(slopeOverSeeds([...data, { x: 64, seed: 0, y: NaN }]).complete).toBe(false);
  });

  it('table3VarianceCheck compares the unit means with N^{1−2α_A}/4', () => {
    const base = { status: 'ok', keyChange: 1, logitChange: 1, keyWeightChange: 1, logitWeightChange: 1, keyInputChange: 1, logitInputChange: 1, msPerStep: 1 };
    const records: Table3Record[] = [
      { ...base, attentionExponent: 1, headDim: 4, seed: 0, initialMoments: [0.06, 0.065] },
      { ...base, attentionExponent: 1, headDim: 4, seed: 1, initialMoments: [0.0625, 0.0625] },
    ];
    const [check] = table3VarianceCheck(records, 1);
    expect(check.expected).toBeCloseTo(1 / 16, 15);
    expect(check.measured).toBeCloseTo(0.0625, 15);
    expect(check.units).toBe(4);
    expect(check.zScore).toBeCloseTo(0, 12);
  });
});
