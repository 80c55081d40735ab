/**
 * Sweep throughput (issue 7 item 3): runs per second of src/sweep's sweep (cache off) with 1 and 2 worker threads
 * on a fixed grid of small training runs (P1 causal LM, depth 2, heads × headDim ∈ {2, 4} × {8, 16}, 4 seeds,
 * 150 Adam steps each; --quick: 2 seeds, 15 steps; bench/peers/sweep-run.ts). Also the process CPU time, which kernels
 * ran in the workers, and whether every final loss is bit-identical with 1 and 2 workers. Prints one JSON document.
 * Usage: npx tsx bench/sweep-throughput.ts [--quick]
 */
import * as os from 'node:os';
import { join } from 'node:path';
import { sweep } from '../src/sweep/sweep';

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

async function main(): Promise<void> {
  // Each measurement starts its own workers, so worker start-up (tsx + tfjs + wasm load, ≈ 1–2 s) is included.
  const one = await measure(1);
  const two = await measure(2);
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
