import { describe, expect, it } from 'vitest';
import { describeSpec } from '../../src/spec/describe';
import { preset } from '../../src/spec/presets';
import { branchMultiplier, parameterCount, resolve } from '../../src/spec/resolve';
import type { ParameterTable, Spec } from '../../src/spec/types';

function row(table: ParameterTable, name: string) {
  const r = table.rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return r;
}
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 12);

describe('parameterCount (FIGURES.md P1-12)', () => {
  const lm = preset('p1', { architecture: 'causalLm', headDim: 8, heads: 8, depth: 4, tokens: 256, inputDim: 32101, outputDim: 32101 });
  it('reproduces 2Vn + (context+1)n + V + 6Ln²', () => {
    expect(parameterCount(lm)).toBe(4255781);
    expect(parameterCount({ ...lm, depth: 64 })).toBe(5730341);
    expect(parameterCount({ ...lm, heads: 128 })).toBe(91203941);
    expect(parameterCount({ ...lm, headDim: 128 })).toBe(91203941);
  });
});

describe('P1 table (THEORY.md §2.5)', () => {
  it('fixed-depth ViT, SGD: r = (L/β₀)^{α_L−½}, η = η₀γ₀²nL', () => {
    const spec = preset('p1', { headDim: 8, heads: 4, depth: 8, optimizer: { kind: 'sgd', learningRate: 0.2 } });
    const t = resolve(spec);
    const n = 32;
    const r = Math.sqrt(8 / 4);
    close(t.branchMultiplier, 4 / 8);
    close(t.globalLearningRate, 0.2 * 0.25 ** 2 * n * 8);
    close(row(t, 'readIn').initStd, r);
    close(row(t, 'readIn').multiplier, 1 / (r * 7));
    close(row(t, 'positional').initStd, r);
    close(row(t, 'positional').multiplier, 1 / r);
    close(row(t, 'block3.query').initStd, 1); // N^{1−α_A}, α_A = 1
    close(row(t, 'block3.key').multiplier, 1 / (2 * Math.sqrt(8) * Math.SQRT2)); // 1/(√H N^{1/2} √2)
    close(row(t, 'block8.value').multiplier, 1 / Math.sqrt(n));
    close(row(t, 'readout').initStd, r);
    close(row(t, 'readout').multiplier, 1 / (r * n));
    for (const x of t.rows) close(x.learningRate, t.globalLearningRate);
  });

  it('ViT Adam: read-in n^{−½}/√(n/Dp²), readout 1/n^{−½}, η = η₀/√n; α_A = ½ gives W^{QK} std N^{½}', () => {
    const spec = preset('p1', { headDim: 16, heads: 4, attentionExponent: 0.5, optimizer: { kind: 'adam', learningRate: 0.01 } });
    const t = resolve(spec);
    const n = 64;
    close(row(t, 'readIn').initStd, 1 / 8);
    close(row(t, 'readIn').multiplier, 8 / 7);
    close(row(t, 'positional').multiplier, 8);
    close(row(t, 'block1.query').initStd, 4);
    close(row(t, 'block1.query').multiplier, 1 / (2 * 16 * Math.SQRT2)); // 1/(√H N^{3/2−½} √2)
    close(row(t, 'readout').initStd, 1);
    close(row(t, 'readout').multiplier, 1 / 8);
    close(t.globalLearningRate, 0.01 / Math.sqrt(n));
  });

  it("ViT Adam readout 'muP': std n^{−½}, multiplier n^{−½} (the LM's row), every other row as the code row", () => {
    const code = resolve(preset('p1', { headDim: 16, heads: 4, optimizer: { kind: 'adam', learningRate: 0.01 } }));
    const mup = resolve(preset('p1', { headDim: 16, heads: 4, adamReadout: 'muP', optimizer: { kind: 'adam', learningRate: 0.01 } }));
    close(row(mup, 'readout').initStd, 1 / 8);
    close(row(mup, 'readout').multiplier, 1 / 8);
    close(row(mup, 'readout').learningRate, row(code, 'readout').learningRate);
    for (const r of code.rows.filter((x) => x.name !== 'readout')) expect(row(mup, r.name)).toEqual(r);
    expect(() => preset('p1', { adamReadout: 'mup' as never })).toThrow(/^adamReadout: expected one of 'code', 'muP', got 'mup'/);
  });

  it('LM: no √2 in μ_QK, no SGD depth factor, L_r = 1; Adam embedding n^{−½}·√n, readout n^{−½}, bias 0', () => {
    const sgd = resolve(preset('p1', { architecture: 'causalLm', depth: 4, optimizer: { kind: 'sgd', learningRate: 1 } }));
    close(sgd.globalLearningRate, 0.25 ** 2 * 16); // η₀γ₀²n, no depth factor
    close(sgd.branchMultiplier, 1);
    close(row(sgd, 'readIn').initStd, 2); // (4/1)^{½}
    close(row(sgd, 'readIn').multiplier, 0.5);
    close(row(sgd, 'block1.query').multiplier, 1 / (2 * 2));
    const adam = resolve(preset('p1', { architecture: 'causalLm' }));
    close(row(adam, 'readIn').initStd, 0.25);
    close(row(adam, 'readIn').multiplier, 4);
    close(row(adam, 'readout').initStd, 0.25);
    close(row(adam, 'readout').multiplier, 0.25);
    expect(row(adam, 'readoutBias')).toMatchObject({ initStd: 0, multiplier: 1, shape: [64] });
    expect(row(adam, 'positional').shape).toEqual([33, 16]);
  });

  it('depth-sweep convention: L₀ = 2 everywhere and no positional table', () => {
    const spec = preset('p1', { referenceConvention: 'depthSweep', depth: 8, residualExponent: 0.5, branchScale: 6, optimizer: { kind: 'sgd', learningRate: 0.2 } });
    const t = resolve(spec);
    close(t.branchMultiplier, 6 * (8 / 2) ** -0.5);
    close(t.globalLearningRate, 0.2 * 0.0625 * 16); // (L/L_η)^{2α_L−1} = 1
    close(row(t, 'readIn').initStd, 1); // r = (L/2)^0
    expect(t.rows.some((r) => r.name === 'positional')).toBe(false);
  });

  it('Adam Table-1 options: depth (L/L_η)^{α_L−1} and γ₀ factors (off by default)', () => {
    const base = preset('p1', { depth: 4, residualExponent: 0.5, optimizer: { kind: 'adam', learningRate: 0.1 } });
    const plain = resolve(base).globalLearningRate;
    close(plain, 0.1 / 4);
    close(resolve({ ...base, adamFactors: { depth: true, richness: true } }).globalLearningRate, plain * 0.5 * 0.25);
  });
});

describe('other presets (THEORY.md §7)', () => {
  it('depth-μP b_L = β₀/√L and Adam ∝ L^{−½}; CompleteP b_L = β₀/L', () => {
    const d = resolve(preset('depthMup', { depth: 16, optimizer: { kind: 'adam', learningRate: 0.1 } }));
    close(d.branchMultiplier, 0.25);
    close(d.globalLearningRate, (0.1 / 4) * 0.25);
    const c = resolve(preset('completeP', { depth: 16, optimizer: { kind: 'adam', learningRate: 0.1 } }));
    close(c.branchMultiplier, 1 / 16);
    close(c.globalLearningRate, 0.1 / 4);
    const sgd = resolve(preset('completeP', { depth: 16, optimizer: { kind: 'sgd', learningRate: 0.1 } }));
    close(sgd.globalLearningRate, 0.1 * 16 * 16); // η₀γ₀²n L^{2α_L−1}
  });
  it('SP: std 1/√fan_in, multiplier 1, not centred; NTK: std 1, multiplier 1/√fan_in', () => {
    const sp = resolve(preset('sp'));
    close(row(sp, 'readIn').initStd, 1 / 7);
    close(row(sp, 'readout').initStd, 0.25);
    expect(sp.rows.every((r) => r.multiplier === 1 && r.learningRate === 0.05)).toBe(true);
    expect(sp.spec.centred).toBe(false);
    close(sp.logitScale!, 0.5);
    const ntk = resolve(preset('ntk'));
    close(row(ntk, 'readout').multiplier, 0.25);
    close(row(ntk, 'readIn').multiplier, 1 / 7);
    close(row(ntk, 'block1.query').initStd, 1);
  });
  it('μP: readout var 1/n², SGD rates η·fan_out / η / η/n, Adam hidden η/fan_in, logits 1/N', () => {
    const sgd = resolve(preset('mup', { headDim: 8, heads: 4, optimizer: { kind: 'sgd', learningRate: 0.1 } }));
    close(row(sgd, 'readout').initStd, 1 / 32);
    close(row(sgd, 'readout').learningRate, 0.1 / 32);
    close(row(sgd, 'readIn').learningRate, 0.1 * 32);
    close(row(sgd, 'block1.value').learningRate, 0.1);
    close(sgd.logitScale!, 1 / 8);
    const adam = resolve(preset('mup', { headDim: 8, heads: 4, optimizer: { kind: 'adam', learningRate: 0.1 } }));
    close(row(adam, 'block1.mlpOut').learningRate, 0.1 / 32);
    close(row(adam, 'readIn').learningRate, 0.1);
  });
  it('shaped: τ = τ₀√(nN), λ = √(1−γ²), shaped-ReLU normaliser in W^post', () => {
    const t = resolve(preset('shaped', { headDim: 8, heads: 4, temperature: 2 }));
    close(t.logitScale!, 1 / (2 * Math.sqrt(32 * 8)));
    close(t.branchMultiplier, 1 / Math.sqrt(8));
    close(t.skipMultiplier!, Math.sqrt(7 / 8));
    const c = 1 / (1 - 1 / Math.sqrt(32) + 1 / 64);
    close(row(t, 'block2.mlpOut').multiplier, Math.sqrt(c / 32));
    close(row(t, 'block2.query').multiplier, 1 / Math.sqrt(32));
  });
});

describe('abc symmetry and storage conventions (THEORY.md §2.6)', () => {
  it('unitStd stores N(0,1) weights with μσ and η/σ² (SGD) or η/σ (Adam)', () => {
    const spec = preset('p1', { depth: 8, optimizer: { kind: 'sgd', learningRate: 0.2 } });
    const a = resolve(spec);
    const b = resolve({ ...spec, storage: 'unitStd' });
    for (let i = 0; i < a.rows.length; i++) {
      close(b.rows[i].initStd, 1);
      close(b.rows[i].multiplier, a.rows[i].multiplier * a.rows[i].initStd);
      close(b.rows[i].learningRate, a.rows[i].learningRate / a.rows[i].initStd ** 2);
    }
    const adam = { ...spec, optimizer: { kind: 'adam' as const, learningRate: 0.1 } };
    const c = resolve({ ...adam, abcScale: { qk: 3 } });
    const d = resolve(adam);
    close(row(c, 'block1.key').learningRate, row(d, 'block1.key').learningRate / 3);
    close(row(c, 'block1.key').multiplier, row(d, 'block1.key').multiplier * 3);
  });
});

describe('plain JSON and description', () => {
  it('spec and table survive a JSON round trip', () => {
    for (const spec of [preset('p1'), preset('shaped'), preset('mup', { architecture: 'causalLm' })]) {
      const t = resolve(spec);
      expect(JSON.parse(JSON.stringify(t))).toEqual(t);
      expect(resolve(JSON.parse(JSON.stringify(spec)) as Spec)).toEqual(t);
    }
  });
  it('describeSpec gives a DataFrame with one row per tensor and a text table', () => {
    const { frame, text, table } = describeSpec(preset('p1'));
    expect(frame.columns).toEqual(['name', 'group', 'block', 'tensorShape', 'initStd', 'multiplier', 'learningRate']);
    expect(frame.values.length).toBe(table.rows.length);
    expect(frame.column('name').values).toEqual(table.rows.map((r) => r.name));
    expect(text.split('\n').length).toBe(table.rows.length + 3);
    expect(text).toContain('block2.mlpOut');
  });
  it('b_L = β₀(L/L_b)^{−α_L}', () => {
    close(branchMultiplier(preset('p1', { depth: 6, branchScale: 3, residualExponent: 0.75, referenceDepth: { branch: 2, learningRate: 1, readout: 1 } })), 3 * 3 ** -0.75);
  });
});
