/**
 * transformer-limits figures | notebooks | sweep | bench
 *   figures   [--scale smoke|quick|paper] [--out DIR]          every notebook, then the report and claims table
 *   notebooks [names…] [--scale …] [--out DIR]                   the named notebooks (all when none are named)
 *   sweep     <file.json>                                       a sweep described in JSON, written as CSV
 *   bench                                                       the benchmarks in bench/, as JSON
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { claimsTable, writeReport } from './notebook/report';
import { listNotebooks, packageRoot, plainText, runNotebooks, type NotebookResult } from './notebook/runner';
import { scales, type Scale } from './notebook/scale';

function parse(argv: string[]): { positional: string[]; scale: Scale; out?: string } {
  const positional: string[] = [];
  let scale: Scale = 'quick';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale' || a.startsWith('--scale=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (!(scales as readonly string[]).includes(v)) throw new Error(`--scale: expected one of ${scales.join(', ')}, got '${v}'`);
      scale = v as Scale;
    } else if (a === '--out' || a.startsWith('--out=')) {
      out = a.includes('=') ? a.split('=')[1] : argv[++i];
    } else positional.push(a);
  }
  return { positional, scale, out };
}

function runAndReport(names: string[], scale: Scale, outArg: string | undefined, fresh: boolean): number {
  const out = resolve(outArg ?? join(packageRoot, 'out', scale));
  if (fresh) rmSync(join(out, 'claims.jsonl'), { force: true });
  const start = Date.now();
  const results: NotebookResult[] = runNotebooks(names, {
    scale,
    out,
    onResult: (r) => {
      const where = r.status === 'ok' ? '' : `  first failing cell ${r.cell}: ${plainText(r.error ?? '').split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400)}`;
      console.log(`${r.status === 'ok' ? 'ok   ' : 'ERROR'} ${r.notebook}  ${r.seconds.toFixed(1)} s${where}`);
    },
  });
  const seconds = (Date.now() - start) / 1000;
  const claims = writeReport(out, results, seconds);
  if (claims.length) console.log(`\nclaims (${scale}):\n${claimsTable(claims)}`);
  console.log(`\n${results.filter((r) => r.status === 'ok').length}/${results.length} notebooks ran in ${seconds.toFixed(0)} s; report: ${join(out, 'report.md')}`);
  const failed = results.filter((r) => r.status !== 'ok');
  if (failed.length) console.error(`failed: ${failed.map((r) => `${r.notebook} (cell ${r.cell})`).join(', ')}`);
  return failed.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { positional, scale, out } = parse(rest);
  switch (command) {
    case 'figures':
      return runAndReport(listNotebooks(), scale, out, true);
    case 'notebooks':
      return runAndReport(listNotebooks(positional), scale, out, positional.length === 0);
    case 'sweep': {
      if (!positional[0]) throw new Error('sweep: expected a JSON file describing the sweep');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSweepFromFile } = require('./sweep/cli-sweep');
      const result = await runSweepFromFile(resolve(positional[0]), { progress: 'auto' });
      const p = result.progress as unknown as Record<string, unknown>;
      console.log(`sweep written to ${result.csvPath} (${JSON.stringify(p)})`);
      return 0;
    }
    case 'bench': {
      const run = spawnSync('bash', [join(packageRoot, 'bench', 'run.sh'), ...positional], { stdio: 'inherit' });
      return run.status ?? 1;
    }
    default:
      console.error('usage: transformer-limits figures|notebooks [names…]|sweep <file.json>|bench [--scale smoke|quick|paper] [--out DIR]');
      return 2;
  }
}
