/**
 * Benchmark of infiniteHeadKernels (docs/theory/infinite-head-kernel.md) at the P1 Fig. 3a paper setting: 15 Gaussian
 * 32×32×3 images cut into 64 patches of 48 pixels (P = 960 rows), L = 8, N = 4, α_A = 1, for the no-LN variant (the
 * paper's Fig 3a network) and the LN ViT; pooled kernels only (tokenLevel false), and the quick-scale setting of
 * FIGURES.md (8 images 28×28, patch 7: P = 128, L = 4) for comparison.
 *   npx tsx bench/infinite-head.ts [--heads 16] [--replicates 2] [--quick]
 * Defaults: 16 head draws per layer in 2 chains (relative SE ≈ 4·10⁻⁴, far below any finite-H error a figure measures).
 * --quick: the paper setting with 8 heads in 2 chains and L = 2 (the cost is about linear in heads, chains and L).
 * Reports wall and process CPU seconds (prefer CPU on a shared machine) and the largest relative SE of the final pooled
 * kernel. Prints one JSON object on stdout, a summary on stderr.
 */
import { preset } from '../src/spec/presets';
import type { Spec } from '../src/spec/types';
import { infiniteHeadKernels } from '../src/theory/infinite-head-kernels';
import { Random } from '../src/base/random';
import { integerFlag, switchFlag } from './lib/args';

const quick = switchFlag('quick');
const heads = integerFlag('heads', quick ? 8 : 16);
const replicates = integerFlag('replicates', 2);

interface Setting {
  name: string;
  architecture: 'vit' | 'simple';
  inputs: number;
  side: number;
  channels: number;
  patch: number;
  depth: number;
}

const settings: Setting[] = [
  { name: 'paper no-LN (P1 Fig 3a)', architecture: 'simple', inputs: 15, side: 32, channels: 3, patch: 4, depth: quick ? 2 : 8 },
  { name: 'paper LN ViT', architecture: 'vit', inputs: 15, side: 32, channels: 3, patch: 4, depth: quick ? 2 : 8 },
  { name: 'quick no-LN', architecture: 'simple', inputs: 8, side: 28, channels: 1, patch: 7, depth: 4 },
  { name: 'quick LN ViT', architecture: 'vit', inputs: 8, side: 28, channels: 1, patch: 7, depth: 4 },
];

const results = settings.map((s) => {
  const tokens = (s.side / s.patch) ** 2;
  const inputDim = s.channels * s.patch * s.patch;
  const spec: Spec = preset('p1', {
    architecture: s.architecture,
    headDim: 4,
    heads: 16,
    depth: s.depth,
    tokens,
    inputDim,
    image: { side: s.side, channels: s.channels, patch: s.patch },
    centred: false,
  });
  const values = new Float64Array(s.inputs * tokens * inputDim);
  new Random(2024).fillNormal(values);
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = infiniteHeadKernels(spec, { values, shape: [s.inputs, tokens, inputDim] }, { heads, replicates, tokenLevel: false });
  const used = process.cpuUsage(cpu);
  const last = result.layers[s.depth].raw.pooled;
  let worst = 0;
  for (let i = 0; i < last.value.length; i++) worst = Math.max(worst, last.standardError[i] / Math.abs(last.value[i]));
  const row = {
    setting: s.name,
    architecture: s.architecture,
    rows: s.inputs * tokens,
    depth: s.depth,
    heads: result.heads,
    replicates: result.replicates,
    wallSeconds: (performance.now() - wall) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRelativeSE: worst,
  };
  console.error(`[infinite-head] ${row.setting}: P = ${row.rows}, L = ${row.depth}, ${row.heads} heads × ${row.replicates} replicates: ${row.cpuSeconds.toFixed(1)} CPU s (${row.wallSeconds.toFixed(1)} wall), max relative SE ${worst.toExponential(2)}`);
  return row;
});

console.log(JSON.stringify({ headDim: 4, attentionExponent: 1, quick, results }));
