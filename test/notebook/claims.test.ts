import { mkdtempSync, appendFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byScale, currentScale, readClaims, recordClaim, claimsCsv } from '../../src/notebook';

describe('scale and claims', () => {
  it('reads the scale from TL_SCALE and rejects unknown values', () => {
    process.env.TL_SCALE = 'smoke';
    expect(currentScale()).toBe('smoke');
    expect(byScale({ smoke: 1, quick: 2, paper: 3 })).toBe(1);
    process.env.TL_SCALE = 'huge';
    expect(() => currentScale()).toThrow(/TL_SCALE: expected one of smoke, quick, paper/);
    process.env.TL_SCALE = 'smoke';
  });

  it('records passing and failing claims, survives a truncated line, and writes CSV', () => {
    process.env.TL_OUT = mkdtempSync(join(tmpdir(), 'tl-claims-'));
    const a = recordClaim({ figure: 'X-1', claim: 'slope', value: -1.03, error: 0.08, band: [-1.25, -0.75] });
    const b = recordClaim({ figure: 'X-2', claim: 'ratio', value: 3, band: [0, 2] });
    expect(a.pass).toBe(true);
    expect(b.pass).toBe(false);
    const c = recordClaim({ figure: 'X-3', claim: 'one-sided', value: Number.NaN, error: Number.NaN, band: [0.3, Infinity] });
    expect(c.pass).toBe(false);
    const back = readClaims().find((r) => r.figure === 'X-3')!;
    expect(back.band[1]).toBe(Infinity);
    expect(Number.isNaN(back.value)).toBe(true);
    expect(back.error).toBeUndefined();
    appendFileSync(join(process.env.TL_OUT, 'claims.jsonl'), '{"figure": "cut');
    expect(readClaims().map((c) => c.figure)).toEqual(['X-1', 'X-2', 'X-3']);
    expect(claimsCsv(readClaims()).split('\n')[2]).toMatch(/^X-2,ratio,3,,0,2,false/);
    expect(() => recordClaim({ figure: 'X', claim: 'c', value: 1, band: [2, 1] })).toThrow(/band/);
    expect(readFileSync(join(process.env.TL_OUT, 'claims.jsonl'), 'utf8').length).toBeGreaterThan(0);
    delete process.env.TL_OUT;
  });
});
