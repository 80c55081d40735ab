import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';

/** Row ids of docs/FIGURES.md (a copy of the figure list): the first cell of every table row, e.g. 'P1-9/10'. */
function figureRowIds(): string[] {
  const text = readFileSync(join(packageRoot, 'docs', 'FIGURES.md'), 'utf8');
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^\| ((?:P1|P2|V)-[A-Za-z0-9/]+)/.exec(line);
    if (match) ids.add(match[1]);
  }
  return [...ids];
}

/** Rows each notebook declares in its first markdown cell ("Rows: P1-3a, P1-3b"). */
function declaredRows(): Map<string, string[]> {
  const dir = join(packageRoot, 'notebooks');
  const rows = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ipynb'))) {
    const nb = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const source = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'markdown').map((c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
    const match = /Rows:\s*([^\n]+)/.exec(source);
    if (match) rows.set(file, match[1].split(',').map((s) => s.trim().replace(/[.`*]/g, '')).filter(Boolean));
  }
  return rows;
}

describe('every FIGURES.md row is reproduced', () => {
  const ids = figureRowIds();

  it('parses the figure list', () => {
    expect(ids).toContain('P1-3a');
    expect(ids).toContain('P2-1L');
    expect(ids.length).toBeGreaterThanOrEqual(29);
  });

  it('has a notebook for every P1 and P2 row, and a notebook or test for every validation row', () => {
    const covered = new Set([...declaredRows().values()].flat());
    const testText = readdirSync(join(packageRoot, 'test'), { recursive: true, withFileTypes: false } as never)
      .filter((f: unknown) => String(f).endsWith('.test.ts'))
      .map((f: unknown) => readFileSync(join(packageRoot, 'test', String(f)), 'utf8'))
      .join('\n');
    const missing = ids.filter((id) => !covered.has(id) && !(id.startsWith('V-') && testText.includes(id)));
    expect(missing, `rows without a notebook: ${missing.join(', ')}`).toEqual([]);
  });

  it('names only rows that exist', () => {
    const unknown = [...declaredRows().entries()].flatMap(([file, rows]) => rows.filter((r) => !ids.includes(r)).map((r) => `${file}: ${r}`));
    expect(unknown).toEqual([]);
  });
});
