import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';
import { figures, figure } from '../../src/figures/registry';
import { isSpecGrid } from '../../src/sweep/spec-grid';
import { scales } from '../../src/notebook/scale';

/** Row ids of docs/FIGURES.md: the first cell of every table row (P1-…, P2-…, V-…). */
function figureRowIds(): string[] {
  const text = readFileSync(join(packageRoot, 'docs', 'FIGURES.md'), 'utf8');
  return [...new Set([...text.matchAll(/^\| ((?:P1|P2|V)-[A-Za-z0-9/]+)/gm)].map((m) => m[1]))];
}

describe('tl.figures', () => {
  const rows = figureRowIds();
  const all = Object.values(figures);

  it('maps every row of docs/FIGURES.md to a figure, and names only rows that exist', () => {
    const covered = new Set(all.flatMap((f) => f.rows));
    expect(rows.filter((r) => !covered.has(r)), 'rows without a figure').toEqual([]);
    expect([...covered].filter((r) => !rows.includes(r)), 'figures naming unknown rows').toEqual([]);
    for (const [id, f] of Object.entries(figures)) expect(f.id).toBe(id);
  });

  it('gives every figure a grid of valid specs at every scale, and a notebook that runs it through the registry', () => {
    for (const f of all) {
      for (const scale of scales) {
        const grid = f.grid(scale);
        expect(isSpecGrid(grid), `${f.id} ${scale}`).toBe(true);
        expect(grid.size, `${f.id} ${scale}`).toBeGreaterThan(0);
        expect(grid.describe()).toMatch(/\d+ runs$/);
      }
      if (f.notebook.endsWith('.ipynb')) {
        const source = join(packageRoot, 'notebooks', 'src', f.notebook.replace(/\.ipynb$/, '.ts'));
        expect(existsSync(source), `${f.id}: ${source}`).toBe(true);
        expect(readFileSync(source, 'utf8'), `${f.id}: the notebook reads tl.figures['${f.id}']`).toContain(`tl.figures['${f.id}']`);
      }
    }
  });

  it('names the figures when an id is wrong', () => {
    expect(figure('P1-3a').id).toBe('P1-3a');
    expect(() => figure('p1-3A')).toThrow(/no figure 'p1-3A'.*did you mean 'P1-3a'/);
  });
});
