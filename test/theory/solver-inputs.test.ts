import { describe, expect, it } from 'vitest';
import { simulateCovarianceSde } from '../../src/theory/covariance-sde';
import { simulateCovarianceChain } from '../../src/theory/covariance-chain';
import { simulateBruteForceNetwork } from '../../src/theory/brute-force-network';
import { simulateTwoTokenCorrelation } from '../../src/theory/correlation-sde';
import { gatedToyDmft } from '../../src/theory/gated-toy-dmft';
import { trainGatedToyNetwork } from '../../src/theory/gated-toy-network';
import { shapedDrift } from '../../src/theory/shaped-coefficients';
import { simulatePlainMlpChain, simulatePlainMlpNetwork } from '../../src/theory/plain-mlp';
import { nearestOptionName, optionValueText } from '../../src/theory/solver-inputs';
import { AttentionLogitLaw } from '../../src/theory/attention-logit-law';
import { extrapolateToLimit } from '../../src/analysis/finite-size';

/** Calls a solver the way plain JavaScript would (no type checking of the options). */
type Call = (options: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
const sde: Call = simulateCovarianceSde;
const chain: Call = simulateCovarianceChain;
const brute: Call = simulateBruteForceNetwork;
const twoToken: Call = simulateTwoTokenCorrelation;
const dmft: Call = gatedToyDmft;
const network: Call = trainGatedToyNetwork;
const plainChain: Call = simulatePlainMlpChain;
const logitLaw: Call = (o) => new AttentionLogitLaw(o);
const extrapolate: Call = (o) => extrapolateToLimit([1, 2, 4, 8], [1.5, 1.25, 1.125, 1.0625], o);
const small = { samples: 2, depth: 2, width: 8 };

/**
 * [case, call, field the message must start with, fragments it must contain (the allowed values and the value as
 * given: NaN and ±Infinity by name, strings quoted)].
 */
const cases: [string, () => unknown, string, string[]][] = [
  ['SDE: dt for stepSize', () => sde({ dt: 0.01 }), 'dt', ["unknown option of simulateCovarianceSde", "nearest valid: 'stepSize'", "'horizon'"]],
  ['SDE: T for horizon', () => sde({ T: 1 }), 'T', ["nearest valid: 'horizon'"]],
  ['SDE: misspelt samples', () => sde({ sampels: 4 }), 'sampels', ["nearest valid: 'samples'"]],
  ['SDE: horizon NaN', () => sde({ horizon: NaN }), 'horizon', ['T, a finite number ≥ 0', 'got NaN']],
  ['SDE: stepSize Infinity', () => sde({ stepSize: Infinity }), 'stepSize', ['Δt, a finite number > 0', 'got Infinity']],
  ['SDE: stepSize −1', () => sde({ stepSize: -1 }), 'stepSize', ['> 0', 'got -1']],
  ['SDE: samples 2.5', () => sde({ samples: 2.5 }), 'samples', ['an integer ≥ 1', 'got 2.5']],
  ['SDE: samples as a string', () => sde({ samples: '64' }), 'samples', ['an integer ≥ 1', "got '64'"]],
  ['SDE: unknown model', () => sde({ model: 'mpl' }), 'model', ["'attention', 'mlp', 'block', 'plainMlp'", "got 'mpl'"]],
  ['SDE: non-PSD V₀', () => sde({ tokens: 2, initialCovariance: [[1, 2], [2, 1]] }), 'initialCovariance', ['positive semidefinite', 'smallest eigenvalue -1.00000']],
  ['SDE: ρ₀ outside (−1/(m−1), 1)', () => sde({ initialCorrelation: -0.5 }), 'initialCorrelation', ['ρ₀ in (−1/(m−1), 1)', 'got -0.5']],
  ['SDE: ρ₀ and V₀ together', () => sde({ tokens: 2, initialCorrelation: 0.1, initialCovariance: [1, 0, 0, 1] }), 'initialCorrelation', ['absent when initialCovariance']],
  ['SDE: options null', () => sde(null), 'simulateCovarianceSde options', ['an object', 'got null']],
  ['SDE: explosionFactor −Infinity', () => sde({ explosionFactor: -Infinity }), 'explosionFactor', ['> 1', 'got -Infinity']],
  ['SDE: recordTimes beyond T', () => sde({ horizon: 0.5, recordTimes: [0, 0.75] }), 'recordTimes[1]', ['[0, 0.5]', 'got 0.75']],
  ['chain: non-PSD V₀', () => chain({ ...small, tokens: 3, initialCovariance: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]] }), 'initialCovariance', ['positive semidefinite', 'smallest eigenvalue -0.8']],
  ['chain: NaN inside V₀', () => chain({ ...small, tokens: 2, initialCovariance: [[1, NaN], [NaN, 1]] }), 'initialCovariance[0][1]', ['a finite number', 'got NaN']],
  ['chain: V₀ of the wrong size', () => chain({ ...small, tokens: 3, initialCovariance: [1, 0, 0, 1] }), 'initialCovariance', ['3×3 = 9 entries', 'got [1,0,0,1]']],
  ['chain: asymmetric V₀', () => chain({ ...small, tokens: 2, initialCovariance: [1, 0.5, 0.2, 1] }), 'initialCovariance', ['symmetric', '(0,1) = 0.5']],
  ['chain: zero diagonal', () => chain({ ...small, tokens: 2, initialCovariance: [0, 0, 0, 1] }), 'initialCovariance[0][0]', ['diagonal entry > 0', 'got 0']],
  ['chain: unknown attention', () => chain({ ...small, attention: 'softmax' }), 'attention', ["'shaped', 'standard', 'none'", "got 'softmax'"]],
  ['chain: mlp not boolean', () => chain({ ...small, mlp: 'yes' }), 'mlp', ['true or false', "got 'yes'"]],
  ['chain: tokens 0', () => chain({ ...small, tokens: 0 }), 'tokens', ['an integer in [1, 64]', 'got 0']],
  ['chain: width below tokens', () => chain({ ...small, width: 2 }), 'width', ['an integer ≥ 4', 'got 2']],
  ['chain: record layer beyond depth', () => chain({ ...small, recordLayers: [0, 3] }), 'recordLayers[1]', ['an integer in [0, 2]', 'got 3']],
  ['chain: no sub-block', () => chain({ ...small, attention: 'none' }), 'mlp', ["true when attention is 'none'", 'got undefined']],
  ['chain: γ² above 1', () => chain({ ...small, branchWeightSquared: 1.5 }), 'branchWeightSquared', ['γ² in (0, 1]', 'got 1.5']],
  ['chain: τ₀ −Infinity', () => chain({ ...small, temperature: -Infinity }), 'temperature', ['τ₀, a finite number > 0', 'got -Infinity']],
  ['chain: n for width', () => chain({ ...small, n: 16 }), 'n', ["nearest valid: 'width'"]],
  ['chain: logitSampling', () => chain({ ...small, logitSampling: 'exact' }), 'logitSampling', ["'bartlett', 'explicit'", "got 'exact'"]],
  ['chain: seed NaN', () => chain({ ...small, seed: NaN }), 'seed', ['a finite number', 'got NaN']],
  ['brute force: subtractMean 1', () => brute({ ...small, subtractMean: 1 }), 'subtractMean', ['true or false', 'got 1']],
  ['brute force: dpeth', () => brute({ ...small, dpeth: 3 }), 'dpeth', ["nearest valid: 'depth'"]],
  ['two-token SDE: ρ₀ = 1.5', () => twoToken({ initialCorrelation: 1.5 }), 'initialCorrelation', ['ρ₀ in [−1, 1]', 'got 1.5']],
  ['two-token SDE: K for samples', () => twoToken({ K: 10 }), 'K', ["nearest valid: 'samples'"]],
  ['two-token SDE: normSquared 0', () => twoToken({ model: 'attention', normSquared: 0 }), 'normSquared', ['q = V¹¹ = V²², a finite number > 0', 'got 0']],
  ['DMFT: gates 0', () => dmft({ gates: 0 }), 'gates', ['an integer ≥ 1', 'got 0']],
  ['DMFT: ρ_g outside [−1, 1]', () => dmft({ gateOverlaps: [2, 0, 0, 0, 0, 0] }), 'gateOverlaps[0]', ['ρ_g in [−1, 1]', 'got 2']],
  ['DMFT: ρ_g count ≠ G', () => dmft({ gates: 3, gateOverlaps: [0.1, 0.2] }), 'gateOverlaps', ['G = 3 overlaps', 'got [0.1,0.2]']],
  ['DMFT: gate direction of length 3', () => dmft({ gateDirections: [[1, 2, 3]] }), 'gateDirections[0]', ['a row of D = 2 finite numbers', 'got [1,2,3]']],
  ['DMFT: gate direction with Infinity', () => dmft({ gateDirections: [[1, Infinity]] }), 'gateDirections[1]', ['a finite number', 'got Infinity']],
  ['DMFT: unknown direction mode', () => dmft({ gateDirections: 'circle' }), 'gateDirections', ["'deterministic', 'random'", "got 'circle'"]],
  ['DMFT: angle offset with random directions', () => dmft({ gateDirections: 'random', gateAngleOffset: 1 }), 'gateAngleOffset', ["'deterministic'", 'got 1']],
  ['DMFT: initialQueryKernel', () => dmft({ initialQueryKernel: 'paper' }), 'initialQueryKernel', ["'corrected', 'notebook'", "got 'paper'"]],
  ['DMFT: learningRate NaN', () => dmft({ learningRate: NaN }), 'learningRate', ['η, a finite number > 0', 'got NaN']],
  ['DMFT: eta for learningRate', () => dmft({ eta: 0.1 }), 'eta', ["nearest valid: 'learningRate'"]],
  ['DMFT: warmStart with explicit overlaps', () => dmft({ warmStart: false, gateOverlaps: [0, 0, 0, 0, 0, 0] }), 'warmStart', ['absent when gateOverlaps']],
  ['network: width missing', () => network({ steps: 2 }), 'width', ['an integer N ≥ 1 (required)', 'got undefined']],
  ['network: lr for learningRate', () => network({ width: 4, lr: 0.1 }), 'lr', ["nearest valid: 'learningRate'"]],
  ['network: attentionExponent Infinity', () => network({ width: 4, attentionExponent: Infinity }), 'attentionExponent', ['α, a finite number', 'got Infinity']],
  ['shapedDrift: tau for temperature', () => shapedDrift([1, 0, 0, 1], 2, 'attention', { tau: 1 } as never), 'tau', ["nearest valid: 'temperature'"]],
  ['plain MLP: L for depth', () => plainChain({ L: 10 }), 'L', ["nearest valid: 'depth'"]],
  ['plain MLP: activation', () => plainChain({ activation: 'gelu' }), 'activation', ["'shapedRelu', 'relu'", "got 'gelu'"]],
  ['plain MLP: non-PSD V₀', () => plainChain({ tokens: 2, initialCovariance: [1, -1.5, -1.5, 1] }), 'initialCovariance', ['positive semidefinite', 'smallest eigenvalue -0.500000']],
  ['logit law: N for headDim', () => logitLaw({ N: 4 }), 'N', ["nearest valid: 'headDim'"]],
  ['logit law: headDim missing', () => logitLaw({ attentionExponent: 1 }), 'headDim', ['an integer N ≥ 1 (required)', 'got undefined']],
  ['logit law: keyVariance NaN', () => logitLaw({ headDim: 4, keyVariance: NaN }), 'keyVariance', ['σ_k², a finite number > 0', 'got NaN']],
  ['extrapolation: coverage 1', () => extrapolate({ coverage: 1 }), 'coverage', ['a number in (0, 1)', 'got 1']],
  ['extrapolation: exponentRange with Infinity', () => extrapolate({ exponentRange: [0.1, Infinity] }), 'exponentRange[1]', ['a finite number', 'got Infinity']],
  ['extrapolation: bootstrap for resamples', () => extrapolate({ bootstrap: 10 }), 'bootstrap', ['unknown option of extrapolateToLimit']],
  ['work limit: SDE horizon', () => sde({ horizon: 1e4 }), 'horizon', ['work limit 1.00e+11', 'option workLimit', 'got 10000']],
  ['work limit: chain depth', () => chain({ samples: 64, depth: 1e7 }), 'depth', ['work limit', 'got 10000000']],
  ['work limit: DMFT steps (lowered limit)', () => dmft({ steps: 100, workLimit: 1e3 }), 'steps', ['20 · G · P² · steps', 'got 100']],
  ['work limit: NaN', () => dmft({ workLimit: NaN }), 'workLimit', ['a number > 0', 'got NaN']],
  ['progress: not a function', () => twoToken({ progress: 'bar' }), 'progress', ['a function', "got 'bar'"]],
];

describe('strict solver inputs (issue 14 item 3): every bad input names the field, the allowed values and the value', () => {
  it(`has at least 30 cases (${cases.length})`, () => expect(cases.length).toBeGreaterThanOrEqual(30));
  for (const [name, call, field, fragments] of cases) {
    it(name, () => {
      let message = '';
      try {
        call();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, 'the call must throw').not.toBe('');
      expect(message.startsWith(`${field}: `), message).toBe(true);
      for (const f of fragments) expect(message, message).toContain(f);
      expect(message).not.toContain('null,'); // non-finite numbers are never printed as JSON null
    });
  }
});

describe('solver-inputs helpers', () => {
  it('names non-finite numbers inside arrays and nearest names by alias or edit distance', () => {
    expect(optionValueText([1, NaN, -Infinity, { a: Infinity }])).toBe('[1,NaN,-Infinity,{"a":Infinity}]');
    expect(optionValueText('x')).toBe("'x'");
    expect(nearestOptionName('dt', ['horizon', 'stepSize', 'seed'])).toBe('stepSize');
    expect(nearestOptionName('widht', ['width', 'depth'])).toBe('width');
  });

  it('a PSD but singular V₀ is accepted by the chain and the SDE (rank one: all tokens equal)', () => {
    const v0 = [1, 1, 1, 1];
    expect(() => simulateCovarianceChain({ tokens: 2, initialCovariance: v0, width: 8, depth: 2, samples: 2 })).not.toThrow();
    expect(() => simulateCovarianceSde({ tokens: 2, initialCovariance: v0, horizon: 0.01, samples: 2 })).not.toThrow();
  });

  it('workLimit: Infinity lifts the limit; a run just under the limit starts', () => {
    // DMFT work = 20·G·P²·steps = 20·6·16·10 = 19 200
    expect(() => gatedToyDmft({ steps: 10, workLimit: 19_200 })).not.toThrow();
    expect(() => gatedToyDmft({ steps: 10, workLimit: 19_199 })).toThrow(/^steps: /);
    expect(() => gatedToyDmft({ steps: 10, workLimit: Infinity })).not.toThrow();
  });
});

describe('progress (issue 14 item 5): every time-integrating solver reports increasing fractions ending at 1', () => {
  const runs: [string, (progress: (f: number) => void) => unknown][] = [
    ['covariance SDE', (progress) => simulateCovarianceSde({ samples: 300, horizon: 0.01, progress })],
    ['covariance chain', (progress) => simulateCovarianceChain({ samples: 300, depth: 2, width: 8, progress })],
    ['brute-force network', (progress) => simulateBruteForceNetwork({ samples: 50, depth: 2, width: 8, progress })],
    ['two-token SDE', (progress) => simulateTwoTokenCorrelation({ samples: 300, horizon: 0.01, progress })],
    ['plain MLP chain', (progress) => simulatePlainMlpChain({ samples: 300, depth: 2, width: 8, progress })],
    ['plain MLP network', (progress) => simulatePlainMlpNetwork({ samples: 50, depth: 2, width: 8, progress })],
    ['toy DMFT', (progress) => gatedToyDmft({ steps: 500, progress })],
    ['toy network', (progress) => trainGatedToyNetwork({ width: 8, steps: 500, progress })],
  ];
  for (const [name, run] of runs) {
    it(name, () => {
      const seen: number[] = [];
      run((f) => seen.push(f));
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.length).toBeLessThanOrEqual(101); // at most one call per 1 % plus the last
      expect(seen[seen.length - 1]).toBe(1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      expect(seen[0]).toBeGreaterThan(0);
    });
  }

  it('throwing from progress aborts the run', () => {
    expect(() => gatedToyDmft({ progress: () => { throw new Error('stop'); } })).toThrow('stop');
  });
});
