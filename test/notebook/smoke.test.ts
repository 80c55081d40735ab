import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNotebooks, plainText, runNotebook } from '../../src/notebook/runner';
import { readClaims } from '../../src/notebook/claims';

// CI runs every figure notebook end to end at smoke scale (tiny sizes): no failing cell, at least one image written,
// and at least one claim recorded (claims are computed but not required to pass at smoke scale).
const out = mkdtempSync(join(tmpdir(), 'tl-smoke-'));
const notebooks = listNotebooks().filter((name) => name !== '00-tour');

describe('figure notebooks at smoke scale', () => {
  it('finds the notebooks folder', () => {
    expect(listNotebooks()).toContain('00-tour');
  });

  it.each(notebooks)('%s runs, shows a figure and records its claims', (name) => {
    const result = runNotebook(name, { scale: 'smoke', out, timeout: 600 });
    expect(result.status, `first failing cell ${result.cell}: ${plainText(result.error ?? '').slice(-1500)}`).toBe('ok');
    const images = readdirSync(join(out, 'figures')).filter((f) => f.startsWith(`${name}--`) && /\.(png|svg)$/.test(f));
    expect(images.length).toBeGreaterThan(0);
    if (name.startsWith('p1-') || name.startsWith('p2-')) {
      expect(readClaims(out).filter((c) => c.notebook === name).length).toBeGreaterThan(0);
    }
  });
});
