// The SLURM executor on a real single-node SLURM (scripts/slurm-local.sh): array submission, chunks across tasks,
// a run that throws, a task cancelled mid-run and the sweep resumed, a task past its time limit, and the frame from
// SLURM equal to the frame from worker threads. The first three tests run concurrently (the time-limit one waits
// ≈ 70 s: SLURM's time limits are whole minutes and slurmctld checks them every 30 s), so they take about as long as
// it; then a short one with a failing squeue. The first also sends a SpecGrid sweep (spec and settings in every config).
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweep } from '../../src/sweep/sweep';
import { readCache } from '../../src/sweep/cache';
import { scancel, squeueTasks } from '../../src/sweep/slurm-commands';
import type { SweepProgress } from '../../src/sweep/progress';
import type { TaskSummary } from '../../src/sweep/slurm-task';
import { frameToRecords } from '../../src/analysis/dataframe';
import type * as dfd from 'danfojs-node';
import { startLocalSlurm, stopLocalSlurm } from './local-slurm';
import { SpecGrid } from '../../src/sweep/spec-grid';
import { preset } from '../../src/spec/presets';

const fixtures = join(__dirname, 'fixtures', 'runs.ts');
const slurm = startLocalSlurm();
afterAll(() => stopLocalSlurm(slurm));
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
const runFiles = (folder: string) => (existsSync(join(folder, 'runs')) ? readdirSync(join(folder, 'runs')).filter((f) => /^[0-9a-f]{32}\.json$/.test(f)) : []);
const submissions = (folder: string) => (existsSync(join(folder, 'slurm')) ? readdirSync(join(folder, 'slurm')).sort().map((s) => join(folder, 'slurm', s)) : []);
const summaries = (submission: string) =>
  readdirSync(submission)
    .filter((f) => /^task-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(submission, f), 'utf8')) as TaskSummary)
    .sort((a, b) => a.task - b.task);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A frame's rows without `seconds` (wall-clock time of the run, which differs between any two executions). */
const withoutTiming = (frame: dfd.DataFrame) => ({
  columns: frame.columns.filter((c) => c !== 'seconds'),
  rows: frameToRecords(frame).map(({ seconds: _s, ...rest }) => rest),
});
const quick = { pollSeconds: 0.25 };
// each array task starts Node, tsx and a worker (≈ 1 s on an idle machine, 10–15 s on a loaded one): generous limits
const timeout = 400_000;

describe.skipIf(slurm.skip !== null)('sweep on SLURM (single-node cluster of scripts/slurm-local.sh)', () => {
  it.concurrent('an array job with chunks across tasks gives the threads executor\'s frame bit for bit; a run that throws is an error record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-slurm-'));
    const noisy = { module: fixtures, name: 'noisy', version: '1' };
    const flaky = { module: fixtures, name: 'flaky', version: '1' };
    const flakyGrid = { axes: { behaviour: ['fine', 'bad', 'nan', 'div'] } };
    // a SpecGrid sweep: each point's config carries its spec and settings through the manifest to the array task
    const specGrid = new SpecGrid({ base: preset('p1', { headDim: 4, heads: 2, depth: 2 }), axes: { heads: [2, 4] }, settings: { offset: 100 }, seeds: 2 });
    const specWidth = { module: fixtures, name: 'specWidth', version: '1' };
    const seen: SweepProgress[] = [];
    const [onSlurm, flakyOnSlurm, specOnSlurm] = await Promise.all([
      sweep({ seeds: [0, 1, 2, 3, 4, 5, 6] }, noisy, { name: 'noisy', cacheDir: dir, executor: 'slurm', slurm: { ...quick, runsPerTask: 3 }, progress: false, onProgress: (p) => seen.push(p) }),
      sweep(flakyGrid, flaky, { name: 'flaky', cacheDir: dir, executor: 'slurm', slurm: { ...quick, runsPerTask: 4 }, progress: false }),
      sweep(specGrid, specWidth, { name: 'spec', cacheDir: dir, executor: 'slurm', slurm: { ...quick, runsPerTask: 2 }, progress: false }),
    ]);
    const onThreads = await sweep({ seeds: [0, 1, 2, 3, 4, 5, 6] }, noisy, { name: 'noisy', cache: false, workers: 2, progress: false });
    const flakyOnThreads = await sweep(flakyGrid, flaky, { name: 'flaky', cache: false, workers: 2, progress: false });
    const specOnThreads = await sweep(specGrid, specWidth, { name: 'spec', cache: false, workers: 2, progress: false });
    expect(withoutTiming(specOnSlurm.frame)).toEqual(withoutTiming(specOnThreads.frame));
    expect(specOnSlurm.rows.map((r) => r.loss)).toEqual([108, 108.1, 116, 116.1]);
    expect(specOnSlurm.records.map((r) => [r.spec, r.table])).toEqual(specOnThreads.points.map((p) => [p.spec, p.table]));
    // results cross a process, a JSON file and a second process on SLURM, and a JSON round trip on threads:
    // every value, float bits included, is the same (toEqual compares numbers with Object.is)
    expect(withoutTiming(onSlurm.frame)).toEqual(withoutTiming(onThreads.frame));
    expect(withoutTiming(flakyOnSlurm.frame)).toEqual(withoutTiming(flakyOnThreads.frame));
    expect(flakyOnSlurm.rows.map((r) => [r.behaviour, r.status, r.error])).toEqual([
      ['fine', 'ok', null], ['bad', 'error', 'boom: bad mode'], ['nan', 'diverged', null], ['div', 'diverged', null],
    ]);
    // one array job of ⌈7/3⌉ = 3 tasks, strided chunks {0,3,6}, {1,4}, {2,5}, each run computed once by its task
    const [submission] = submissions(join(dir, 'noisy'));
    expect(submissions(join(dir, 'noisy'))).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(submission, 'manifest.json'), 'utf8')) as { tasks: number[][]; runs: { key: string }[] };
    expect(manifest.tasks).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    const tasks = summaries(submission);
    expect(tasks.map((t) => [t.task, t.state, t.job])).toEqual([0, 1, 2].map((k) => [k, 'completed', `${onSlurm.slurm!.jobs[0]}_${k}`]));
    for (const t of tasks) expect(t.finished.map((f) => f.key).sort()).toEqual(manifest.tasks[t.task].map((i) => manifest.runs[i].key).sort());
    expect(onSlurm.slurm).toMatchObject({ failedTasks: [], pending: 0 });
    expect(seen.some((p) => p.slurm !== undefined && p.slurm.pending + p.slurm.running > 0)).toBe(true); // squeue was watched
    // a second call finds everything in the cache and submits nothing
    const again = await sweep({ seeds: [0, 1, 2, 3, 4, 5, 6] }, noisy, { name: 'noisy', cacheDir: dir, executor: 'slurm', slurm: quick, progress: false });
    expect(again.progress).toMatchObject({ cached: 7, computed: 0 });
    expect(submissions(join(dir, 'noisy'))).toHaveLength(1);
  }, timeout);

  it.concurrent('a task cancelled mid-run loses only its unfinished runs; calling again adopts a queued job, and resumes after scancel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-slurm-'));
    const folder = join(dir, 'cancel');
    const callsFile = join(dir, 'calls.log');
    const grid = { axes: { i: [0, 1, 2, 3, 4, 5, 6, 7] }, fixed: { ms: 1000, callsFile } };
    const run = { module: fixtures, name: 'slow', version: '1' };
    const options = { name: 'cancel', cacheDir: dir, executor: 'slurm' as const, slurm: { ...quick, runsPerTask: 2 }, progress: false };
    const first = sweep(grid, run, options);
    while (runFiles(folder).length < 1) await sleep(50);
    // a second call while the job is queued adopts it: nothing new is submitted, unfinished runs are 'pending'
    const detached = await sweep(grid, run, { ...options, detach: true });
    expect(submissions(folder)).toHaveLength(1);
    const jobId = detached.slurm!.jobs[0];
    expect(detached.rows.some((r) => r.status === 'pending' && String(r.error).startsWith(`queued as SLURM job ${jobId}_`))).toBe(true);
    scancel([jobId]);
    const cancelled = await first;
    const finished = cancelled.rows.filter((r) => r.status === 'ok');
    const lost = cancelled.rows.filter((r) => r.status === 'error');
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeGreaterThanOrEqual(1);
    expect(finished.length + lost.length).toBe(8);
    for (const r of lost) expect(r.error).toMatch(new RegExp(`^SLURM job ${jobId}_\\d ended CANCELLED.* before this run finished; log: .*task-\\d\\.out$`));
    expect(cancelled.slurm!.failedTasks.length).toBeGreaterThanOrEqual(1);
    expect(cancelled.slurm!.failedTasks.every((f) => f.state === 'CANCELLED' && f.job.startsWith(`${jobId}_`))).toBe(true);
    expect(readCache(folder).runs.size).toBe(finished.length); // error records of lost runs are not cached
    const callsBefore = lines(callsFile).length;

    const resumed = await sweep(grid, run, options);
    const recomputed = lines(callsFile).slice(callsBefore).map((id) => Number(id.split(':')[0])).sort((a, b) => a - b);
    expect(recomputed).toEqual(lost.map((r) => r.i as number)); // exactly the lost runs, each once
    expect(resumed.rows.map((r) => [r.i, r.status, r.loss])).toEqual(grid.axes.i.map((i) => [i, 'ok', i]));
    expect(resumed.progress).toMatchObject({ cached: finished.length, computed: lost.length, errors: 0 });
    expect(resumed.slurm!.jobs).not.toContain(jobId);
    expect(submissions(folder)).toHaveLength(2);
  }, timeout);

  it.concurrent('a task past its time limit is reported TIMEOUT with its job id and log; the other tasks\' runs are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-slurm-'));
    const folder = join(dir, 'timeout');
    // runs 0 and 1 sleep 200 ms; run 2 sleeps ten minutes, far past the one-minute limit
    const configs = { zip: [{ i: [0, 1, 2], ms: [200, 200, 600_000] }] };
    const run = { module: fixtures, name: 'slow', version: '1' };
    const options = { name: 'timeout', cacheDir: dir, executor: 'slurm' as const, slurm: { ...quick, runsPerTask: 1, time: '1' }, progress: false };
    const res = await sweep(configs, run, options);
    expect(res.rows.map((r) => r.status)).toEqual(['ok', 'ok', 'error']);
    const jobId = res.slurm!.jobs[0];
    expect(res.rows[2].error).toMatch(new RegExp(`^SLURM job ${jobId}_2 ended TIMEOUT.* before this run finished; log: ${folder}/slurm/[^/]+/task-2\\.out$`));
    expect(res.slurm!.failedTasks).toEqual([expect.objectContaining({ job: `${jobId}_2`, state: 'TIMEOUT', missingRuns: 1 })]);
    const log = readFileSync(res.slurm!.failedTasks[0].log, 'utf8');
    expect(log).toMatch(/CANCELLED AT \S+ DUE TO TIME LIMIT/);
    expect(log).toMatch(/SIGTERM: stopping with 0 of 1 runs finished/);
    // submitted again (detached), only the missing run goes to SLURM
    const again = await sweep(configs, run, { ...options, detach: true });
    expect(again.progress).toMatchObject({ cached: 2 });
    const newest = submissions(folder).pop()!;
    expect((JSON.parse(readFileSync(join(newest, 'manifest.json'), 'utf8')) as { runs: { index: number }[] }).runs.map((r) => r.index)).toEqual([2]);
    scancel(again.slurm!.jobs);
    while (squeueTasks(again.slurm!.jobs).size > 0) await sleep(200);
  }, timeout);

  // after the concurrent tests: it puts a failing squeue first on the PATH of this process
  it('keeps waiting through a failing squeue (a busy or restarting controller) and gathers every run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-slurm-'));
    const real = execFileSync('bash', ['-c', 'command -v squeue'], { encoding: 'utf8' }).trim();
    const counter = join(dir, 'squeue-calls');
    writeFileSync(
      join(dir, 'squeue'),
      `#!/bin/bash\nn=$(cat '${counter}' 2>/dev/null || echo 0); echo $((n + 1)) > '${counter}'\n` +
        `if [ "$n" -lt 3 ]; then echo 'slurm_load_jobs error: Socket timed out on send/recv operation' >&2; exit 1; fi\nexec '${real}' "$@"\n`,
    );
    chmodSync(join(dir, 'squeue'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    try {
      const res = await sweep({ seeds: 2 }, { module: fixtures, name: 'noisy', version: '1' }, { name: 'outage', cacheDir: dir, executor: 'slurm', slurm: quick, progress: false });
      expect(res.rows.map((r) => r.status)).toEqual(['ok', 'ok']);
      expect(Number(readFileSync(counter, 'utf8'))).toBeGreaterThanOrEqual(3); // the failing calls happened
    } finally {
      process.env.PATH = path;
    }
  }, timeout);
});

if (slurm.skip !== null) {
  describe('sweep on SLURM', () => {
    it.skip(`skipped: ${slurm.skip}`, () => undefined);
  });
}
