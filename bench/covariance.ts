/**
 * Benchmark of the P2 covariance chain and SDE in the Fig 1 setting (THEORY.md §6.14): n = n_k = 200, 150 layers,
 * m = 4, γ² = 1/8, τ₀ = 1; SDE to T = 0.75 with Δt = 1/800. One core (single thread).
 *   npx tsx bench/covariance.ts [--samples 8192]
 * Prints one JSON object: { chain: {...}, sde: {...} }.
 */
import { simulateCovarianceChain } from '../src/theory/covariance-chain';
import { simulateCovarianceSde } from '../src/theory/covariance-sde';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: expected a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

function seconds(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const samples = flag('samples', 8192);
const depth = 150;
const width = 200;
const result: Record<string, unknown> = {};

for (const [name, options] of [
  ['chain', { attention: 'shaped' as const }],
  ['chainStandard', { attention: 'standard' as const }],
  ['chainPreLn', { attention: 'standard' as const, normalization: 'preRms' as const }],
  ['chainBlock', { attention: 'shaped' as const, mlp: true }],
] as const) {
  const k = name === 'chainBlock' ? Math.max(1, Math.round(samples / 8)) : samples;
  let average = 0;
  const s = seconds(() => {
    const r = simulateCovarianceChain({ ...options, width, depth, samples: k, seed: 1, recordLayers: [0, depth] });
    average = r.averageCorrelation[1];
  });
  result[name] = { samples: k, layers: depth, width, seconds: s, samplesLayersPerSecond: (k * depth) / s, finalMeanCorrelation: average };
}

const stepSize = 1 / 800;
const horizon = 0.75;
let sdeAverage = 0;
const sdeSeconds = seconds(() => {
  const r = simulateCovarianceSde({ model: 'attention', horizon, stepSize, samples, seed: 2 });
  sdeAverage = r.averageCorrelation[1];
});
const steps = Math.round(horizon / stepSize);
result.sde = { samples, steps, stepSize, seconds: sdeSeconds, samplesStepsPerSecond: (samples * steps) / sdeSeconds, finalMeanCorrelation: sdeAverage };

console.log(JSON.stringify(result, null, 2));
