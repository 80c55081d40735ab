/**
 * Submitting a sweep's missing runs as one `sbatch --array` job, and finding the submissions of a sweep that are
 * still in SLURM's queue. Each submission has a folder <cache folder>/slurm/<stamp>/ holding manifest.json (the runs
 * and the chunk of each array task), job.sh (the batch script), job.json (the job id), and per task its log
 * task-<k>.out and summary task-<k>.json.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../base/paths';
import type { RunReference } from './pool';
import { sbatch, squeueTasks, type QueuedTask } from './slurm-commands';
import { chunkRuns, sbatchArguments, type SlurmSettings } from './slurm-settings';
import type { SweepManifest } from './slurm-task';

/** One run to compute: cache key, position in the grid, config. */
export interface SlurmRun {
  key: string;
  index: number;
  config: Record<string, unknown>;
}

/** A submitted array job. */
export interface Submission {
  jobId: string;
  /** The submission's folder (manifest, script, logs). */
  folder: string;
  manifest: SweepManifest;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command an array task runs: built code → `node bin/transformer-limits.js sweep-task <manifest>`; when the
 * sweep itself runs from TypeScript sources (tests, tsx) → `node --import tsx src/sweep/slurm-task.ts <manifest>`.
 */
export function taskCommand(node: string, manifestPath: string): string[] {
  if (__filename.endsWith('.ts')) {
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    return [node, '--import', tsx, join(__dirname, 'slurm-task.ts'), manifestPath];
  }
  return [node, packagePath('bin', 'transformer-limits.js'), 'sweep-task', manifestPath];
}

function stamp(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${hostname().split('.')[0]}-${process.pid}`;
}

/** Write manifest and batch script, then sbatch them as one array job (one task per chunk of runs). */
export function submitRuns(
  cacheFolder: string,
  sweepName: string,
  run: RunReference,
  scale: string,
  lossKey: string,
  runs: SlurmRun[],
  settings: SlurmSettings,
): Submission {
  let folder = join(cacheFolder, 'slurm', stamp());
  for (let n = 1; existsSync(folder); n++) folder = join(cacheFolder, 'slurm', `${stamp()}-${n}`);
  mkdirSync(folder, { recursive: true });
  const manifest: SweepManifest = {
    format: 1,
    sweep: sweepName,
    folder: cacheFolder,
    submission: folder,
    run,
    scale,
    lossKey,
    runs,
    tasks: chunkRuns(runs.length, settings.runsPerTask),
    submittedAt: new Date().toISOString(),
    submittedFrom: hostname(),
  };
  const manifestPath = join(folder, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  const script = join(folder, 'job.sh');
  const command = taskCommand(settings.node ?? process.execPath, manifestPath).map(quote).join(' ');
  writeFileSync(
    script,
    `#!/bin/bash\n# transformer-limits sweep '${sweepName}': array task $SLURM_ARRAY_TASK_ID computes its chunk of manifest.json\nexec ${command}\n`,
  );
  chmodSync(script, 0o755);
  const args = sbatchArguments(settings, manifest.tasks.length, `tl-${sweepName}`, folder);
  const jobId = sbatch(args, script);
  writeFileSync(join(folder, 'job.json'), JSON.stringify({ jobId, tasks: manifest.tasks.length, runs: runs.length, sbatch: args, submittedAt: manifest.submittedAt }, null, 1));
  return { jobId, folder, manifest };
}

/** Mark a submission as gathered (none of its tasks queued any more), so later calls do not ask squeue about it. */
export function markEnded(submission: Submission): void {
  writeFileSync(join(submission.folder, 'ended'), new Date().toISOString() + '\n');
}

/** Submissions of this sweep not yet marked ended, with the tasks squeue still lists for each. */
export function openSubmissions(cacheFolder: string): { submission: Submission; queued: Map<string, QueuedTask> }[] {
  const root = join(cacheFolder, 'slurm');
  if (!existsSync(root)) return [];
  const open: Submission[] = [];
  for (const name of readdirSync(root).sort()) {
    const folder = join(root, name);
    if (existsSync(join(folder, 'ended')) || !existsSync(join(folder, 'job.json'))) continue;
    try {
      const { jobId } = JSON.parse(readFileSync(join(folder, 'job.json'), 'utf8')) as { jobId: string };
      const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as SweepManifest;
      open.push({ jobId, folder, manifest });
    } catch {
      /* a submission folder whose sbatch failed half-way: nothing queued */
    }
  }
  const queued = squeueTasks(open.map((s) => s.jobId));
  return open.map((submission) => ({
    submission,
    queued: new Map([...queued].filter(([id]) => id.startsWith(`${submission.jobId}_`))),
  }));
}

/** The log file of array task k of a submission. */
export function taskLog(submission: Submission, task: number): string {
  return join(submission.folder, `task-${task}.out`);
}
