/**
 * Sweep throughput (issue 7 item 3): runs per second of src/sweep's sweep (cache off) with 1 and 2 worker threads
 * on a fixed grid of small training runs (P1 causal LM, depth 2, heads × headDim ∈ {2, 4} × {8, 16}, 4 seeds,
 * 150 Adam steps each; --quick: 2 seeds, 15 steps; bench/peers/sweep-run.ts). Also the process CPU time, which kernels
 * ran in the workers, and whether every final loss is bit-identical with 1 and 2 workers.
 * Then the same runs on the SLURM executor (issue 13 item 5), on the single-node cluster of scripts/slurm-local.sh
 * (started when root and not running, stopped afterwards; skipped with the reason otherwise), with one run per array
 * task and with half the runs per task: runs/s, and the overhead per array task (process start-up, module loading,
 * cache writes and SLURM's scheduling, i.e. CPU-slot seconds not spent inside run functions, per task).
 * Prints one JSON document. Usage: npx tsx bench/sweep-throughput.ts [--quick]
 */
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sweep } from '../src/sweep/sweep';
import type { TaskSummary } from '../src/sweep/slurm-task';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const grid = { axes: { heads: [2, 4], headDim: [8, 16] }, fixed: { steps: quick ? 15 : 150 }, seeds: quick ? 2 : 4 };
const run = { module: join(__dirname, 'peers', 'sweep-run.ts'), name: 'tinyTrainingRun', version: '1' };

async function measure(workers: number) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await sweep(grid, run, { name: 'bench-sweep-throughput', workers, cache: false, progress: false });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const runs = result.records.length;
  const failed = result.records.filter((r) => r.status !== 'ok').length;
  const outputs = result.records.map((r) => r.result as { loss?: number; kernels?: string } | null);
  return {
    workers,
    kernels: [...new Set(outputs.map((o) => o?.kernels))].join(','),
    finalLosses: outputs.map((o) => o?.loss ?? null),
    runs,
    failed,
    seconds: Number(seconds.toFixed(2)),
    runsPerSecond: Number((runs / seconds).toFixed(3)),
    cpuSeconds: Number(((c.user + c.system) / 1e6).toFixed(2)),
    /** CPU seconds per wall second: below the worker count when other load on the machine took the cores. */
    coresUsed: Number(((c.user + c.system) / 1e6 / seconds).toFixed(2)),
  };
}

const slurmLocal = join(__dirname, '..', 'scripts', 'slurm-local.sh');

/** The local cluster: already configured (SLURM_CONF), running from this checkout, or started here (root only). */
function clusterUp(): { skip: string | null; started: boolean } {
  if (process.env.SLURM_CONF) return { skip: null, started: false };
  if (spawnSync('bash', [slurmLocal, 'status']).status === 0) {
    process.env.SLURM_CONF = spawnSync('bash', [slurmLocal, 'conf'], { encoding: 'utf8' }).stdout.trim();
    return { skip: null, started: false };
  }
  if (process.getuid?.() !== 0) return { skip: 'not root: scripts/slurm-local.sh cannot start a cluster', started: false };
  const r = spawnSync('bash', [slurmLocal, 'start'], { encoding: 'utf8' });
  const conf = /SLURM_CONF=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !conf) return { skip: `scripts/slurm-local.sh start failed: ${(r.stderr ?? '').trim().split('\n').pop()}`, started: false };
  process.env.SLURM_CONF = conf;
  return { skip: null, started: true };
}

async function measureSlurm(runsPerTask: number, slots: number) {
  const cacheDir = mkdtempSync(join(os.tmpdir(), 'tl-bench-slurm-'));
  try {
    const t0 = performance.now();
    const result = await sweep(grid, run, { name: 'bench-sweep-slurm', cacheDir, executor: 'slurm', slurm: { runsPerTask, pollSeconds: 0.2 }, progress: false });
    const seconds = (performance.now() - t0) / 1000;
    const submission = join(cacheDir, 'bench-sweep-slurm', 'slurm', readdirSync(join(cacheDir, 'bench-sweep-slurm', 'slurm'))[0]);
    const tasks = readdirSync(submission)
      .filter((f) => /^task-\d+\.json$/.test(f))
      .map((f) => JSON.parse(readFileSync(join(submission, f), 'utf8')) as TaskSummary);
    const runSeconds = result.records.reduce((a, r) => a + r.seconds, 0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const outputs = result.records.map((r) => r.result as { loss?: number } | null);
    return {
      runsPerTask,
      tasks: tasks.length,
      runs: result.records.length,
      failed: result.records.filter((r) => r.status !== 'ok').length,
      seconds: Number(seconds.toFixed(2)),
      runsPerSecond: Number((result.records.length / seconds).toFixed(3)),
      /** Inside each task's process: start-up to the first run (Node, tsx, worker and module load). */
      taskStartupSeconds: Number(mean(tasks.map((t) => t.startupSeconds)).toFixed(2)),
      /** Inside each task's process: its wall time minus the time spent in run functions. */
      taskProcessOverheadSeconds: Number(mean(tasks.map((t) => t.wallSeconds - t.finished.reduce((a, f) => a + f.seconds, 0))).toFixed(2)),
      /** Each task's CPU seconds (all threads) minus its runs' wall seconds: the CPU cost of a task beyond its runs; exact when runs get a whole core, too low (even negative) when other processes slow them. */
      taskCpuOverheadSeconds: Number(mean(tasks.map((t) => t.cpuSeconds - t.finished.reduce((a, f) => a + f.seconds, 0))).toFixed(2)),
      /** (wall × CPU slots − Σ run seconds) / tasks: everything that is not a run function, scheduling included. */
      overheadPerTaskSeconds: Number(((seconds * slots - runSeconds) / tasks.length).toFixed(2)),
      finalLosses: outputs.map((o) => o?.loss ?? null),
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function slurmSection(threadLosses: (number | null)[], threadsRunsPerSecond: number) {
  const cluster = clusterUp();
  if (cluster.skip) return { skipped: cluster.skip };
  try {
    const slots = Number(/CPUTot=(\d+)/.exec(spawnSync('scontrol', ['show', 'node'], { encoding: 'utf8' }).stdout)?.[1] ?? os.availableParallelism());
    const perRun = await measureSlurm(1, slots);
    const halves = await measureSlurm(Math.ceil(perRun.runs / 2), slots);
    return {
      cluster: `single node, ${slots} CPUs (scripts/slurm-local.sh)`,
      results: [perRun, halves].map(({ finalLosses: _l, ...rest }) => rest),
      /** runs/s on SLURM ÷ runs/s with 2 worker threads. */
      ratioToTwoThreads: [perRun, halves].map((r) => Number((r.runsPerSecond / threadsRunsPerSecond).toFixed(2))),
      sameLossesAsThreads: [perRun, halves].every((r) => JSON.stringify(r.finalLosses) === JSON.stringify(threadLosses)),
    };
  } finally {
    if (cluster.started) spawnSync('bash', [slurmLocal, 'stop']);
  }
}

async function main(): Promise<void> {
  // Each measurement starts its own workers, so worker start-up (tsx + tfjs + wasm load, ≈ 1–2 s) is included.
  const one = await measure(1);
  const two = await measure(2);
  const slurm = await slurmSection(two.finalLosses, two.runsPerSecond);
  console.log(
    JSON.stringify(
      {
        benchmark: 'sweep-throughput',
        grid: { ...grid, runFunction: 'bench/peers/sweep-run.ts tinyTrainingRun (causalLm depth 2, S 16, V 64, batch 32)' },
        cores: os.availableParallelism(),
        loadAverage: Number(os.loadavg()[0].toFixed(2)),
        results: [one, two],
        speedup: Number((two.runsPerSecond / one.runsPerSecond).toFixed(2)),
        /** Determinism across worker counts: every run's final loss bit-identical with 1 and 2 workers. */
        sameLossesWithOneAndTwoWorkers: JSON.stringify(one.finalLosses) === JSON.stringify(two.finalLosses),
        slurm,
        note: 'cpuSeconds is process.cpuUsage of the whole process, worker threads included; start-up of the workers is inside the timing; coresUsed < workers means other processes took the cores (shared machine), so the speedup is a lower bound',
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
