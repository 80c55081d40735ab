/**
 * The P1 training figures as spec grids keep the science still: for every point of grid('smoke') and grid('quick')
 * of P1-T1, P1-T3, P1-2a/2b and P1-5a/5b, the point's spec and settings equal what the old code path built for the
 * corresponding old sweep config (the old config → spec mapping and the old grids are written out below), and the
 * two sets of points correspond one to one.
 */
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/spec/presets';
import type { OptimizerKind, Spec } from '../../src/spec/types';
import { expandGrid, type GridSpec } from '../../src/sweep/grid';
import type { GridPoint } from '../../src/sweep/spec-grid';
import { p1TableT1Grid } from '../../src/experiments/p1-train/figure-t1';
import { p1TableT3Grid } from '../../src/experiments/p1-train/figure-t3';
import { p1Figure2Grid } from '../../src/experiments/p1-train/figure-2a';
import { p1Figure5Grid } from '../../src/experiments/p1-train/figure-5a';
import { differingFields, ruleSpec, table1Rules, table1Sweeps } from '../../src/experiments/p1-train/table1';
import { rateOf } from '../../src/experiments/p1-train/transfer';

type OldConfig = Record<string, unknown> & { headDim: number; heads: number; depth: number; learningRate: number; seed: number };

/** The old p1TrainSpec(config) (src/experiments/p1-train-run.ts before the figures became grids). */
function oldSpec(config: OldConfig): Spec {
  const kind = (config.optimizer as OptimizerKind | undefined) ?? 'momentum';
  const optimizer = { kind, learningRate: config.learningRate, ...(kind === 'momentum' ? { momentum: (config.momentum as number | undefined) ?? 0.9 } : {}) };
  const sizes = { architecture: 'vit' as const, headDim: config.headDim, heads: config.heads, depth: config.depth, tokens: 16, inputDim: 49, outputDim: 10 };
  if (((config.preset as string | undefined) ?? 'p1') === 'sp') return preset('sp', { ...sizes, optimizer });
  return preset('p1', {
    ...sizes,
    attentionExponent: (config.attentionExponent as number | undefined) ?? 1,
    residualExponent: (config.residualExponent as number | undefined) ?? 1,
    branchScale: (config.branchScale as number | undefined) ?? 4,
    richness: (config.richness as number | undefined) ?? 0.25,
    referenceConvention: (config.referenceConvention as 'fixedDepth' | 'depthSweep' | undefined) ?? 'fixedDepth',
    ...(config.adamReadout !== undefined ? { adamReadout: config.adamReadout as 'code' | 'muP' } : {}),
    optimizer,
  });
}

/** The old run's settings with its defaults (probeCount 32, dataSeed 0, kinds changes + movement + attention). */
function oldSettings(c: Record<string, unknown>) {
  return {
    batchSize: c.batchSize, steps: c.steps, probeSteps: c.probeSteps ?? [], probeKinds: c.probeKinds ?? ['changes', 'movement', 'attention'],
    probeCount: c.probeCount ?? 32, dataSeed: c.dataSeed ?? 0, initialLogits: Boolean(c.initialLogits), weightDriven: Boolean(c.weightDriven),
  };
}

/** Every new point matches exactly one old config (same identifying values), with an equal spec and equal settings. */
function expectSameRuns(points: GridPoint[], old: OldConfig[], id: (values: Record<string, unknown>) => string) {
  expect(points.length).toBe(old.length);
  const byId = new Map(old.map((c) => [id(c), c]));
  expect(byId.size).toBe(old.length);
  for (const p of points) {
    const c = byId.get(id({ ...p.values, seed: p.seed }));
    expect(c, `no old config for ${JSON.stringify(p.values)}`).toBeDefined();
    expect(p.spec).toStrictEqual(oldSpec(c!));
    expect(p.settings).toStrictEqual(oldSettings(c!));
    byId.delete(id({ ...p.values, seed: p.seed }));
  }
}

const oldConfigs = (grid: GridSpec) => expandGrid(grid) as OldConfig[];

describe('P1 training grids build the networks of the old sweeps', () => {
  const t1 = {
    smoke: { headsSweep: { headDim: 8, heads: [2, 4] }, headDimSweep: { heads: 4, headDims: [4, 8] }, seeds: 1, steps: 2 },
    quick: { headsSweep: { headDim: 8, heads: [2, 4, 8, 16] }, headDimSweep: { heads: 4, headDims: [4, 8, 16, 32] }, seeds: 2, steps: 20 },
  };
  for (const scale of ['smoke', 'quick'] as const) {
    it(`P1-T1 at ${scale}: rule × shape × seed`, () => {
      const o = t1[scale];
      const shapes = [...o.headsSweep.heads.map((H) => [o.headsSweep.headDim, H]), ...o.headDimSweep.headDims.map((N) => [N, o.headDimSweep.heads])]
        .filter((s, i, all) => all.findIndex((t) => t[0] === s[0] && t[1] === s[1]) === i);
      const rules = table1Rules;
      const old = oldConfigs({
        zip: [
          { rule: rules.map((r) => r.rule), preset: rules.map((r) => r.preset), optimizer: rules.map((r) => r.optimizer), learningRate: rules.map((r) => r.learningRate), adamReadout: rules.map((r) => r.adamReadout) },
          { headDim: shapes.map((s) => s[0]), heads: shapes.map((s) => s[1]) },
        ],
        fixed: { depth: 2, batchSize: 32, steps: o.steps, probeSteps: [o.steps], probeKinds: ['changes'] },
        seeds: o.seeds,
      });
      expectSameRuns(p1TableT1Grid(scale).expand(), old, (v) => `${v.rule}|${v.headDim}|${v.heads}|${v.seed}`);
    });
  }

  const t3 = { smoke: { headDims: [8, 16], seeds: 1, steps: 2, readSteps: [2, 4] }, quick: { headDims: [8, 16, 32, 64, 128], seeds: 2, steps: 20, readSteps: [20, 100, 400] } };
  for (const scale of ['smoke', 'quick'] as const) {
    it(`P1-T3 at ${scale}: the t = 20 sweep and the longer sweep, α_A × N × seed`, () => {
      const o = t3[scale];
      const constants = (steps: number, probeSteps: number[]) => ({ heads: 2, depth: 2, learningRate: 0.1, richness: 0.25, batchSize: 32, steps, probeSteps });
      const axes = { attentionExponent: [1, 0.5], headDim: o.headDims };
      const short = oldConfigs({ axes, fixed: { ...constants(o.steps, [o.steps]), probeKinds: ['changes'], initialLogits: true, weightDriven: true }, seeds: o.seeds });
      const long = oldConfigs({ axes, fixed: { ...constants(o.readSteps[o.readSteps.length - 1], o.readSteps), probeKinds: ['changes'] }, seeds: o.seeds });
      const tag = (c: OldConfig[], m: string) => c.map((x) => ({ ...x, measurement: m }));
      const points = p1TableT3Grid(scale).expand();
      const old = [...tag(short, 'update sizes'), ...tag(long, 'attention vs step')];
      const strip = (c: OldConfig) => { const { measurement: _x, ...rest } = c; return rest as OldConfig; };
      const byKey = (v: Record<string, unknown>) => `${v.measurement}|${v.attentionExponent}|${v.headDim}|${v.seed}`;
      expect(points.length).toBe(old.length);
      for (const p of points) {
        const c = old.find((x) => byKey(x) === byKey({ ...p.values, seed: p.seed }))!;
        expect(c).toBeDefined();
        expect(p.spec).toStrictEqual(oldSpec(strip(c)));
        expect(p.settings).toStrictEqual(oldSettings(strip(c)));
      }
      expect(new Set(points.map((p) => byKey({ ...p.values, seed: p.seed }))).size).toBe(old.length);
    });
  }

  const fig2 = { smoke: { headDims: [4, 8], logRates: [-1, 0], seeds: 1, steps: 10 }, quick: { headDims: [4, 8, 16], logRates: [-2, -1.5, -1, -0.5, 0, 0.5], seeds: 2, steps: 200 } };
  const fig2Fixed = (steps: number) => ({ heads: 4, depth: 2, branchScale: 4, richness: 0.25, batchSize: 32, steps, probeSteps: [steps], probeKinds: ['attention'] });
  const fig2Id = (v: Record<string, unknown>) => `${v.attentionExponent}|${v.headDim}|${v.learningRate}|${v.seed}`;
  for (const scale of ['smoke', 'quick'] as const) {
    it(`P1-2a/2b at ${scale}: α_A × N × η₀ × seed, and the P1-2b widths at one η₀`, () => {
      const o = fig2[scale];
      const old = oldConfigs({ axes: { attentionExponent: [1, 0.5], headDim: [...o.headDims].sort((a, b) => b - a), learningRate: o.logRates.map(rateOf) }, fixed: fig2Fixed(o.steps), seeds: o.seeds });
      const grid = p1Figure2Grid(scale);
      expectSameRuns(grid.expand(), old, fig2Id);
      // P1-2b's runs at one α_A's best η₀ (old runHeadVarianceExperiment: axes α_A = [a], widths, [η₀]).
      const widths = [...o.headDims, scale === 'smoke' ? 16 : 32].sort((a, b) => b - a);
      const oldWidths = oldConfigs({ axes: { attentionExponent: [0.5], headDim: widths, learningRate: [rateOf(-1)] }, fixed: fig2Fixed(o.steps), seeds: o.seeds });
      expectSameRuns(grid.axis('attentionExponent', [0.5]).axis('headDim', widths).axis('learningRate', [rateOf(-1)]).expand(), oldWidths, fig2Id);
    });
  }

  const fig5 = { smoke: { depths: [2, 4], seeds: 1, steps: 20, readSteps: [5, 10, 20] }, quick: { depths: [2, 4, 8, 16], seeds: 2, steps: 1000, readSteps: [30, 100, 300, 1000] } };
  for (const scale of ['smoke', 'quick'] as const) {
    it(`P1-5a/5b at ${scale}: α_L × L × seed, depth-sweep convention`, () => {
      const o = fig5[scale];
      const old = oldConfigs({
        axes: { residualExponent: [0.5, 1], depth: [...o.depths].sort((a, b) => b - a) },
        fixed: { headDim: 4, heads: 4, branchScale: 6, richness: 0.1, learningRate: 0.2, batchSize: 32, attentionExponent: 1, referenceConvention: 'depthSweep', steps: o.steps, probeSteps: o.readSteps, probeKinds: ['movement'] },
        seeds: o.seeds,
      });
      expectSameRuns(p1Figure5Grid(scale).expand(), old, (v) => `${v.residualExponent}|${v.depth}|${v.seed}`);
    });
  }
});

describe('P1 training grids: extensions and parameters', () => {
  it("the notebooks' one-cell extensions expand to validated specs with the changed field", async () => {
    const { figures } = await import('../../src/figures/registry');
    const g = (id: string) => figures[id].grid('smoke');
    expect(g('P1-T1').with({ depth: 4 }).expand().every((p) => p.spec.depth === 4)).toBe(true);
    expect(new Set(g('P1-T3').with({ richness: 1 }).axis('headDim', [8, 16, 32, 64, 128, 256]).expand().map((p) => p.spec.headDim)).size).toBe(6);
    expect(g('P1-2a').with({ richness: 1 }).axis('headDim', [32, 16, 8, 4]).expand().every((p) => p.spec.richness === 1)).toBe(true);
    expect(g('P1-2b').with({ extraWidths: [32, 64] }).analysis.extraWidths).toEqual([32, 64]);
    expect(new Set(g('P1-5a').axis('depth', [32, 16, 8, 4, 2]).expand().map((p) => p.spec.depth)).size).toBe(5);
    expect(g('P1-5b').with({ branchScale: 4 }).expand().every((p) => p.spec.branchScale === 4 && p.spec.positionalTable === false)).toBe(true);
  });

  it('differingFields zips exactly the fields in which the rule specs differ; table1Sweeps names a malformed sweep', () => {
    const specs = table1Rules.map((r) => ruleSpec(r, { headDim: 8, heads: 4, depth: 2 }));
    expect(Object.keys(differingFields(specs)).sort()).toEqual(['adamReadout', 'attentionExponent', 'branchScale', 'centred', 'optimizer', 'preset', 'referenceConvention', 'residualExponent', 'richness']);
    expect(differingFields([specs[0], specs[0]])).toEqual({});
    expect(() => table1Sweeps({ headsSweep: { headDim: 8, heads: [] }, headDimSweep: { heads: 4, headDims: [4] } })).toThrow(/headsSweep: expected \{headDim, heads: \[H…\]\} of positive integers, got \{"headDim":8,"heads":\[\]\}/);
  });
});
