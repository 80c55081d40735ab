/**
 * The figures report: after the notebooks ran, one markdown page (<out>/report.md) with a section per notebook
 * (status, time, images, claims) and the claims table as CSV and JSON, one row per claim.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Claim, formatClaim, readClaims } from './claims';
import type { NotebookResult } from './runner';
import { plainText } from './runner';

function csvCell(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatValue(x: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/** The claims table as CSV text (figure, claim, value, error, low, high, pass, gated, scale, notebook). */
export function claimsCsv(claims: Claim[]): string {
  const header = ['figure', 'claim', 'value', 'error', 'low', 'high', 'pass', 'gated', 'scale', 'notebook'];
  const rows = claims.map((c) =>
    [c.figure, c.claim, c.value, c.error ?? '', c.band[0], c.band[1], c.pass, c.gated !== false, c.scale, c.notebook ?? ''].map(csvCell).join(','),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** Writes report.md, claims.csv and claims.json into `out`; returns the claims. */
export function writeReport(out: string, results: NotebookResult[], totalSeconds: number): Claim[] {
  const claims = readClaims(out);
  const figureDir = join(out, 'figures');
  const images = existsSync(figureDir) ? readdirSync(figureDir).sort() : [];
  const lines: string[] = ['# transformer-limits figures report', ''];
  const scale = claims[0]?.scale ?? process.env.TL_SCALE ?? 'quick';
  const passed = claims.filter((c) => c.pass).length;
  lines.push(`Scale: ${scale}. Notebooks: ${results.filter((r) => r.status === 'ok').length}/${results.length} ran. Claims: ${passed}/${claims.length} pass. Total ${totalSeconds.toFixed(0)} s.`, '');
  for (const r of results) {
    lines.push(`## ${r.notebook}`, '', `Status: ${r.status}, ${r.seconds.toFixed(1)} s.`);
    if (r.error) lines.push('', `First failing cell: ${r.cell}`, '', '```', plainText(r.error).slice(0, 3000), '```');
    const mine = claims.filter((c) => c.notebook === r.notebook);
    if (mine.length) {
      lines.push('', '| figure | claim | value | band | result |', '|---|---|---|---|---|');
      for (const c of mine) {
        lines.push(`| ${c.figure} | ${c.claim} | ${formatValue(c.value)}${c.error !== undefined && c.error !== null ? ` ± ${formatValue(c.error)}` : ''} | [${c.band[0]}, ${c.band[1]}] | ${c.pass ? 'pass' : 'FAIL'}${c.gated === false ? ' (not gated)' : ''} |`);
        const data = c.details?.['data'];
        if (data) lines.push(`| | data: ${String(data)} | | | |`);
      }
    }
    for (const image of images.filter((f) => f.startsWith(`${r.notebook}--`))) lines.push('', `![${image}](figures/${image})`);
    lines.push('');
  }
  writeFileSync(join(out, 'report.md'), lines.join('\n'));
  writeFileSync(join(out, 'claims.csv'), claimsCsv(claims));
  writeFileSync(join(out, 'claims.json'), JSON.stringify(claims, null, 2));
  return claims;
}

/** The claims table as aligned text lines, for the terminal. */
export function claimsTable(claims: Claim[]): string {
  return claims.map((c) => formatClaim(c)).join('\n');
}
