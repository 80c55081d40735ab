/**
 * The figures report: after the notebooks ran, one markdown page (<out>/report.md) with a section per notebook
 * (status, time, images, claims) and the claims table as CSV and JSON, one row per claim. It covers every notebook
 * whose latest result is stored in the folder (results.ts), so single-notebook runs merge into the scale's report.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Claim, formatClaim, readClaims, verdictWord } from './claims';
import { formatError } from './errors';
import { readResults } from './results';
import type { Scale } from './scale';

function csvCell(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatValue(x: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/**
 * The claims table as CSV text (figure, claim, value, error, low, high, pass, gated, scale, notebook, judged); judged
 * is false at smoke scale, whose sizes are too small to judge a claim.
 */
export function claimsCsv(claims: Claim[]): string {
  const header = ['figure', 'claim', 'value', 'error', 'low', 'high', 'pass', 'gated', 'scale', 'notebook', 'judged'];
  const rows = claims.map((c) =>
    [c.figure, c.claim, c.value, c.error ?? '', c.band[0], c.band[1], c.pass, c.gated !== false, c.scale, c.notebook ?? '', c.judged !== false && c.scale !== 'smoke'].map(csvCell).join(','),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

export interface ReportOptions {
  /** The scale the run used (said in the report's first line). */
  scale: Scale;
  /** Wall time of the run that wrote the report, in seconds. */
  seconds?: number;
}

/** Writes report.md, claims.csv and claims.json into `out` from every stored notebook result; returns the claims. */
export function writeReport(out: string, options: ReportOptions): Claim[] {
  const results = readResults(out);
  const claims = readClaims(out);
  const figureDir = join(out, 'figures');
  const images = existsSync(figureDir) ? readdirSync(figureDir).sort() : [];
  const scales = [...new Set([options.scale, ...results.map((r) => r.scale ?? options.scale), ...claims.map((c) => c.scale)])];
  const passed = claims.filter((c) => c.pass).length;
  const lines: string[] = [`# transformer-limits figures report (${options.scale} scale)`, ''];
  lines.push(
    `Scale: ${scales.join(', ')}${scales.length > 1 ? ' (this folder mixes scales: each section says its own)' : ''}. ` +
      `Notebooks: ${results.filter((r) => r.status === 'ok').length}/${results.length} ran. Claims: ${passed}/${claims.length} pass.` +
      (options.seconds !== undefined ? ` Last run ${options.seconds.toFixed(0)} s.` : ''),
    '',
  );
  if (options.scale === 'smoke') lines.push('Smoke scale checks that the pipeline runs: its sizes are too small to judge any claim.', '');
  for (const r of results) {
    lines.push(`## ${r.notebook}`, '', `Status: ${r.status}, ${r.seconds.toFixed(1)} s, ${r.scale ?? options.scale} scale${r.finished ? `, ${r.finished}` : ''}.`);
    if (r.error) lines.push('', `First failing cell: ${r.cell}`, '', '```', formatError(r.error, 40).slice(0, 3000), '```');
    const mine = claims.filter((c) => c.notebook === r.notebook);
    if (mine.length) {
      lines.push('', '| figure | claim | value | band | result |', '|---|---|---|---|---|');
      for (const c of mine) {
        lines.push(`| ${c.figure} | ${c.claim} | ${formatValue(c.value)}${c.error !== undefined && c.error !== null ? ` ± ${formatValue(c.error)}` : ''} | [${c.band[0]}, ${c.band[1]}] | ${verdictWord(c)} |`);
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
