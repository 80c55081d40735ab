/**
 * Coordinate check (THEORY.md §2.9; FIGURES.md P1-T1): train a few steps at several widths N (head dim) and H
 * (heads), and depths L, on identical batches, and fit the log-log slope of every activation's coordinate size
 * ⟨|x(t) − x(0)|⟩ (or ⟨|x(t)|⟩) against the swept size. A parameterization with a well-defined limit keeps these
 * slopes near 0; SP at a fixed learning rate makes them grow (or the run diverges).
 */
import * as dfd from 'danfojs-node';
import type * as tf from '@tensorflow/tfjs';
import { fitPowerLaw } from './fit';
import { recordsToFrame } from './dataframe';
import { buildModel } from '../models/builders';
import { checkKnownKeys, showValue, type AllKeysListed } from '../spec/validate';
import type { Model } from '../models/types';
import type { Spec } from '../spec/types';
import { train, type TrainingBatch } from '../train/loop';

export type CoordinateAxis = 'headDim' | 'heads' | 'depth';

export interface CoordinateCheckOptions {
  /** Base spec; each sweep changes one of headDim, heads, depth. */
  spec: Spec;
  /** Sizes for each sweep (omit or give one value to skip that sweep). */
  headDims?: number[];
  heads?: number[];
  depths?: number[];
  /** Batch for step t (fresh tensors; the loop disposes them); the same for every size. */
  batches: (step: number) => TrainingBatch;
  /** Fixed probe inputs measured at every step (the caller keeps ownership). */
  probeInputs: tf.Tensor;
  /** Optimizer updates T (default 3); statistics are recorded after each of t = 1…T. */
  steps?: number;
  /** Steps whose slopes enter the verdict (default: all of 1…T). */
  verdictSteps?: number[];
  seeds?: number[];
  /** 'change' (default): ⟨|x(t) − x(0)|⟩; 'size': ⟨|x(t)|⟩. */
  statistic?: 'change' | 'size';
  /** |slope − expected| above this is flagged (default 0.3). */
  tolerance?: number;
  /** Modules judged by the verdict (default: stream-level ones, see defaultVerdictModule). */
  verdictModule?: (module: string) => boolean;
  /** Expected slope per module and axis (default 0). */
  expectedSlope?: (module: string, axis: CoordinateAxis) => number;
  /** Loss above which a run counts as diverged (default: train's, 2 ln C; FIGURES.md P1-T1 counts divergence as a fail). */
  divergenceThreshold?: number;
  /** Model builder (default buildModel). */
  build?: (spec: Spec, seed: number) => Model;
}

/** One probe value. Fields are named so that they can be DataFrame columns ('axis' and 'size' are danfojs members). */
export interface CoordinateRecord {
  /** The swept size: headDim, heads or depth. */
  sweptAxis: CoordinateAxis;
  /** Its value in this run. */
  sweptSize: number;
  seed: number;
  step: number;
  module: string;
  coordinateSize: number;
  coordinateChange: number;
  status: 'completed' | 'diverged';
}

export interface CoordinateFlag {
  sweptAxis: CoordinateAxis;
  module: string;
  step: number;
  slope: number;
  expected: number;
  reason: 'slope' | 'diverged';
}

export interface CoordinateSlope {
  sweptAxis: CoordinateAxis;
  module: string;
  step: number;
  slope: number;
  slopeSE: number;
}

export interface CoordinateCheckResult {
  frame: dfd.DataFrame;
  records: CoordinateRecord[];
  slopes: CoordinateSlope[];
  verdict: { pass: boolean; flagged: CoordinateFlag[] };
}

/**
 * Stream-level modules judged by default: the residual stream ('stream.ℓ'), the branch outputs ('blockℓ.attention',
 * 'blockℓ.mlp'), the readout input ('features') and the centred output ('output'). Per-head keys, queries and
 * logits have their own laws (N^{α_A−1}, THEORY.md §2.9) and are recorded but not judged.
 */
export function defaultVerdictModule(module: string): boolean {
  return /^(stream\.|features$|output$|readIn$|block[^.]*\.(attention|mlp)$)/.test(module);
}

/** For a depth sweep, block-indexed names become 'first'/'last' (other blocks are dropped), 'stream.0' → 'stream.readIn'. */
function depthName(module: string, depth: number): string | null {
  const stream = /^stream\.(\d+)$/.exec(module);
  if (stream) {
    const l = Number(stream[1]);
    return l === 0 ? 'stream.readIn' : l === depth ? 'stream.final' : null;
  }
  const block = /^block(\d+)\.(.*)$/.exec(module);
  if (block) {
    const l = Number(block[1]);
    if (l === 1) return `blockFirst.${block[2]}`;
    if (l === depth) return `blockLast.${block[2]}`;
    return null;
  }
  return module;
}

function checkSizes(name: string, values: number[] | undefined): number[] {
  if (values !== undefined && !Array.isArray(values)) throw new Error(`${name}: expected a list of positive integers, got ${showValue(values)}`);
  for (const v of values ?? []) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected positive integers, got ${showValue(v)}`);
  }
  return values ?? [];
}

/** One run: records at t = 0…T for every module (coordinate probes of the training loop). */
function runOne(options: CoordinateCheckOptions, axis: CoordinateAxis, size: number, seed: number, steps: number): CoordinateRecord[] {
  const spec = { ...options.spec, [axis]: size } as Spec;
  const model = (options.build ?? buildModel)(spec, seed);
  const out: CoordinateRecord[] = [];
  try {
    const record = train(model, options.batches, {
      steps,
      probeSteps: Array.from({ length: steps + 1 }, (_, t) => t),
      probeBatch: { inputs: options.probeInputs },
      probeKinds: ['coordinates'],
      divergenceThreshold: options.divergenceThreshold,
    });
    for (const probe of record.probes) {
      const sizes = probe.coordinateSizes ?? {};
      const changes = probe.coordinateChanges ?? {};
      for (const [name, value] of Object.entries(sizes)) {
        const module = axis === 'depth' ? depthName(name, size) : name;
        if (module === null) continue;
        out.push({ sweptAxis: axis, sweptSize: size, seed, step: probe.step, module, coordinateSize: value, coordinateChange: changes[name] ?? NaN, status: 'completed' });
      }
    }
    if (record.status === 'diverged') {
      const step = (record.divergedAt ?? 0) + 1;
      out.push({ sweptAxis: axis, sweptSize: size, seed, step, module: '*', coordinateSize: NaN, coordinateChange: NaN, status: 'diverged' });
    }
  } finally {
    model.dispose();
  }
  return out;
}

const coordinateCheckKeys = [
  'spec', 'headDims', 'heads', 'depths', 'batches', 'probeInputs', 'steps', 'verdictSteps', 'seeds', 'statistic', 'tolerance',
  'verdictModule', 'expectedSlope', 'divergenceThreshold', 'build',
] as const;
const coordinateCheckKeysComplete: AllKeysListed<CoordinateCheckOptions, typeof coordinateCheckKeys> = true;
void coordinateCheckKeysComplete;

/**
 * Runs the sweeps and fits, for each axis, module and step t ≥ 1, the slope b of log s̄ = a + b·log(size), s̄ the
 * seed mean of ⟨|x(t) − x(0)|⟩ (or ⟨|x(t)|⟩). Verdict: a module is flagged when |b − expected| > tolerance at a
 * verdict step, and every axis with a diverged (non-finite) run is flagged.
 */
export function coordinateCheck(options: CoordinateCheckOptions): CoordinateCheckResult {
  if (options === null || typeof options !== 'object') throw new Error(`options: expected an object {spec, batches, …}, got ${showValue(options)}`);
  checkKnownKeys('', "coordinateCheck's options", options, coordinateCheckKeys);
  const steps = options.steps ?? 3;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps: expected a positive integer, got ${showValue(steps)}`);
  const tolerance = options.tolerance ?? 0.3;
  if (typeof tolerance !== 'number' || !(tolerance > 0)) throw new Error(`tolerance: expected a positive number, got ${showValue(tolerance)}`);
  const statistic = options.statistic ?? 'change';
  if (statistic !== 'change' && statistic !== 'size') throw new Error(`statistic: expected one of 'change', 'size', got ${showValue(statistic)}`);
  const seeds = options.seeds ?? [0];
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((x) => Number.isFinite(x))) {
    throw new Error(`seeds: expected a non-empty list of finite numbers, got ${showValue(seeds)}`);
  }
  const verdictSteps = new Set(options.verdictSteps ?? Array.from({ length: steps }, (_, i) => i + 1));
  const judged = options.verdictModule ?? defaultVerdictModule;
  const expected = options.expectedSlope ?? (() => 0);
  const sweeps: [CoordinateAxis, number[]][] = [
    ['headDim', checkSizes('headDims', options.headDims)],
    ['heads', checkSizes('heads', options.heads)],
    ['depth', checkSizes('depths', options.depths)],
  ];
  if (sweeps.every(([, sizes]) => sizes.length < 2)) {
    const given = sweeps.map(([axis, sizes]) => `${axis === 'headDim' ? 'headDims' : axis === 'heads' ? 'heads' : 'depths'} = ${showValue(sizes)}`).join(', ');
    throw new Error(`headDims, heads, depths: expected at least one list of two or more sizes to fit a slope, got ${given}`);
  }
  const records: CoordinateRecord[] = [];
  for (const [axis, sizes] of sweeps) {
    if (sizes.length < 2) continue;
    for (const size of sizes) for (const seed of seeds) records.push(...runOne(options, axis, size, seed, steps));
  }
  const slopes: CoordinateSlope[] = [];
  const flagged: CoordinateFlag[] = [];
  for (const [axis, sizes] of sweeps) {
    if (sizes.length < 2) continue;
    const mine = records.filter((r) => r.sweptAxis === axis);
    if (mine.some((r) => r.status === 'diverged')) {
      const first = mine.filter((r) => r.status === 'diverged').sort((a, b) => a.step - b.step)[0];
      flagged.push({ sweptAxis: axis, module: '*', step: first.step, slope: NaN, expected: NaN, reason: 'diverged' });
      continue;
    }
    const modules = [...new Set(mine.map((r) => r.module))];
    for (let step = 1; step <= steps; step++) {
      for (const module of modules) {
        const means = sizes.map((size) => {
          const rows = mine.filter((r) => r.sweptSize === size && r.step === step && r.module === module);
          const values = rows.map((r) => (statistic === 'change' ? r.coordinateChange : r.coordinateSize));
          return rows.length === seeds.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
        });
        if (means.some((m) => !Number.isFinite(m))) {
          if (judged(module) && verdictSteps.has(step)) flagged.push({ sweptAxis: axis, module, step, slope: NaN, expected: NaN, reason: 'diverged' });
          continue;
        }
        if (!means.every((m) => m > 0)) continue;
        const fit = fitPowerLaw(sizes, means);
        slopes.push({ sweptAxis: axis, module, step, slope: fit.slope, slopeSE: fit.slopeSE });
        const want = expected(module, axis);
        if (judged(module) && verdictSteps.has(step) && Math.abs(fit.slope - want) > tolerance) {
          flagged.push({ sweptAxis: axis, module, step, slope: fit.slope, expected: want, reason: 'slope' });
        }
      }
    }
  }
  const frame = recordsToFrame(records as unknown as Record<string, unknown>[]);
  return { frame, records, slopes, verdict: { pass: flagged.length === 0, flagged } };
}
