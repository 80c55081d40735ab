import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/spec/resolve';
import { lmCorpus, lmParameterFormula, p1LmRun, p1LmSpec, p1LmTrain, spacedWindows } from '../../src/experiments/p1-lm/run';
import { lmGroupKey, type P1LmRecord } from '../../src/experiments/p1-lm/family';
import { computeAxis, embeddingShare, gainDifference, headDimDistanceMargin, paperLmParameterCounts, scalingGain } from '../../src/experiments/p1-lm/analysis';

const sotuDir = join(__dirname, '..', 'data', 'fixtures', 'sotu');
const settings = { steps: 4, batchSize: 2, probeCount: 4, evalWindows: 4, dataSeed: 0, sotuDir, heldOutEvery: 3 };
const vocabulary = lmCorpus(settings).tokenizer.vocabSize;
const tinySpec = p1LmSpec({ headDim: 2, heads: 2, depth: 1, context: 8, warmupSteps: 1 }, vocabulary, settings.steps);

/** A fake record with a given final loss and kernels (for the statistics, no training). */
function fake(member: string, attentionExponent: number, seed: number, loss: number, kernel: number[]): P1LmRecord {
  const snapshot = { step: 0, probeLoss: 0, finalTokenKernel: kernel, tokenKernel: kernel };
  return {
    member,
    attentionExponent,
    seed,
    spec: tinySpec,
    status: 'ok',
    result: { status: 'ok', loss, heldOutLoss: loss, initialHeldOutLoss: 0, losses: [loss], divergedAt: null, initial: snapshot, final: snapshot, parameters: 1, vocabulary: 1, compute: 1, msPerStep: 1, backend: null, data: '' },
  };
}

describe('P1 LM family (FIGURES.md P1-7, P1-12)', () => {
  it('counts the paper LMs exactly: 4 255 781, 5 730 341, 91 203 941 at V = 32 101, context 256', () => {
    // Deterministic unit test of the counter (FIGURES.md notes, P1-12): parameterCount of the causalLm spec and the
    // closed form 2Vn + 257n + V + 6Ln² of THEORY.md §2.4 must both give the quoted integers.
    const counts = paperLmParameterCounts();
    const byLabel = Object.fromEntries(counts.map((c) => [c.label, c]));
    expect(byLabel['base (8, 8, 4)'].counted).toBe(4255781);
    expect(byLabel['L = 64'].counted).toBe(5730341);
    expect(byLabel['H = 128'].counted).toBe(91203941);
    expect(byLabel['N = 128'].counted).toBe(91203941);
    for (const c of counts) expect(c.counted).toBe(c.formula);
    // at the character vocabulary the closed form still matches the counter (a different regime: blocks dominate)
    expect(resolve(p1LmSpec({ headDim: 4, heads: 16, depth: 2, context: 32 }, 99)).rows.reduce((s, r) => s + r.shape.reduce((a, b) => a * b, 1), 0)).toBe(lmParameterFormula(99, 64, 2, 32));
    expect(embeddingShare({ headDim: 8, heads: 8, depth: 4 }, 32101, 256)).toBeGreaterThan(0.96);
    expect(embeddingShare({ headDim: 4, heads: 16, depth: 2 }, 99, 32)).toBeLessThan(0.25);
  });

  it('builds the P1-7 LM: QK-LN, causal, readout bias, Adam ε = 1e−20 at peak η₀/√n with warmup–cosine', () => {
    const spec = p1LmSpec({ headDim: 4, heads: 4, depth: 2, attentionExponent: 0.5, learningRate: 0.05, warmupSteps: 50, context: 32 }, 99, 600);
    const table = resolve(spec);
    expect(spec.architecture).toBe('causalLm');
    expect(spec.qkLayerNorm).toBe(true);
    expect(spec.causal).toBe(true);
    expect(spec.optimizer).toMatchObject({ kind: 'adamw', epsilon: 1e-20, weightDecay: 0, warmupSteps: 50, totalSteps: 600 });
    expect(table.globalLearningRate).toBeCloseTo(0.05 / 4, 15);
    expect(table.branchMultiplier).toBeCloseTo(2, 15); // β₀/L = 4/2
    expect(table.rows.some((r) => r.name === 'readoutBias')).toBe(true);
    expect(table.logitScale).toBeCloseTo(0.5, 15); // N^{−α_A} = 4^{−1/2}
    expect(() => p1LmSpec({ headDim: 0, heads: 4, depth: 2 }, 99)).toThrow(/headDim/);
  });

  it('a tiny run is deterministic and returns curves, held-out losses and kernels of the right sizes', async () => {
    const a = await p1LmTrain(tinySpec, 3, settings);
    // the sweep's typed run (a grid point as plain JSON) trains the same network
    const b = (await p1LmRun({ member: 'tiny', seed: 3, spec: tinySpec, settings }, { index: 0, key: 'test', scale: 'test' })) as typeof a;
    const { msPerStep: _a, ...ra } = a;
    const { msPerStep: _b, ...rb } = b;
    expect(ra).toEqual(rb);
    expect(a.status).toBe('ok');
    expect(a.losses).toHaveLength(4);
    // centred logits are 0 at t = 0, so every prediction is uniform: held-out loss ln V exactly (float32 round-off)
    expect(a.initialHeldOutLoss).toBeCloseTo(Math.log(a.vocabulary), 4);
    expect(a.initial.finalTokenKernel).toHaveLength(16);
    expect(a.final.tokenKernel).toHaveLength(64);
    expect(a.compute).toBe(6 * a.parameters * 4 * 2 * 8);
    expect(a.parameters).toBe(lmParameterFormula(a.vocabulary, 4, 1, 8));
    const other = await p1LmTrain(tinySpec, 4, settings);
    expect(other.losses).not.toEqual(a.losses);
  }, 15_000);

  it('names a bad setting and a spec that does not fit the corpus', async () => {
    await expect(p1LmTrain(tinySpec, 3, { ...settings, steps: -1 })).rejects.toThrow(/settings\.steps.*-1/);
    await expect(p1LmTrain(tinySpec, 3, { ...settings, batchSize: NaN })).rejects.toThrow(/settings\.batchSize.*NaN/);
    const { dataSeed: _d, ...noSeed } = settings;
    await expect(p1LmTrain(tinySpec, 3, noSeed)).rejects.toThrow(/settings\.dataSeed: missing/);
    const wrong = p1LmSpec({ headDim: 2, heads: 2, depth: 1, context: 8 }, vocabulary + 1);
    await expect(p1LmTrain(wrong, 3, settings)).rejects.toThrow(new RegExp(`inputDim: expected the corpus vocabulary ${vocabulary}`));
  });

  it('spaces held-out windows evenly and names a bad count', () => {
    const tokens = Int32Array.from({ length: 100 }, (_, i) => i);
    const w = spacedWindows(tokens, 4, 10);
    expect(Array.from(w.inputs.filter((_, i) => i % 10 === 0))).toEqual([0, 22, 44, 66]); // ⌊i·89/4⌋
    expect(w.targets[0]).toBe(1);
    expect(() => spacedWindows(tokens, 0, 10)).toThrow(/count/);
  });

  it('gives the compute after each step: 6 · P · (t + 1) · batch · context', () => {
    expect(computeAxis(10, 3, { batchSize: 16, context: 32 })).toEqual([6 * 10 * 512, 12 * 10 * 512, 18 * 10 * 512]);
  });

  it('computes gains with combined SEs and the N-margin of the α_A kernel distance', () => {
    const runs = new Map<string, P1LmRecord[]>();
    const add = (member: string, a: number, losses: number[], kernels: number[][]) =>
      runs.set(lmGroupKey(member, a), losses.map((l, s) => fake(member, a, s, l, kernels[s])));
    const k = [[1, 0, 0, 1], [1, 0, 0, 1]];
    add('base', 1, [3, 3.2], k);
    add('base', 0.5, [3, 3.2], k);
    add('N=16', 1, [2.9, 3.1], k);
    add('N=16', 0.5, [2.5, 2.7], [[2, 0, 0, 2], [2, 0, 0, 2]]);
    // SE of each group = SD/√2 = 0.1414/√2 = 0.1; the gain's SE = √(0.1² + 0.1²)
    const gain = scalingGain(runs, 'N=16', 1);
    expect(gain.value).toBeCloseTo(0.1, 12);
    expect(gain.error).toBeCloseTo(Math.sqrt(0.02), 12);
    const diff = gainDifference(runs, 'N=16');
    expect(diff.value).toBeCloseTo(0.4, 12);
    expect(diff.error).toBeCloseTo(0.2, 12);
    // d(K(1), K(½)) = ‖I − 2I‖/‖2I‖ = ½ for N, 0 for base: margin ½ exactly
    const members = [{ member: 'base', axis: 'base' as const, headDim: 1, heads: 1, depth: 1 }, { member: 'N=16', axis: 'N' as const, headDim: 1, heads: 1, depth: 1 }];
    const margin = headDimDistanceMargin(runs, members, 2, 'finalTokenKernel', 'final');
    expect(margin.value).toBeCloseTo(0.5, 12);
    expect(margin.error).toBeCloseTo(0, 12);
  });
});
