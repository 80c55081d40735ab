/**
 * Coordinate check (FIGURES.md P1-T1; THEORY.md §2.9): after t = 1…3 steps on identical batches, the coordinate
 * change ⟨|x(t) − x(0)|⟩ of every stream-level activation must have a log-log slope within ±0.3 of 0 against N, H
 * (P1 table, α_A = 1) and L (CompleteP: α_L = 1, Adam/SGD rates per §3.3); SP at a fixed learning rate must be
 * flagged (its output change grows like n^{≈0.8} and its final stream like L^{≈1.5}).
 *
 * Tolerance 0.3: the fits span 8× in N and H (n = 16…128) and 4× in L; finite-size corrections of relative size
 * c/√n move a log-log slope by (c/√16 − c/√128)/ln 8 ≈ 0.17c, so with c ≈ 1 slopes up to ≈ 0.2 are expected from
 * a parameterization whose limit is well defined (measured worst: P1 0.25, CompleteP 0.27), while a real width or
 * depth dependence shows up as |slope| ≥ ½.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { frameColumn } from '../../src/analysis/dataframe';
import { initBackend } from '../../src/backend';
import { preset } from '../../src/spec/presets';
import type { Spec } from '../../src/spec/types';
import { coordinateCheck, defaultVerdictModule } from '../../src/analysis/coordinate-check';
import { mixtureTask } from '../train/fixtures/mixture';

const tokens = 8;
const inputDim = 16;
const classes = 4;
const task = mixtureTask({ tokens, inputDim, classes, batch: 16, seed: 9 });
const sizes = { headDim: 8, heads: 2, depth: 2, tokens, inputDim, outputDim: classes };

function check(spec: Spec, sweeps: { headDims?: number[]; heads?: number[]; depths?: number[] }) {
  const probe = task.probe(8);
  const result = coordinateCheck({ spec, ...sweeps, batches: task.batch, probeInputs: probe.inputs, steps: 3 });
  probe.inputs.dispose();
  probe.targets.dispose();
  return result;
}

describe('coordinateCheck', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('passes for the P1 table across N and H, and for CompleteP across L', () => {
    const width = check(preset('p1', sizes), { headDims: [8, 16, 32, 64], heads: [2, 4, 8, 16] });
    expect(width.verdict.flagged).toEqual([]);
    expect(width.verdict.pass).toBe(true);
    // Every judged module was fitted on both axes at every step.
    const judged = width.slopes.filter((s) => defaultVerdictModule(s.module));
    expect(new Set(judged.map((s) => s.sweptAxis))).toEqual(new Set(['headDim', 'heads']));
    expect(judged.filter((s) => s.module === 'output' && s.sweptAxis === 'headDim').map((s) => s.step)).toEqual([1, 2, 3]);
    // The frame has one row per (sweptAxis, sweptSize, seed, step, module).
    expect(width.frame.shape[0]).toBe(width.records.length);
    expect(new Set(frameColumn(width.frame, 'sweptAxis'))).toEqual(new Set(['headDim', 'heads']));
    expect(width.records.filter((r) => r.step === 0).every((r) => r.coordinateChange === 0)).toBe(true);

    const depth = check(preset('completeP', sizes), { depths: [2, 4, 8] });
    expect(depth.verdict.flagged).toEqual([]);
    expect(depth.slopes.some((s) => s.module === 'stream.final')).toBe(true);
  });

  it('fails for SP at a fixed learning rate, in width and in depth', () => {
    const sp = preset('sp', { ...sizes, optimizer: { kind: 'momentum', learningRate: 0.05 } });
    const result = check(sp, { headDims: [8, 16, 32, 64], depths: [2, 4, 8] });
    expect(result.verdict.pass).toBe(false);
    const flaggedAxes = new Set(result.verdict.flagged.map((f) => f.sweptAxis));
    expect(flaggedAxes).toEqual(new Set(['headDim', 'depth']));
    const output = result.slopes.find((s) => s.sweptAxis === 'headDim' && s.module === 'output' && s.step === 1);
    expect(output?.slope).toBeGreaterThan(0.5);
  });

  it('rejects bad options naming the field', () => {
    const spec = preset('p1', sizes);
    const probe = task.probe(2);
    expect(() => coordinateCheck({ spec, headDims: [8, 0], batches: task.batch, probeInputs: probe.inputs })).toThrow(/headDims/);
    expect(() => coordinateCheck({ spec, steps: 0, batches: task.batch, probeInputs: probe.inputs })).toThrow(/steps/);
    probe.inputs.dispose();
    probe.targets.dispose();
  });
});
