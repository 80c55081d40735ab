import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';
import * as tl from '../../src/index';

const areas = ['base', 'backend', 'spec', 'nn', 'models', 'train', 'probes', 'data', 'theory', 'analysis', 'sweep', 'plot', 'notebook', 'experiments'];

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return modules(path);
    return e.name.endsWith('.ts') && e.name !== 'index.ts' && /^export /m.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

describe('the public surface', () => {
  it('keeps the root to the vocabulary (at most 150 values) with every area under its namespace', () => {
    const values = Object.keys(tl);
    expect(values.length).toBeLessThanOrEqual(150);
    for (const ns of ['theory', 'data', 'nn', 'probes', 'analysis', 'sweeps', 'spec', 'models', 'training', 'plots', 'notebook', 'backend', 'base', 'experiments']) {
      expect(typeof (tl as Record<string, unknown>)[ns], ns).toBe('object');
    }
    expect(tl.figures['P1-3a'].id).toBe('P1-3a');
    expect(typeof tl.experiments.p1InitialKernels).toBe('function');
  });

  it('each area namespace reaches every exported value of every module of its folder', async () => {
    const namespaceOf: Record<string, string> = { sweep: 'sweeps', train: 'training', plot: 'plots' };
    const missing: string[] = [];
    for (const area of areas) {
      const namespace = (tl as unknown as Record<string, Record<string, unknown>>)[namespaceOf[area] ?? area];
      for (const file of modules(join(packageRoot, 'src', area))) {
        const mod = (await import(file)) as Record<string, unknown>;
        for (const name of Object.keys(mod)) if (!(name in namespace)) missing.push(`${relative(packageRoot, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
