/**
 * transformer-limits figures | notebooks | sweep | sweep-task | bench
 *   figures   [--scale smoke|quick|paper] [--out DIR] [--executor threads|slurm]   every notebook afresh, then the report
 *   notebooks [names or paths…] [--scale …] [--out DIR] [--executor …]   the named notebooks (all when none are named),
 *                                                                 merged into the scale's report
 *   sweep     <file.json> [--executor threads|slurm] [--detach]   a sweep described in JSON, written as CSV
 *   sweep-task <manifest.json> [--task K]                        one SLURM array task of a sweep (sbatch runs this)
 *   plan      [ids…] [--scale …]                              runs, cached runs, FLOPs and estimated time per figure
 *   bench                                                       the benchmarks in bench/, as JSON
 * --executor slurm: every sweep runs as a SLURM job array (settings from TL_SLURM_*; see README "Clusters"); for
 * figures and notebooks it reaches the notebooks' sweeps as TL_EXECUTOR, and a cell may wait 7 days for its jobs
 * (TL_CELL_TIMEOUT seconds to change that).
 */
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { formatError } from './notebook/errors';
import { claimsTable, writeReport } from './notebook/report';
import { clearResults } from './notebook/results';
import { runNotebooks, type NotebookResult } from './notebook/runner';
import { packageRoot } from './base/paths';
import { scales, type Scale } from './notebook/scale';
import { selectNotebooks, uniqueTargets, type NotebookTarget } from './notebook/select';

type Executor = 'threads' | 'slurm';

export const usage =
  'usage: transformer-limits figures|notebooks [names or paths…]|plan [figure ids…]|sweep <file.json> [--detach]|sweep-task <manifest.json>|bench ' +
  '[--scale smoke|quick|paper] [--out DIR] [--executor threads|slurm]';

export interface CliArguments {
  positional: string[];
  scale: Scale;
  out?: string;
  executor?: Executor;
  detach: boolean;
  task?: number;
}

const optionList = '--scale smoke|quick|paper, --out DIR, --executor threads|slurm, --detach, --task K';

/** Reads the options (as `--opt value` or `--opt=value`) and the positional arguments; throws naming the option. */
export function parseArguments(argv: string[]): CliArguments {
  const positional: string[] = [];
  let scale: Scale = 'quick';
  let out: string | undefined;
  let executor: Executor | undefined;
  let detach = false;
  let task: number | undefined;
  const valueOf = (option: string, i: number): [string, number] => {
    const a = argv[i];
    if (a.startsWith(`${option}=`)) {
      const v = a.slice(option.length + 1);
      if (v === '') throw new Error(`${option}: expected a value after '=', got nothing`);
      return [v, i];
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${option}: expected a value after it, got ${v === undefined ? 'nothing' : `'${v}'`}`);
    return [v, i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const option = a.split('=')[0];
    if (option === '--executor') {
      const [v, next] = valueOf('--executor', i);
      i = next;
      if (v !== 'threads' && v !== 'slurm') throw new Error(`--executor: expected one of threads, slurm, got '${v}'`);
      executor = v;
    } else if (a === '--detach') {
      detach = true;
    } else if (option === '--task') {
      const [v, next] = valueOf('--task', i);
      i = next;
      task = Number(v);
      if (!Number.isInteger(task) || task < 0) throw new Error(`--task: expected an array task index (0, 1, …), got '${v}'`);
    } else if (option === '--scale') {
      const [v, next] = valueOf('--scale', i);
      i = next;
      if (!(scales as readonly string[]).includes(v)) throw new Error(`--scale: expected one of ${scales.join(', ')}, got '${v}'`);
      scale = v as Scale;
    } else if (option === '--out') {
      const [v, next] = valueOf('--out', i);
      i = next;
      out = v;
    } else if (a.startsWith('--')) {
      throw new Error(`${option}: unknown option; expected one of ${optionList}`);
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

function runAndReport(targets: NotebookTarget[], scale: Scale, outArg: string | undefined, fresh: boolean, executor?: Executor): number {
  const out = resolve(outArg ?? join(packageRoot, 'out', scale));
  if (fresh) clearResults(out);
  if (executor) process.env.TL_EXECUTOR = executor; // the notebooks' kernels inherit it; sweep() reads it
  const start = Date.now();
  const results: NotebookResult[] = runNotebooks(targets, {
    scale,
    out,
    timeout: cellTimeout(executor),
    cellProgress: true,
    onResult: (r) => {
      console.log(`${r.status === 'ok' ? 'ok   ' : 'ERROR'} ${r.notebook}  ${r.seconds.toFixed(1)} s${r.status === 'ok' ? '' : `  (cell ${r.cell ?? '?'})`}`);
      if (r.error) console.log(formatError(r.error).replace(/^/gm, '      '));
    },
  });
  const seconds = (Date.now() - start) / 1000;
  const claims = writeReport(out, { scale, seconds });
  if (claims.length) console.log(`\nclaims in ${out} (${scale}):\n${claimsTable(claims)}`);
  console.log(`\n${results.filter((r) => r.status === 'ok').length}/${results.length} notebooks ran in ${seconds.toFixed(0)} s at ${scale} scale; report: ${join(out, 'report.md')}`);
  const failed = results.filter((r) => r.status !== 'ok');
  if (failed.length) console.error(`failed: ${failed.map((r) => `${r.notebook} (cell ${r.cell ?? '?'})`).join(', ')}`);
  return failed.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.error(usage);
    return 2;
  }
  if (command === 'bench') {
    const run = spawnSync('bash', [join(packageRoot, 'bench', 'run.sh'), ...rest], { stdio: 'inherit' });
    return run.status ?? 1;
  }
  const { positional, scale, out, executor, detach, task } = parseArguments(rest);
  switch (command) {
    case 'figures':
      if (positional.length) throw new Error(`figures: runs every notebook and takes no names (got ${positional.join(' ')}); use 'notebooks ${positional.join(' ')}'`);
      return runAndReport(uniqueTargets(selectNotebooks([])), scale, out, true, executor);
    case 'notebooks': {
      const selections = selectNotebooks(positional);
      for (const s of selections) {
        const byPath = s.targets.length === 1 && s.targets[0].source === resolve(s.argument);
        if (positional.length && !byPath && (s.targets.length > 1 || s.targets[0].name !== s.argument)) {
          console.log(`${s.argument} matches ${s.targets.map((t) => t.name).join(', ')}`);
        }
      }
      return runAndReport(uniqueTargets(selections), scale, out, false, executor);
    }
    case 'sweep': {
      if (!positional[0]) throw new Error('sweep: expected a JSON file describing the sweep');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSweepFromFile } = require('./sweep/cli-sweep');
      const result = await runSweepFromFile(resolve(positional[0]), { progress: true, executor, detach });
      const p = result.progress as unknown as Record<string, unknown>;
      console.log(`sweep written to ${result.csvPath} (${JSON.stringify(p)})`);
      if (result.slurm) {
        for (const f of result.slurm.failedTasks) console.error(`SLURM task ${f.job} ended ${f.state}: ${f.missingRuns} runs unfinished; log: ${f.log}`);
        if (result.slurm.pending) console.log(`${result.slurm.pending} runs queued in SLURM job(s) ${result.slurm.jobs.join(', ')}; run the same command again to gather them`);
      }
      return 0;
    }
    case 'plan': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runPlan } = require('./figures/plan-cli');
      await runPlan(positional, scale);
      return 0;
    }
    case 'sweep-task': {
      if (!positional[0]) throw new Error('sweep-task: expected the manifest.json of a SLURM submission');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSweepTask } = require('./sweep/slurm-task');
      return runSweepTask(resolve(positional[0]), task);
    }
    default:
      console.error(`unknown command '${command}'\n${usage}`);
      return 2;
  }
}
