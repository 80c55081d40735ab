import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend';
import { finalLoss, p1TrainRunReference, p1TrainSpec, trainingCompute, trainP1Vit } from '../../src/experiments/p1-train/run';
import { p1TrainSettings } from '../../src/experiments/p1-train/settings';
import { p1Rows, slopeOverSeeds } from '../../src/experiments/p1-train/analysis';
import { table3StepSlope, table3VarianceCheck, type Table3Record, type Table3StepRecord } from '../../src/experiments/p1-train/table3';
import { SpecGrid } from '../../src/sweep/spec-grid';
import { sweep } from '../../src/sweep/sweep';
import { extendedLogRates, logRateOf, rateOf, transferCurves, transferOptima, type TransferRecord } from '../../src/experiments/p1-train/transfer';
import { groupMovementSlope, lossAgainstCompute, movementSlope, type DepthRecord } from '../../src/experiments/p1-train/depth';

const tinySpec = p1TrainSpec({ headDim: 2, heads: 2, depth: 1, learningRate: 0.1 });
const tiny = p1TrainSettings({ batchSize: 4, steps: 3, probeCount: 4, probeSteps: [3], probeKinds: ['changes', 'movement'] });

describe('p1TrainRun', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is deterministic for a spec, seed and settings and records losses, probes and the weight-driven split', async () => {
    const settings = { ...tiny, weightDriven: true, initialLogits: true };
    const [a, b] = [await trainP1Vit(tinySpec, 3, settings), await trainP1Vit(tinySpec, 3, settings)];
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
    const other = await trainP1Vit(tinySpec, 4, tiny);
    expect(other.losses[1]).not.toBe(a.losses[1]); // the seed changes the weights
  });

  it('records a diverged run with status diverged and a NaN final loss', async () => {
    const r = await trainP1Vit(p1TrainSpec({ headDim: 2, heads: 2, depth: 1, learningRate: 1e6 }), 3, { ...tiny, steps: 10, probeSteps: [] });
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).not.toBeNull();
    expect(Number.isNaN(r.loss)).toBe(true);
  });

  it('refuses bad settings and specs naming the field, the value and what is allowed', async () => {
    await expect(trainP1Vit(tinySpec, 3, { ...tiny, batchSize: NaN })).rejects.toThrow(/settings\.batchSize: expected an integer ≥ 1, got NaN/);
    await expect(trainP1Vit(tinySpec, 3, { ...tiny, probeSteps: [5] })).rejects.toThrow(/settings\.probeSteps: expected a list of integers in \[0, 3\], got \[5\]/);
    await expect(trainP1Vit(tinySpec, 3, { ...tiny, probeStep: [3] } as never)).rejects.toThrow(/settings\.probeStep: unknown field.*'probeSteps'/);
    await expect(trainP1Vit({ ...tinySpec, tokens: 8 }, 3, tiny)).rejects.toThrow(/tokens: Fashion-MNIST cut into patches of 7 needs tokens = 16, got 8/);
  });

  it('runs a SpecGrid in sweep worker threads through its run reference, diverged runs kept', async () => {
    const grid = new SpecGrid({ base: tinySpec, axes: { learningRate: [0.1, 1e6] }, settings: { ...tiny, probeSteps: [], steps: 4 }, seeds: [3] });
    const result = await sweep(grid, p1TrainRunReference, { name: 'test-p1-train', cache: false, workers: 2, progress: false });
    const rows = p1Rows(result.records);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'diverged']);
    expect(rows.map((r) => r.spec.optimizer.learningRate)).toEqual([0.1, 1e6]);
    const direct = await trainP1Vit(tinySpec, 3, { ...tiny, probeSteps: [], steps: 4 });
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

  it('table3StepSlope reads the change at one step: ΔA ∝ N^{½−α_A} at t = 400 gives slope −½ for α_A = 1', () => {
    const records: Table3StepRecord[] = [8, 16, 32].flatMap((N) =>
      [0, 1].map((seed) => ({ attentionExponent: 1, headDim: N, seed, status: 'ok', keyChangeAt: { 20: 1, 400: 1 }, logitChangeAt: { 20: 0.1, 400: 0.5 * N ** -0.5 }, msPerStep: 1 })),
    );
    expect(table3StepSlope(records, 1, 'logitChangeAt', 400).slope).toBeCloseTo(-0.5, 12);
    expect(table3StepSlope(records, 1, 'logitChangeAt', 20).slope).toBeCloseTo(0, 12);
    expect(table3StepSlope(records, 1, 'logitChangeAt', 100).complete).toBe(false);
  });
});

describe('figure helpers', () => {
  it('transferCurves ranks a diverged seed as NaN and transferOptima picks the finite argmin', () => {
    const rec = (headDim: number, learningRate: number, seed: number, finalLoss: number, status = 'ok'): TransferRecord => ({
      attentionExponent: 1, headDim, learningRate, seed, status, finalLoss, initialHeadVariance: NaN, finalHeadVariance: NaN, msPerStep: 1,
    });
    const records = [
      rec(4, 0.1, 0, 1.2), rec(4, 0.1, 1, 1.4), rec(4, 1, 0, 1.0), rec(4, 1, 1, 1.1), rec(4, 10, 0, NaN, 'diverged'), rec(4, 10, 1, 0.5),
    ];
    const curves = transferCurves(records);
    expect(curves.find((c) => c.learningRate === 10)!.loss).toBeNaN();
    expect(curves.find((c) => c.learningRate === 0.1)!.loss).toBeCloseTo(1.3, 12);
    // SE over 2 seeds = |y₁ − y₂|/2.
    expect(curves.find((c) => c.learningRate === 0.1)!.se).toBeCloseTo(0.1, 12);
    const [opt] = transferOptima(records);
    expect(opt.best).toBe(1);
    expect(opt.index).toBe(1);
    expect(opt.atEdge).toBe(false);
    expect(rateOf(-0.5)).toBe(Number((10 ** -0.5).toPrecision(12)));
  });

  it('logRateOf recovers the log grid of rateOf, and extendedLogRates adds one grid step at an edge optimum', () => {
    const logs = [-2, -1.5, -1, -0.5, 0, 0.5, ...Array.from({ length: 12 }, (_, i) => Number((-2.5 + (3.5 * i) / 11).toFixed(4)))];
    for (const x of logs) expect(logRateOf(rateOf(x))).toBe(x);
    const rec = (learningRate: number, finalLoss: number): TransferRecord => ({
      attentionExponent: 1, headDim: 4, learningRate, seed: 0, status: 'ok', finalLoss, initialHeadVariance: NaN, finalHeadVariance: NaN, msPerStep: 1,
    });
    const grid = [-1, -0.5, 0];
    expect(extendedLogRates([rec(rateOf(-1), 1), rec(rateOf(-0.5), 2), rec(1, 3)], grid)).toEqual({ logRates: [-1.5, -1, -0.5, 0], extended: true });
    expect(extendedLogRates([rec(rateOf(-1), 3), rec(rateOf(-0.5), 2), rec(1, 1)], grid)).toEqual({ logRates: [-1, -0.5, 0, 0.5], extended: true });
    expect(extendedLogRates([rec(rateOf(-1), 3), rec(rateOf(-0.5), 1), rec(1, 2)], grid)).toEqual({ logRates: grid, extended: false });
  });

  it('lossAgainstCompute averages windows of the seed curves at C = 6·P·steps·batch·16', () => {
    const base = { residualExponent: 1, depth: 2, status: 'ok', qkMovement: 1, qkMovementAt: { 4: 1 }, movementAt: { 4: { qk: 1 } }, finalLoss: 1, parameters: 100, msPerStep: 1 };
    const records: DepthRecord[] = [
      { ...base, seed: 0, losses: [4, 2, 2, 0] },
      { ...base, seed: 1, losses: [2, 2, 0, 0] },
    ];
    const curve = lossAgainstCompute(records, 1, 2, 8, 2);
    expect(curve.loss).toEqual([2.5, 0.5]);
    expect(curve.compute).toEqual([trainingCompute(100, 2, 8), trainingCompute(100, 4, 8)]);
    expect(trainingCompute(100, 2, 8)).toBe(6 * 100 * 2 * 8 * 16);
  });

  it('movementSlope reads the gated step or any read step: y = c·L^{−½} at t = 10, c·L⁰ at t = 100', () => {
    const records: DepthRecord[] = [2, 4, 8].flatMap((L) =>
      [0, 1].map((seed) => ({ residualExponent: 0.5, depth: L, seed, status: 'ok', qkMovement: 0.3, qkMovementAt: { 10: 0.2 * L ** -0.5, 100: 0.3 }, movementAt: { 10: { value: 0.1 / L } }, finalLoss: 1, losses: [], parameters: 1, msPerStep: 1 })),
    );
    expect(movementSlope(records, 0.5, 10).slope).toBeCloseTo(-0.5, 12);
    expect(movementSlope(records, 0.5).slope).toBeCloseTo(0, 12);
    expect(movementSlope(records, 0.5, 30).complete).toBe(false);
    expect(groupMovementSlope(records, 0.5, 'value', 10).slope).toBeCloseTo(-1, 12);
    expect(groupMovementSlope(records, 0.5, 'mlpIn', 10).complete).toBe(false);
  });
});
