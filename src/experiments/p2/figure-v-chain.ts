/**
 * V-chain as data (docs/FIGURES.md "Validation rows", THEORY.md §6.12): the exact-in-law chain against brute-force
 * n × n networks, n = 32, m = 4, 16 layers, for shaped attention, standard attention, Pre-LN (RMS, unit residual) and
 * the shaped-ReLU MLP alone (c₊ = 1, c₋ = −2, γ² = 1/2). No notebook: the row is checked by
 * test/theory/covariance-chain.test.ts, which runs this figure's grid('quick') through chainAgainstNetwork and asserts
 * its claims; `tl.figures['V-chain'].run()` shows the same numbers with a plot.
 */
import type { Scale } from '../../notebook/scale';
import { lineFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import type { ClaimInput } from '../../notebook/claims';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { chainCheckReference, chainCheckVerdict, type ChainCheckResult, type ChainCheckSettings } from './chain-check';
import { p2NetworkSpec } from './network';

/** K per side: quick is the test's 1000 (99 % threshold 0.073), paper FIGURES.md's 2000. */
const samples: Record<Scale, number> = { smoke: 200, quick: 1000, paper: 2000 };

/** The grid of V-chain: four variants (zipped with the spec fields they set) at n = n_k = 32, 16 layers, m = 4, seed 101 (chains 202). */
export function vChainGrid(scale: Scale): SpecGrid {
  const g = Math.sqrt(1 / 8);
  return new SpecGrid({
    base: p2NetworkSpec({ width: 32, depth: 16, branchWeightSquared: 1 / 8 }),
    zip: [{
      variant: ['shaped', 'standard', 'preLn', 'mlp'],
      architecture: ['shaped', 'preLn', 'preLn', 'shaped'],
      branchScale: [g, g, g, Math.sqrt(1 / 2)],
      shapedReluSlopes: [[0, -1], [0, -1], [0, -1], [1, -2]],
    }],
    settings: { variant: 'shaped', samples: samples[scale] },
    seeds: [101],
  });
}

const names: Record<string, string> = {
  shaped: 'shaped attention', standard: 'standard attention', preLn: 'Pre-LN (RMS) standard attention', mlp: 'shaped-ReLU MLP (c₊ = 1, c₋ = −2, γ² = 1/2)',
};

/** The two claims of one variant (the §8 rule): at most one entry above the 99 % threshold, none above the 99.9 % one. */
export function chainCheckClaims(r: ChainCheckResult, details: Record<string, unknown> = {}): ClaimInput[] {
  const v = chainCheckVerdict(r);
  const all = { ...details, ks: r.ks, threshold99: r.threshold99, threshold999: r.threshold999 };
  return [
    { figure: 'V-chain', claim: `${names[r.variant]}: V entries (of ${r.ks.length}) with KS(network, chain) above the two-sample 99 % threshold`, value: v.above99, band: [0, 1], details: all },
    { figure: 'V-chain', claim: `${names[r.variant]}: largest KS(network, chain) over the V entries / the 99.9 % threshold`, value: v.largestOver999, band: [0, 1], details: all },
  ];
}

/** KS per V entry per variant against the thresholds, one plot, the claims. */
export function analyseVChain(records: SweepRecord<ChainCheckResult>[]): FigureOutput {
  const out = figureOutput();
  const results = records.filter((r) => r.status === 'ok').map((r) => r.result!);
  if (results.length === 0) throw new Error(`V-chain: no finished run among ${records.length} records`);
  const spec = records[0].spec!;
  const K = settingsOf<ChainCheckSettings>(records[0]).samples;
  const labels = results[0].entries.map(([a, b]) => `V${a + 1}${b + 1}`);
  out.frames.push({ name: `KS(network, chain) of every V entry at layer ${spec.depth}`, rows: results.map((r) => ({ variant: r.variant, ...Object.fromEntries(labels.map((l, i) => [l, +r.ks[i].toFixed(3)])), threshold99: +r.threshold99.toFixed(3) })) });
  const x = labels.map((_, i) => i + 1);
  out.plots.push({
    name: 'ks-per-entry',
    figure: lineFigure([
      ...results.map((r, i) => ({ name: names[r.variant], x, y: r.ks, color: color(i) })),
      { name: 'two-sample 99 % threshold', x, y: x.map(() => results[0].threshold99), dash: 'dash' as const, mode: 'lines' as const, color: '#7f7f7f' },
      { name: 'two-sample 99.9 % threshold', x, y: x.map(() => results[0].threshold999), dash: 'dot' as const, mode: 'lines' as const, color: '#7f7f7f' },
    ], { title: `V-chain: chain vs brute-force networks (n = ${spec.headDim}, m = ${spec.tokens}, ${spec.depth} layers, K = ${K} each)`, xTitle: `V entry (${labels.join(', ')})`, yTitle: 'KS distance' }),
  });
  for (const r of results) out.claims.push(...chainCheckClaims(r, { width: spec.headDim, tokens: spec.tokens, depth: spec.depth, samples: K }));
  return out;
}

export const vChain = definePaperFigure<ChainCheckResult>({
  id: 'V-chain',
  title: 'Exact-in-law covariance chain against brute-force n × n networks',
  rows: ['V-chain'],
  notebook: '',
  grid: vChainGrid,
  runReference: chainCheckReference,
  cacheName: 'v-chain',
  analyse: (records) => analyseVChain(records),
});
