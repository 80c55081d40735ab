import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatClaim, readClaims, recordClaim, verdictText } from '../../src/notebook/claims';
import { claimsCsv, writeReport } from '../../src/notebook/report';
import { clearResults, forgetNotebook, readResults, storeResult, type NotebookResult } from '../../src/notebook/results';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['TL_OUT', 'TL_SCALE', 'TL_NOTEBOOK']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function result(notebook: string, status: 'ok' | 'error' = 'ok'): NotebookResult {
  return { notebook, status, seconds: 1.5, cell: status === 'ok' ? null : 3, error: status === 'ok' ? null : 'x\nError: boom\n    at f (a.js:1:1)', output: `${notebook}.ipynb`, scale: 'smoke' };
}

describe('honest smoke runs', () => {
  it('every smoke verdict says smoke is too small to judge; quick verdicts do not', () => {
    process.env.TL_OUT = mkdtempSync(join(tmpdir(), 'tl-verdict-'));
    process.env.TL_SCALE = 'smoke';
    const smoke = recordClaim({ figure: 'X-1', claim: 'c', value: 3, band: [0, 2] });
    expect(smoke.judged).toBe(false);
    expect(formatClaim(smoke)).toBe('X-1 c: 3.000 in [0.000, 2.000]: FAIL (smoke scale: too small to judge)');
    expect(verdictText(true)).toBe('pass (smoke scale: too small to judge)');
    expect(verdictText(false, { words: ['PASS', 'FAIL'] })).toBe('FAIL (smoke scale: too small to judge)');
    process.env.TL_SCALE = 'quick';
    const quick = recordClaim({ figure: 'X-2', claim: 'c', value: 1, band: [0, 2], gated: false });
    expect(quick.judged).toBe(true);
    expect(formatClaim(quick)).toBe('X-2 c: 1.000 in [0.000, 2.000]: pass (not gated)');
    expect(verdictText(false)).toBe('FAIL');
    expect(claimsCsv(readClaims()).split('\n').map((l) => l.split(',').pop())).toEqual(['judged', 'false', 'true', '']);
  });

  it('reads claims written before the judged field from their scale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-old-claims-'));
    writeFileSync(join(dir, 'claims.jsonl'), JSON.stringify({ figure: 'X', claim: 'c', value: 1, band: [0, 2], pass: true, scale: 'smoke', notebook: null, time: '' }) + '\n');
    expect(readClaims(dir)[0].judged).toBe(false);
  });
});

describe('the report of a scale merges notebook runs', () => {
  it('keeps every notebook run into the folder, replaces a rerun notebook, and says its scale', () => {
    const out = mkdtempSync(join(tmpdir(), 'tl-report-'));
    process.env.TL_OUT = out;
    process.env.TL_SCALE = 'quick';
    for (const name of ['nb-a', 'nb-b']) {
      forgetNotebook(out, name);
      process.env.TL_NOTEBOOK = name;
      recordClaim({ figure: `F-${name}`, claim: 'c', value: 1, band: [0, 2] });
      mkdirSync(join(out, 'figures'), { recursive: true });
      writeFileSync(join(out, 'figures', `${name}--plot.png`), 'png');
      storeResult(out, { ...result(name), scale: 'quick' });
      writeReport(out, { scale: 'quick', seconds: 2 });
    }
    let report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/^# transformer-limits figures report \(quick scale\)\n\nScale: quick\. Notebooks: 2\/2 ran\. Claims: 2\/2 pass\./);
    expect(report).toMatch(/## nb-a\n\nStatus: ok, 1\.5 s, quick scale/);
    expect(report).toMatch(/## nb-b/);
    // nb-a again, now failing: its old claim and image go, nb-b stays.
    forgetNotebook(out, 'nb-a');
    expect(existsSync(join(out, 'figures', 'nb-a--plot.png'))).toBe(false);
    expect(existsSync(join(out, 'figures', 'nb-b--plot.png'))).toBe(true);
    storeResult(out, { ...result('nb-a', 'error'), scale: 'quick' });
    writeReport(out, { scale: 'quick' });
    report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(readResults(out).map((r) => [r.notebook, r.status])).toEqual([['nb-a', 'error'], ['nb-b', 'ok']]);
    expect(readClaims(out).map((c) => c.figure)).toEqual(['F-nb-b']);
    expect(report).toMatch(/First failing cell: 3\n\n```\nError: boom\n    x\n    at f/);
    // A smoke run into the same folder is said to mix scales.
    storeResult(out, result('nb-c'));
    writeReport(out, { scale: 'smoke' });
    report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/Scale: smoke, quick \(this folder mixes scales: each section says its own\)/);
    expect(report).toMatch(/too small to judge any claim/);
    clearResults(out);
    expect(readResults(out)).toEqual([]);
    expect(readClaims(out)).toEqual([]);
  });
});
