/**
 * The SLURM executor's submitting side: adopt the runs that an earlier, still queued submission of the same sweep
 * will compute, submit the rest as one `sbatch --array` job, then (unless detached) wait, watching the cache files
 * appear and `squeue`, until every run is in the cache or every task has left the queue. A run whose task ended
 * without storing it (cancelled, time limit, node failure, non-zero exit) comes back as an error record naming the
 * SLURM job, how it ended and its log; calling the sweep again submits only those.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCachedRun, type CachedRun } from './cache';
import type { RunReference } from './pool';
import { squeueTasks, taskEnd, type QueuedTask, type TaskEnd } from './slurm-commands';
import type { SlurmSettings } from './slurm-settings';
import { markEnded, openSubmissions, submitRuns, taskLog, type SlurmRun, type Submission } from './slurm-submit';
import type { TaskSummary } from './slurm-task';

/** Array tasks of the sweep's jobs, by state, for progress displays. */
export interface SlurmTaskCounts {
  jobs: string[];
  pending: number;
  running: number;
  /** Tasks that left the queue with some of their runs not in the cache. */
  failed: number;
}

/** An array task that ended without storing all its runs. */
export interface FailedTask {
  /** "<job id>_<task>". */
  job: string;
  state: string;
  exitCode: string | null;
  log: string;
  missingRuns: number;
  /** What the task itself wrote in its summary (e.g. a run module that does not load), if anything. */
  detail: string | null;
}

export interface SlurmSweepOutcome {
  /** Runs found in the cache. */
  finished: Map<string, CachedRun>;
  /** The other runs: error records (their task ended) or, detached, pending records. Never written to the cache. */
  unfinished: Map<string, CachedRun>;
  /** The array jobs computing this call's runs (earlier still-queued ones and the one submitted now, if any). */
  jobs: string[];
  failedTasks: FailedTask[];
}

export interface SlurmSweepRequest {
  folder: string;
  sweepName: string;
  run: RunReference;
  scale: string;
  lossKey: string;
  runs: SlurmRun[];
  settings: SlurmSettings;
  detach: boolean;
  /** finishedAt of runs cached as errors and now retried: such a run counts as done once its file changes. */
  stale: Map<string, string>;
  onFinished: (run: CachedRun) => void;
  onTasks: (counts: SlurmTaskCounts) => void;
}

/** Seconds to keep looking for run files that a task reports as stored but this node does not see yet (NFS caches). */
const visibilityGraceSeconds = 60;

/** Seconds squeue may keep failing (controller down or restarting) before the waiting side gives up with its error. */
const squeueOutageSeconds = 600;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readSummary(submission: Submission, task: number): TaskSummary | null {
  const path = join(submission.folder, `task-${task}.json`);
  try {
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TaskSummary) : null;
  } catch {
    return null;
  }
}

/** Compute `runs` on SLURM (see the module comment); resolves when they are all accounted for, or at once with detach. */
export async function runOnSlurm(req: SlurmSweepRequest): Promise<SlurmSweepOutcome> {
  const finished = new Map<string, CachedRun>();
  const look = (key: string): boolean => {
    if (finished.has(key)) return true;
    const stored = readCachedRun(req.folder, key);
    if (!stored || req.stale.get(key) === stored.finishedAt) return false;
    finished.set(key, stored);
    req.onFinished(stored);
    return true;
  };
  const wanted = new Set(req.runs.map((r) => r.key));
  const owner = new Map<string, { submission: Submission; task: number }>();
  const submissions: Submission[] = [];
  for (const { submission, queued } of openSubmissions(req.folder)) {
    if (queued.size === 0) {
      markEnded(submission);
      continue;
    }
    let adopted = false;
    submission.manifest.tasks.forEach((chunk, k) => {
      if (!queued.has(`${submission.jobId}_${k}`)) return;
      for (const i of chunk) {
        const key = submission.manifest.runs[i].key;
        if (wanted.has(key) && !owner.has(key)) {
          owner.set(key, { submission, task: k });
          adopted = true;
        }
      }
    });
    if (adopted) submissions.push(submission);
  }
  for (const r of req.runs) look(r.key);
  const missing = req.runs.filter((r) => !finished.has(r.key) && !owner.has(r.key));
  if (missing.length > 0) {
    const s = submitRuns(req.folder, req.sweepName, req.run, req.scale, req.lossKey, missing, req.settings);
    submissions.push(s);
    s.manifest.tasks.forEach((chunk, k) => chunk.forEach((i) => owner.set(s.manifest.runs[i].key, { submission: s, task: k })));
  }
  const jobs = submissions.map((s) => s.jobId);
  const taskId = (key: string) => `${owner.get(key)!.submission.jobId}_${owner.get(key)!.task}`;
  const record = (r: SlurmRun, status: 'error' | 'pending', error: string): CachedRun => ({
    key: r.key, run: req.run.name, version: req.run.version, scale: req.scale, config: r.config,
    status, result: null, error, seconds: 0, finishedAt: new Date().toISOString(),
  });
  if (req.detach) {
    const unfinished = new Map(req.runs.filter((r) => !finished.has(r.key)).map((r) => [r.key, record(r, 'pending', `queued as SLURM job ${taskId(r.key)}`)]));
    return { finished, unfinished, jobs, failedTasks: [] };
  }

  const pollMs = (req.settings.pollSeconds ?? 5) * 1000;
  let graceUntil = Number.POSITIVE_INFINITY;
  let squeueFailingSince: number | null = null;
  for (;;) {
    const left = req.runs.filter((r) => !look(r.key));
    if (left.length === 0) break;
    let queued: Map<string, QueuedTask>;
    try {
      queued = squeueTasks(jobs);
      squeueFailingSince = null;
    } catch (e) {
      // a busy or restarting slurmctld: keep watching the cache, give up only after a long outage
      squeueFailingSince ??= Date.now();
      if (Date.now() - squeueFailingSince > squeueOutageSeconds * 1000) throw e;
      await sleep(pollMs);
      continue;
    }
    const leftTasks = new Set(left.map((r) => taskId(r.key)));
    let pending = 0;
    let running = 0;
    for (const t of queued.values()) {
      if (t.state === 'PENDING') pending++;
      else running++;
    }
    const failed = [...leftTasks].filter((id) => !queued.has(id)).length;
    req.onTasks({ jobs, pending, running, failed });
    if (queued.size === 0) {
      const still = req.runs.filter((r) => !look(r.key));
      if (still.length === 0) break;
      // every task has left the queue; wait a little only for runs a task says it stored (a lagging NFS view)
      const reported = still.filter((r) => {
        const o = owner.get(r.key)!;
        return readSummary(o.submission, o.task)?.finished.some((f) => f.key === r.key) ?? false;
      });
      if (reported.length === 0) break;
      if (graceUntil === Number.POSITIVE_INFINITY) graceUntil = Date.now() + visibilityGraceSeconds * 1000;
      if (Date.now() > graceUntil) break;
    }
    await sleep(pollMs);
  }

  const ends = new Map<string, TaskEnd>();
  const failures = new Map<string, FailedTask>();
  const unfinished = new Map<string, CachedRun>();
  for (const r of req.runs) {
    if (finished.has(r.key)) continue;
    const { submission, task } = owner.get(r.key)!;
    const id = taskId(r.key);
    const log = taskLog(submission, task);
    if (!ends.has(id)) ends.set(id, taskEnd(submission.jobId, task, log));
    const end = ends.get(id)!;
    const summary = readSummary(submission, task);
    const detail = summary?.state === 'failed' ? summary.error : null; // e.g. a run module that does not load
    const failure = failures.get(id) ?? { job: id, state: end.state, exitCode: end.exitCode, log, missingRuns: 0, detail };
    failure.missingRuns++;
    failures.set(id, failure);
    const exit = end.exitCode && end.exitCode !== '0:0' ? ` (exit ${end.exitCode})` : '';
    unfinished.set(r.key, record(r, 'error', `SLURM job ${id} ended ${end.state}${exit} before this run finished${detail ? `: ${detail}` : ''}; log: ${log}`));
  }
  let stillQueued: Map<string, QueuedTask> | null = null;
  try {
    stillQueued = squeueTasks(jobs);
  } catch {
    /* unknown: leave the submissions open; the next call asks again */
  }
  for (const s of submissions) if (stillQueued && ![...stillQueued.keys()].some((id) => id.startsWith(`${s.jobId}_`))) markEnded(s);
  req.onTasks({ jobs, pending: 0, running: 0, failed: failures.size });
  return { finished, unfinished, jobs, failedTasks: [...failures.values()] };
}
