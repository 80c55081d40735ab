// The SLURM executor's pieces that need no cluster: settings from options and environment, chunks, sbatch options,
// the end of a task read from its log, and the executor choice (runs on every machine).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkRuns, resolveSlurmSettings, sbatchArguments } from '../../src/sweep/slurm-settings';
import { endFromLog } from '../../src/sweep/slurm-commands';
import { sweep } from '../../src/sweep/sweep';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (k.startsWith('TL_SLURM_') || k === 'TL_EXECUTOR') delete process.env[k];
  for (const [k, v] of Object.entries(saved)) if (k.startsWith('TL_SLURM_') || k === 'TL_EXECUTOR') process.env[k] = v;
});

describe('SLURM settings', () => {
  it('take options first, then TL_SLURM_* from the environment, and leave the rest to SLURM', () => {
    process.env.TL_SLURM_PARTITION = 'cpu';
    process.env.TL_SLURM_TIME = '2-00:00:00';
    process.env.TL_SLURM_CPUS_PER_TASK = '4';
    process.env.TL_SLURM_EXTRA = '--qos=long  --constraint=avx512';
    const s = resolveSlurmSettings({ partition: 'gpu', runsPerTask: 3 });
    expect(s).toMatchObject({ partition: 'gpu', time: '2-00:00:00', cpusPerTask: 4, runsPerTask: 3, extra: ['--qos=long', '--constraint=avx512'] });
    expect(s.memory).toBeUndefined();
    expect(s.account).toBeUndefined();
    expect(sbatchArguments({ ...s, arrayLimit: 5, memory: '4G' }, 7, 'tl-x', '/c/x/slurm/s1')).toEqual([
      '--parsable', '--array=0-6%5', '--job-name=tl-x', '--output=/c/x/slurm/s1/task-%a.out', '--open-mode=append',
      '--partition=gpu', '--time=2-00:00:00', '--cpus-per-task=4', '--mem=4G', '--qos=long', '--constraint=avx512',
    ]);
  });

  it('refuse a bad value naming the field and the value', () => {
    expect(() => resolveSlurmSettings({ cpusPerTask: 0 })).toThrow('slurm.cpusPerTask: expected a positive integer, got 0');
    expect(() => resolveSlurmSettings({ runsPerTask: NaN })).toThrow('slurm.runsPerTask: expected a positive integer, got NaN');
    expect(() => resolveSlurmSettings({ time: '3 hours' })).toThrow(/slurm\.time: expected minutes, MM:SS, HH:MM:SS.*got "3 hours"/);
    expect(() => resolveSlurmSettings({ memory: 'lots' })).toThrow(/slurm\.memory: .*got "lots"/);
    expect(() => resolveSlurmSettings({ extra: ['qos=long'] })).toThrow(/slurm\.extra: .*starting with '-'/);
    expect(() => resolveSlurmSettings({ partitions: 'x' } as never)).toThrow(/slurm\.partitions: unknown setting; allowed: partition, time/);
    process.env.TL_SLURM_ARRAY_LIMIT = 'ten';
    expect(() => resolveSlurmSettings({})).toThrow('slurm.arrayLimit: expected a positive integer, got "ten"');
  });

  it('deal runs out to tasks strided, at most 1000 tasks by default', () => {
    expect(chunkRuns(7, 3)).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
    expect(chunkRuns(3)).toEqual([[0], [1], [2]]);
    const big = chunkRuns(2500);
    expect(big).toHaveLength(834); // ⌈2500/3⌉ tasks of ≤ ⌈2500/1000⌉ = 3 runs
    expect(big.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });
});

describe('how a task ended, from its log', () => {
  it("reads slurmstepd's cancellation line (time limit, node failure, plain scancel) and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-slurm-log-'));
    const log = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(endFromLog(log('a', 'run 0 ok\nslurmstepd-vm: error: *** JOB 5 ON vm CANCELLED AT 2026-12-03T13:36:17 DUE TO TIME LIMIT ***\n'))).toEqual({ state: 'TIMEOUT', exitCode: null, source: 'log' });
    expect(endFromLog(log('b', 'slurmstepd: error: *** JOB 7 ON n3 CANCELLED AT 2026-12-03T13:36:17 DUE TO NODE FAILURE ***\n'))?.state).toBe('NODE_FAIL');
    expect(endFromLog(log('c', 'slurmstepd: error: *** JOB 24 ON vm CANCELLED AT 2026-12-03T13:49:30 ***\n'))?.state).toBe('CANCELLED');
    expect(endFromLog(log('d', 'run 0 ok\n'))).toBeNull();
    expect(endFromLog(join(dir, 'missing'))).toBeNull();
  });
});

describe('choosing the executor', () => {
  const fixtures = join(__dirname, 'fixtures', 'runs.ts');
  it('refuses slurm for an inline run or without the cache when asked for explicitly, falls back when it comes from TL_EXECUTOR', async () => {
    const inline = { name: 'f', version: '1', fn: () => 1 };
    await expect(sweep({}, inline, { name: 'x', cache: false, executor: 'slurm', progress: false })).rejects.toThrow(/executor: 'slurm' needs a run given as \{module, name, version\}/);
    await expect(sweep({}, { module: fixtures, name: 'square', version: '1' }, { name: 'x', cache: false, executor: 'slurm', progress: false })).rejects.toThrow(/needs the cache/);
    await expect(sweep({}, inline, { name: 'x', cache: false, executor: 'cluster' as never, progress: false })).rejects.toThrow(`executor: expected one of threads, slurm, got "cluster"`);
    process.env.TL_EXECUTOR = 'slurm';
    const res = await sweep({ seeds: 2 }, inline, { name: 'x', cache: false, progress: false });
    expect(res.rows.map((r) => r.loss)).toEqual([1, 1]); // ran inline, as a notebook's inline sweep does under --executor slurm
    process.env.TL_EXECUTOR = 'grid';
    await expect(sweep({}, inline, { name: 'x', cache: false, progress: false })).rejects.toThrow(`TL_EXECUTOR: expected one of threads, slurm, got "grid"`);
  });
});
