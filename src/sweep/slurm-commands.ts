/**
 * SLURM's own commands, called as the user would: `sbatch` to submit, `squeue` for the tasks still queued or running,
 * and, for a task that is gone, `sacct` (when the cluster keeps accounting), else `scontrol show job` (while
 * slurmctld still remembers it, MinJobAge), else the "*** JOB … CANCELLED …" line slurmstepd writes into its log.
 * The cluster is whatever SLURM's environment says (SLURM_CONF, ~/.slurm); nothing here names a path.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

function call(command: string, args: string[]): { status: number | null; stdout: string; stderr: string; missing: boolean } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error && !missing ? String(r.error.message) : ''), missing };
}

const noClient =
  "the slurm executor needs SLURM's client commands (sbatch, squeue, scontrol; Debian: slurm-client) on the PATH and a " +
  'cluster to talk to (SLURM_CONF); on one machine as root: scripts/slurm-local.sh start, then export SLURM_CONF=$(scripts/slurm-local.sh conf)';

/** Submit a batch script with sbatch; returns the job id (sbatch --parsable prints "id" or "id;cluster"). */
export function sbatch(args: string[], script: string): string {
  const r = call('sbatch', [...args, script]);
  if (r.missing) throw new Error(`sbatch not found: ${noClient}`);
  const id = r.stdout.trim().split(/\s+/).pop()?.split(';')[0] ?? '';
  if (r.status !== 0 || !/^\d+$/.test(id)) {
    throw new Error(`sbatch ${args.join(' ')} ${script} failed (exit ${r.status}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return id;
}

/** A queued or running array task: "<job>_<k>" → state (PENDING, RUNNING, COMPLETING, …) and reason. */
export interface QueuedTask {
  state: string;
  reason: string;
}

/**
 * The tasks of these array jobs that squeue still lists (one entry per task, pending ones included). A job that
 * slurmctld no longer knows yields nothing. Throws when squeue cannot reach the controller.
 */
export function squeueTasks(jobIds: string[]): Map<string, QueuedTask> {
  const tasks = new Map<string, QueuedTask>();
  if (jobIds.length === 0) return tasks;
  const r = call('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i|%T|%r']);
  if (r.missing) throw new Error(`squeue not found: ${noClient}`);
  if (r.status !== 0) {
    if (/invalid job id/i.test(r.stderr)) return tasks; // every job already purged from slurmctld's memory
    throw new Error(`squeue -j ${jobIds.join(',')} failed (exit ${r.status}): ${r.stderr.trim()}`);
  }
  for (const line of r.stdout.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (id && state) tasks.set(id, { state, reason: reason ?? '' });
  }
  return tasks;
}

/** How a task that left the queue ended, and where that was read. */
export interface TaskEnd {
  /** SLURM's job state: COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, PREEMPTED, OUT_OF_MEMORY, …, or UNKNOWN. */
  state: string;
  /** "exit:signal" as SLURM reports it, or null. */
  exitCode: string | null;
  source: 'sacct' | 'scontrol' | 'log' | 'none';
}

let accounting: boolean | null = null;

function fromSacct(jobId: string, task: number): TaskEnd | null {
  if (accounting === false) return null;
  const r = call('sacct', ['-n', '-P', '-X', '-j', `${jobId}_${task}`, '-o', 'JobID,State,ExitCode']);
  if (r.missing || /accounting storage is disabled|not running a supported accounting_storage/i.test(r.stderr)) {
    accounting = false;
    return null;
  }
  if (r.status !== 0) return null;
  accounting = true;
  for (const line of r.stdout.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    if (id === `${jobId}_${task}` && state) return { state: state.split(' ')[0], exitCode: exit ?? null, source: 'sacct' };
  }
  return null;
}

function fromScontrol(jobId: string, task: number): TaskEnd | null {
  const r = call('scontrol', ['-o', 'show', 'job', `${jobId}_${task}`]);
  if (r.status !== 0) return null;
  for (const line of r.stdout.split('\n')) {
    if (!new RegExp(`ArrayJobId=${jobId} ArrayTaskId=${task}\\b`).test(line)) continue;
    const state = /JobState=(\S+)/.exec(line)?.[1];
    if (state) return { state, exitCode: /ExitCode=(\S+)/.exec(line)?.[1] ?? null, source: 'scontrol' };
  }
  return null;
}

/** slurmstepd's "*** JOB 12 ON node CANCELLED AT … DUE TO TIME LIMIT ***" (and NODE FAILURE, PREEMPTION) in a log. */
export function endFromLog(logPath: string): TaskEnd | null {
  if (!existsSync(logPath)) return null;
  const text = readFileSync(logPath, 'utf8');
  const m = [...text.matchAll(/\*\*\* (?:JOB|STEP) \S+ ON \S+ CANCELLED AT \S+(?: DUE TO ([A-Z ]+?))? \*\*\*/g)].pop();
  if (!m) return null;
  const why = m[1] ?? '';
  const state = /TIME LIMIT/.test(why) ? 'TIMEOUT' : /NODE FAIL/.test(why) ? 'NODE_FAIL' : /PREEMPT/.test(why) ? 'PREEMPTED' : 'CANCELLED';
  return { state, exitCode: null, source: 'log' };
}

/** How array task `task` of job `jobId` ended: sacct, else scontrol, else its log; UNKNOWN when nothing says. */
export function taskEnd(jobId: string, task: number, logPath: string): TaskEnd {
  return fromSacct(jobId, task) ?? fromScontrol(jobId, task) ?? endFromLog(logPath) ?? { state: 'UNKNOWN', exitCode: null, source: 'none' };
}

/** Cancel jobs (used by tests and by a user's own tooling; the sweep itself never cancels). */
export function scancel(jobIds: string[]): void {
  if (jobIds.length === 0) return;
  const r = call('scancel', jobIds);
  if (r.missing) throw new Error(`scancel not found: ${noClient}`);
  if (r.status !== 0) throw new Error(`scancel ${jobIds.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
}
