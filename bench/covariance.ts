/**
 * Benchmark of the P2 covariance chain and SDE in the Fig 1 setting (THEORY.md §6.14): m = 4 tokens, n = n_k = 200,
 * 150 layers, γ² = 1/8, τ₀ = 1; SDE to T = 0.75 with Δt = 1/800 (600 steps). One core (single thread).
 *   npx tsx bench/covariance.ts [--samples 2048] [--repetitions 5] [--rounds 1] [--quick] [--compared] [--peer]
 * Each figure is the median over repetitions (after one warm-up) of samples × layers (steps) per second, wall and
 * process CPU time (prefer CPU time on a shared machine). --quick: 3 repetitions. --compared: only the two samplers
 * that have a NumPy peer (shaped chain and SDE), without the standard, Pre-LN and block chains.
 * --peer also runs the vectorised NumPy peer (bench/peers/covariance.py, one BLAS thread, same sizes) in each of
 * --rounds rounds, alternating with ours so both see the same machine load, and prints the speed ratios
 * (project / NumPy, > 1: the project is faster) and the mean final correlation ρ̄ of both (z of the difference).
 * Prints one JSON object on stdout, the table on stderr.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCovarianceChain } from '../src/theory/covariance-chain';
import { simulateCovarianceSde } from '../src/theory/covariance-sde';
import { meanTokenCorrelation } from '../src/theory/covariance-trajectories';
import type { CovarianceTrajectories } from '../src/theory/covariance-trajectories';
import { integerFlag, switchFlag } from './lib/args';


const samples = integerFlag('samples', 2048);
const repetitions = integerFlag('repetitions', switchFlag('quick') ? 3 : 5);
const rounds = integerFlag('rounds', 1);
const all = !switchFlag('compared');
const withPeer = switchFlag('peer');
const depth = 150;
const width = 200;
const stepSize = 1 / 800;
const horizon = 0.75;
const steps = Math.round(horizon / stepSize);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Mean and standard error of the per-sample ρ̄ at the last record, over non-exploded samples. */
function finalCorrelation(traj: CovarianceTrajectories): { mean: number; standardError: number } {
  const rho = meanTokenCorrelation(traj, traj.layers.length - 1).filter((_, k) => !traj.exploded[k]);
  const mean = rho.reduce((a, b) => a + b, 0) / rho.length;
  const variance = rho.reduce((a, b) => a + (b - mean) ** 2, 0) / (rho.length - 1);
  return { mean, standardError: Math.sqrt(variance / rho.length) };
}

interface Case {
  name: string;
  samples: number;
  units: number;
  once: () => CovarianceTrajectories;
}

const cases: Case[] = [];
const chains = [
  ['chain', { attention: 'shaped' as const }],
  ['chainStandard', { attention: 'standard' as const }],
  ['chainPreLn', { attention: 'standard' as const, normalization: 'preRms' as const }],
  ['chainBlock', { attention: 'shaped' as const, mlp: true }],
] as const;
for (const [name, options] of all ? chains : chains.slice(0, 1)) {
  const k = name === 'chainBlock' ? Math.max(1, Math.round(samples / 8)) : samples;
  cases.push({ name, samples: k, units: k * depth, once: () => simulateCovarianceChain({ ...options, width, depth, samples: k, seed: 1, recordLayers: [0, depth] }) });
}
cases.push({ name: 'sde', samples, units: samples * steps, once: () => simulateCovarianceSde({ model: 'attention', horizon, stepSize, samples, seed: 2 }) });

const wall = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
const correlation = new Map<string, { mean: number; standardError: number }>();
const peerRuns: { chain: Record<string, number>; sde: Record<string, number> }[] = [];
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    if (round === 0) c.once(); // warm-up (JIT)
    for (let r = 0; r < repetitions; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const traj = c.once();
      const w = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(c0);
      (wall.get(c.name) ?? wall.set(c.name, []).get(c.name)!).push(c.units / w);
      (cpu.get(c.name) ?? cpu.set(c.name, []).get(c.name)!).push(c.units / ((used.user + used.system) / 1e6));
      correlation.set(c.name, finalCorrelation(traj));
    }
  }
  if (withPeer) {
    const out = spawnSync(python, [join(__dirname, 'peers', 'covariance.py'), '--samples', String(samples), '--repetitions', String(repetitions), '--seed', String(round)], {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    });
    if (out.status !== 0) throw new Error(`NumPy peer failed: ${out.stderr.trim().split('\n').slice(-1)[0]}`);
    peerRuns.push(JSON.parse(out.stdout));
  }
}

const result: Record<string, unknown> = { samples, repetitions, rounds, depth, width, sdeSteps: steps, stepSize };
for (const c of cases) {
  result[c.name] = {
    samples: c.samples,
    samplesLayersPerSecond: Math.round(median(wall.get(c.name)!)),
    cpuSamplesLayersPerSecond: Math.round(median(cpu.get(c.name)!)),
    cpuAll: cpu.get(c.name)!.map(Math.round),
    finalMeanCorrelation: correlation.get(c.name)!.mean,
    finalStandardError: correlation.get(c.name)!.standardError,
  };
}
if (withPeer) {
  const rows: string[] = [];
  const ratios: Record<string, unknown> = {};
  for (const [ours, peer] of [['chain', 'chain'], ['sde', 'sde']] as const) {
    const o = result[ours] as { samplesLayersPerSecond: number; cpuSamplesLayersPerSecond: number; finalMeanCorrelation: number; finalStandardError: number };
    const pWall = median(peerRuns.map((p) => p[peer].samplesLayersPerSecond));
    const pCpu = median(peerRuns.map((p) => p[peer].cpuSamplesLayersPerSecond));
    const last = peerRuns[peerRuns.length - 1][peer];
    const z = (o.finalMeanCorrelation - last.meanCorrelation) / Math.hypot(o.finalStandardError, last.standardError);
    ratios[ours] = {
      numpyWall: Math.round(pWall), numpyCpu: Math.round(pCpu), wallRatio: o.samplesLayersPerSecond / pWall, cpuRatio: o.cpuSamplesLayersPerSecond / pCpu,
      numpyCpuAll: peerRuns.map((p) => p[peer].cpuSamplesLayersPerSecond),
      correlation: { ours: o.finalMeanCorrelation, numpy: last.meanCorrelation, zScore: z },
    };
    rows.push(`${ours.padEnd(7)}${String(o.cpuSamplesLayersPerSecond).padStart(12)}${String(Math.round(pCpu)).padStart(12)}${(o.cpuSamplesLayersPerSecond / pCpu).toFixed(2).padStart(8)}` +
      `${String(o.samplesLayersPerSecond).padStart(12)}${String(Math.round(pWall)).padStart(12)}${(o.samplesLayersPerSecond / pWall).toFixed(2).padStart(8)}` +
      `   ρ̄ ${o.finalMeanCorrelation.toFixed(4)} vs ${last.meanCorrelation.toFixed(4)} (z ${z.toFixed(2)})`);
  }
  result.numpy = ratios;
  console.error(`samples·layers (steps) per second, K = ${samples}, median of ${repetitions} × ${rounds}\n` +
    `${'sampler'.padEnd(7)}${'ours CPU'.padStart(12)}${'NumPy CPU'.padStart(12)}${'ratio'.padStart(8)}${'ours wall'.padStart(12)}${'NumPy wall'.padStart(12)}${'ratio'.padStart(8)}`);
  for (const r of rows) console.error(r);
}
console.log(JSON.stringify(result, null, 2));
