/**
 * transformer-limits figures | notebooks | sweep | sweep-task | bench
 *   figures   [--scale smoke|quick|paper] [--out DIR] [--executor threads|slurm]   every notebook, then the report
 *   notebooks [names…] [--scale …] [--out DIR] [--executor …]    the named notebooks (all when none are named)
 *   sweep     <file.json> [--executor threads|slurm] [--detach]   a sweep described in JSON, written as CSV
 *   sweep-task <manifest.json> [--task K]                        one SLURM array task of a sweep (sbatch runs this)
 *   bench                                                       the benchmarks in bench/, as JSON
 * --executor slurm: every sweep runs as a SLURM job array (settings from TL_SLURM_*; see README "Clusters"); for
 * figures and notebooks it reaches the notebooks' sweeps as TL_EXECUTOR, and a cell may wait 7 days for its jobs
 * (TL_CELL_TIMEOUT seconds to change that).
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { claimsTable, writeReport } from './notebook/report';
import { listNotebooks, packageRoot, plainText, runNotebooks, type NotebookResult } from './notebook/runner';
import { scales, type Scale } from './notebook/scale';

type Executor = 'threads' | 'slurm';

interface Parsed {
  positional: string[];
  scale: Scale;
  out?: string;
  executor?: Executor;
  detach: boolean;
  task?: number;
}

function parse(argv: string[]): Parsed {
  const positional: string[] = [];
  let scale: Scale = 'quick';
  let out: string | undefined;
  let executor: Executor | undefined;
  let detach = false;
  let task: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--executor' || a.startsWith('--executor=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (v !== 'threads' && v !== 'slurm') throw new Error(`--executor: expected one of threads, slurm, got '${v}'`);
      executor = v;
      continue;
    }
    if (a === '--detach') {
      detach = true;
      continue;
    }
    if (a === '--task' || a.startsWith('--task=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      task = Number(v);
      if (!Number.isInteger(task) || task < 0) throw new Error(`--task: expected an array task index (0, 1, …), got '${v}'`);
      continue;
    }
    if (a === '--scale' || a.startsWith('--scale=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (!(scales as readonly string[]).includes(v)) throw new Error(`--scale: expected one of ${scales.join(', ')}, got '${v}'`);
      scale = v as Scale;
    } else if (a === '--out' || a.startsWith('--out=')) {
      out = a.includes('=') ? a.split('=')[1] : argv[++i];
    } else positional.push(a);
  }
  return { positional, scale, out, executor, detach, task };
}

/** Seconds a notebook cell may run: the runner's default, or 7 days when its sweeps wait on SLURM (TL_CELL_TIMEOUT wins). */
function cellTimeout(executor: Executor | undefined): number | undefined {
  const v = process.env.TL_CELL_TIMEOUT;
  if (v !== undefined && v !== '') {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`TL_CELL_TIMEOUT: expected a positive number of seconds, got '${v}'`);
    return n;
  }
  return executor === 'slurm' ? 7 * 24 * 3600 : undefined;
}

function runAndReport(names: string[], scale: Scale, outArg: string | undefined, fresh: boolean, executor?: Executor): number {
  const out = resolve(outArg ?? join(packageRoot, 'out', scale));
  if (fresh) rmSync(join(out, 'claims.jsonl'), { force: true });
  if (executor) process.env.TL_EXECUTOR = executor; // the notebooks' kernels inherit it; sweep() reads it
  const start = Date.now();
  const results: NotebookResult[] = runNotebooks(names, {
    scale,
    out,
    timeout: cellTimeout(executor),
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
  const { positional, scale, out, executor, detach, task } = parse(rest);
  switch (command) {
    case 'figures':
      return runAndReport(listNotebooks(), scale, out, true, executor);
    case 'notebooks':
      return runAndReport(listNotebooks(positional), scale, out, positional.length === 0, executor);
    case 'sweep': {
      if (!positional[0]) throw new Error('sweep: expected a JSON file describing the sweep');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSweepFromFile } = require('./sweep/cli-sweep');
      const result = await runSweepFromFile(resolve(positional[0]), { progress: 'auto', executor, detach });
      const p = result.progress as unknown as Record<string, unknown>;
      console.log(`sweep written to ${result.csvPath} (${JSON.stringify(p)})`);
      if (result.slurm) {
        for (const f of result.slurm.failedTasks) console.error(`SLURM task ${f.job} ended ${f.state}: ${f.missingRuns} runs unfinished; log: ${f.log}`);
        if (result.slurm.pending) console.log(`${result.slurm.pending} runs queued in SLURM job(s) ${result.slurm.jobs.join(', ')}; run the same command again to gather them`);
      }
      return 0;
    }
    case 'sweep-task': {
      if (!positional[0]) throw new Error('sweep-task: expected the manifest.json of a SLURM submission');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSweepTask } = require('./sweep/slurm-task');
      return runSweepTask(resolve(positional[0]), task);
    }
    case 'bench': {
      const run = spawnSync('bash', [join(packageRoot, 'bench', 'run.sh'), ...positional], { stdio: 'inherit' });
      return run.status ?? 1;
    }
    default:
      console.error(
        'usage: transformer-limits figures|notebooks [names…]|sweep <file.json> [--detach]|sweep-task <manifest.json>|bench ' +
          '[--scale smoke|quick|paper] [--out DIR] [--executor threads|slurm]',
      );
      return 2;
  }
}
