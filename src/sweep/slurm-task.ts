/**
 * One SLURM array task of a sweep (`transformer-limits sweep-task <manifest.json>`, task index from
 * SLURM_ARRAY_TASK_ID): runs its chunk of the manifest's runs through the same run function and the same worker
 * pool as the threads executor, on SLURM_CPUS_PER_TASK worker threads, and stores each finished run in the cache
 * the moment it finishes. Runs already in the cache (another task, an earlier job) are skipped, so a requeued or
 * resubmitted task computes only what is missing. On SIGTERM (scancel, time limit, pre-emption) it notes what it
 * finished and exits: only the unfinished run is lost. Writes task-<k>.json (its summary) next to its log.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { finishedRun, readCachedRun, writeCachedRun } from './cache';
import { WorkerPool, type RunReference } from './pool';

/** What the submitting side writes for the tasks of one sbatch --array job (<submission>/manifest.json). */
export interface SweepManifest {
  format: 1;
  /** The sweep's name. */
  sweep: string;
  /** The sweep's cache folder (absolute; on a filesystem every node sees). */
  folder: string;
  /** This submission's folder (absolute): manifest, batch script, task logs and summaries. */
  submission: string;
  run: RunReference;
  scale: string;
  lossKey: string;
  /** The runs to compute: cache key, position in the grid, config. */
  runs: { key: string; index: number; config: Record<string, unknown> }[];
  /** tasks[k]: the positions in `runs` that array task k computes. */
  tasks: number[][];
  submittedAt: string;
  submittedFrom: string;
}

/** What a task reports about itself in <submission>/task-<k>.json. */
export interface TaskSummary {
  task: number;
  job: string | null;
  host: string;
  state: 'running' | 'completed' | 'terminated' | 'failed';
  /** Seconds from the process's start to the first run starting (Node, module loading, worker start-up). */
  startupSeconds: number;
  /** Seconds from the process's start to this summary. */
  wallSeconds: number;
  /** CPU seconds of the process (all its threads) up to this summary. */
  cpuSeconds: number;
  /** The runs this task finished: key, status, seconds. */
  finished: { key: string; status: string; seconds: number }[];
  /** Keys it found already in the cache. */
  skipped: string[];
  error: string | null;
  updatedAt: string;
}

export function readManifest(path: string): SweepManifest {
  const m = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
  if (m.format !== 1 || !Array.isArray(m.runs) || !Array.isArray(m.tasks)) throw new Error(`${path}: not a sweep manifest (format 1)`);
  return m;
}

function writeSummary(manifest: SweepManifest, summary: TaskSummary): void {
  const path = join(manifest.submission, `task-${summary.task}.json`);
  const temporary = `${path}.${hostname()}.${process.pid}.tmp`;
  const cpu = process.cpuUsage();
  const now = { wallSeconds: process.uptime(), cpuSeconds: (cpu.user + cpu.system) / 1e6, updatedAt: new Date().toISOString() };
  writeFileSync(temporary, JSON.stringify({ ...summary, ...now }, null, 1));
  renameSync(temporary, path);
}

/** Run array task `task` (default: $SLURM_ARRAY_TASK_ID) of the manifest; resolves to the process exit code. */
export async function runSweepTask(manifestPath: string, task?: number): Promise<number> {
  const manifest = readManifest(manifestPath);
  const k = task ?? Number(process.env.SLURM_ARRAY_TASK_ID);
  if (!Number.isInteger(k) || k < 0 || k >= manifest.tasks.length) {
    throw new Error(`task: expected an array index in 0…${manifest.tasks.length - 1} (from SLURM_ARRAY_TASK_ID), got ${process.env.SLURM_ARRAY_TASK_ID ?? task}`);
  }
  const job = process.env.SLURM_ARRAY_JOB_ID ? `${process.env.SLURM_ARRAY_JOB_ID}_${k}` : null;
  const summary: TaskSummary = {
    task: k, job, host: hostname(), state: 'running', startupSeconds: 0, wallSeconds: 0, cpuSeconds: 0, finished: [], skipped: [], error: null, updatedAt: '',
  };
  const mine = manifest.tasks[k].map((i) => manifest.runs[i]);
  const todo = mine.filter((r) => {
    const stored = readCachedRun(manifest.folder, r.key);
    if (stored && stored.status !== 'error') summary.skipped.push(r.key);
    return !(stored && stored.status !== 'error');
  });
  const log = (line: string) => process.stdout.write(`[sweep-task ${job ?? k} ${hostname()} ${new Date().toISOString()}] ${line}\n`);
  log(`sweep ${manifest.sweep}: ${todo.length} runs to compute, ${summary.skipped.length} already in the cache`);
  process.on('SIGTERM', () => {
    summary.state = 'terminated';
    summary.error = 'SIGTERM (cancelled, time limit or pre-emption)';
    log(`SIGTERM: stopping with ${summary.finished.length} of ${todo.length} runs finished`);
    writeSummary(manifest, summary);
    process.exit(143);
  });
  if (todo.length === 0) {
    summary.state = 'completed';
    writeSummary(manifest, summary);
    return 0;
  }
  const cpus = Number(process.env.SLURM_CPUS_PER_TASK ?? '1');
  const workers = Math.min(todo.length, Number.isInteger(cpus) && cpus > 0 ? cpus : 1);
  const pool = new WorkerPool(manifest.run, workers);
  writeSummary(manifest, summary);
  try {
    const all = Promise.all(
      todo.map((r) =>
        pool.run(r.config, { scale: manifest.scale, key: r.key, index: r.index }).then((outcome) => {
          const base = { key: r.key, run: manifest.run.name, version: manifest.run.version, scale: manifest.scale, config: r.config };
          const entry = finishedRun(base, outcome, manifest.lossKey);
          if (summary.finished.length === 0) summary.startupSeconds = process.uptime() - outcome.seconds; // first run's start
          writeCachedRun(manifest.folder, entry);
          summary.finished.push({ key: r.key, status: entry.status, seconds: entry.seconds });
          log(`run ${r.index} ${entry.status} in ${entry.seconds.toFixed(2)} s${entry.error ? `: ${entry.error}` : ''}`);
          writeSummary(manifest, summary);
        }),
      ),
    );
    await Promise.race([all, pool.failed()]);
  } catch (e) {
    summary.state = 'failed';
    summary.error = e instanceof Error ? e.message : String(e);
    log(`failed: ${summary.error}`);
    writeSummary(manifest, summary);
    return 1;
  } finally {
    await pool.close();
  }
  summary.state = 'completed';
  writeSummary(manifest, summary);
  log(`done in ${process.uptime().toFixed(2)} s`);
  return 0;
}

if (require.main === module) {
  // run from sources (node --import tsx src/sweep/slurm-task.ts <manifest>); built code goes through the CLI
  runSweepTask(process.argv[2]).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`sweep-task: ${e.message}`);
      process.exit(1);
    },
  );
}
