/**
 * V-DMFT as data (src/experiments/p1-init/figure-dmft.ts): every point of grid('smoke') and grid('quick') trains exactly
 * the toy network the old notebook trained (the old config → trainGatedToyNetwork options, written out here, with the
 * §5.5 defaults the spec now carries made explicit), explicit defaults give bit-identical losses for the network and
 * the DMFT, and the notebook's one-cell extension runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../src/sweep/grid';
import { trainGatedToyNetwork } from '../../src/theory/gated-toy-network';
import { gatedToyDmft } from '../../src/theory/gated-toy-dmft';
import { gatedToyNetworkOptions, gatedToyParameters, gatedToySpec, toyDmftLosses, type GatedToyRunSettings } from '../../src/experiments/p1-init/toy-dmft';
import { toyDmftFigure } from '../../src/experiments/p1-init/figure-dmft';
import { figures } from '../../src/figures/registry';

describe('V-DMFT: the grid trains the networks the old code trained', () => {
  it('every smoke and quick point: width, seed, gate directions, steps as before, G, η, γ, α the §5.5 defaults', () => {
    const old = {
      smoke: { widths: [100, 250, 1000], seeds: 2, steps: 1000 },
      quick: { widths: [250, 1000, 4000, 16000], seeds: 4, steps: 1000 },
    };
    for (const scale of ['smoke', 'quick'] as const) {
      const cfg = old[scale];
      const configs = expandGrid({ axes: { width: cfg.widths, gateDirections: ['deterministic', 'random'] }, fixed: { steps: cfg.steps }, seeds: cfg.seeds });
      const points = toyDmftFigure.grid(scale).expand();
      expect(points.length).toBe(configs.length);
      points.forEach((p, i) => {
        const c = configs[i];
        // old p1ToyNetworkRun: trainGatedToyNetwork({width, seed, gateDirections ?? 'random', steps ?? 1000}), the rest defaults
        expect(gatedToyNetworkOptions(p.spec, p.seed, p.settings as unknown as GatedToyRunSettings)).toEqual({
          width: c.width, seed: c.seed, gateDirections: c.gateDirections, steps: c.steps, gates: 6, learningRate: 0.002, richness: 2.5, attentionExponent: 1,
        });
      });
    }
  });

  it('the §5.5 defaults made explicit give identical losses (network and DMFT)', () => {
    const options = gatedToyNetworkOptions(gatedToySpec(30), 1, { gateDirections: 'random', steps: 50 });
    expect(Array.from(trainGatedToyNetwork(options).losses)).toEqual(Array.from(trainGatedToyNetwork({ width: 30, seed: 1, gateDirections: 'random', steps: 50 }).losses));
    const { gates, richness, learningRate } = gatedToyParameters(gatedToySpec(30));
    expect(Array.from(toyDmftLosses(1, 'random', 50, { gates, richness, learningRate }))).toEqual(Array.from(gatedToyDmft({ seed: 1, gateDirections: 'random', steps: 50 }).losses));
  });

  it('a spec the toy cannot honour is refused, naming the field', () => {
    expect(() => gatedToyParameters({ ...gatedToySpec(30), depth: 2 })).toThrow(/gated toy: depth = 2, but the toy \(THEORY.md §5\) has depth = 1 only/);
    expect(() => gatedToyParameters({ ...gatedToySpec(30), optimizer: { kind: 'adam', learningRate: 0.002 } })).toThrow(/optimizer.kind = 'adam'/);
  });

  it("the notebook's extension: a poorer toy (γ = 1), integrated at the grid's γ", async () => {
    const fig = figures['V-DMFT'];
    // the notebook's example at two small widths, to keep the test short
    const grid = fig.grid('smoke').with({ richness: 1 }).axis('headDim', [20, 40]);
    expect(grid.expand().every((p) => p.spec.richness === 1)).toBe(true);
    const out = await fig.run({ scale: 'smoke', grid, cacheDir: mkdtempSync(join(tmpdir(), 'tl-dmft-')), progress: false, workers: 1 });
    expect(out.claims.length).toBe(3);
    expect(out.claims[1].details).toMatchObject({ richness: 1, widths: [20, 40], seeds: 2 });
    expect(Number.isFinite(out.claims[1].value)).toBe(true);
    await expect(fig.run({ scale: 'smoke', grid: grid.with({ attentionExponent: 0.5 }), cacheDir: mkdtempSync(join(tmpdir(), 'tl-dmft-')), progress: false, workers: 1 }))
      .rejects.toThrow(/attentionExponent = 0.5, but the DMFT is the N → ∞ limit at α = 1 only/);
  }, 120_000);
});
