import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNotebook } from '../../src/notebook/runner';

describe('notebooks/00-tour.ipynb through Jupyter + tslab', () => {
  it('runs headless at smoke scale with no error, an inline image, the DataFrame printed and a PNG written', () => {
    const out = mkdtempSync(join(tmpdir(), 'tl-tour-'));
    const result = runNotebook('00-tour', { scale: 'smoke', out, timeout: 300 });
    expect(result.error, result.error ?? '').toBeNull();
    expect(result.status).toBe('ok');
    const nb = JSON.parse(readFileSync(result.output, 'utf8'));
    const outputs = nb.cells.flatMap((c: { outputs?: unknown[] }) => c.outputs ?? []) as { output_type: string; data?: Record<string, unknown>; text?: string[] | string }[];
    expect(outputs.filter((o) => o.output_type === 'error')).toHaveLength(0);
    expect(outputs.some((o) => o.output_type === 'display_data' && o.data && 'image/png' in o.data)).toBe(true);
    const text = outputs.map((o) => (Array.isArray(o.text) ? o.text.join('') : o.text ?? '')).join('');
    expect(text).toMatch(/rmsDeviation/); // the DataFrame's column header, printed by danfojs
    expect(text).toMatch(/backend: (wasm|node|cpu), scale: smoke/);
    expect(existsSync(join(out, 'figures', '00-tour--gram-fluctuations.png'))).toBe(true);
  });

  it('reports the first failing cell of a broken notebook', async () => {
    const { writeFileSync, rmSync } = await import('node:fs');
    // Written outside notebooks/, so the smoke test running in parallel never lists it.
    const path = join(mkdtempSync(join(tmpdir(), 'tl-broken-nb-')), 'zz-broken-fixture.ipynb');
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    writeFileSync(
      path,
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } }, cells: [cell('const a = 1;'), cell('throw new Error("broken on purpose");'), cell('console.log(a);')] }),
    );
    try {
      const result = runNotebook(path, { scale: 'smoke', out: mkdtempSync(join(tmpdir(), 'tl-broken-')), timeout: 120 });
      expect(result.status).toBe('error');
      expect(result.cell).toBe(1);
      expect(result.error).toMatch(/broken on purpose/);
    } finally {
      rmSync(path, { force: true });
    }
  });
});
