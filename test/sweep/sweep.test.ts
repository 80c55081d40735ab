import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedSweepRows, sweep } from '../../src/sweep/sweep';
import { readCache, runKey, serialiseRun, type CachedRun } from '../../src/sweep/cache';
import type { SweepProgress } from '../../src/sweep/progress';
import { frameToRecords } from '../../src/analysis/dataframe';

const fixtures = join(__dirname, 'fixtures', 'runs.ts');
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : []);
const runFiles = (folder: string) => (existsSync(join(folder, 'runs')) ? readdirSync(join(folder, 'runs')).filter((f) => f.endsWith('.json') && !f.startsWith('.')) : []);

describe('sweep in worker threads', () => {
  it('computes every run once, then reuses the cache (the second call computes nothing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    const callsFile = join(dir, 'calls.log');
    const grid = { axes: { x: [1, 2, 3, 4] }, seeds: 2, fixed: { callsFile } };
    const run = { module: fixtures, name: 'square', version: '1' };
    const seen: SweepProgress[] = [];
    const first = await sweep(grid, run, { name: 'reuse', cacheDir: dir, workers: 2, progress: false, onProgress: (p) => seen.push(p) });
    expect(lines(callsFile)).toHaveLength(8);
    expect(first.progress).toMatchObject({ total: 8, computed: 8, cached: 0, errors: 0 });
    expect(seen[seen.length - 1].done).toBe(8);
    expect(first.frame.shape[0]).toBe(8);
    const rows = frameToRecords(first.frame);
    expect(rows.map((r) => [r.x, r.seed])).toEqual([[1, 0], [1, 1], [2, 0], [2, 1], [3, 0], [3, 1], [4, 0], [4, 1]]);
    expect(rows[5]).toMatchObject({ status: 'ok', x: 3, seed: 1, loss: 0.01, cached: false });
    expect(rows[0].curve).toEqual({ step: [0, 1, 2], loss: [6, 5, 4] });

    const second = await sweep({ ...grid, axes: { x: [1, 2, 3, 4, 5] } }, run, { name: 'reuse', cacheDir: dir, workers: 2, progress: false });
    expect(lines(callsFile)).toHaveLength(10);
    expect(lines(callsFile).slice(8).sort()).toEqual(['5:0', '5:1']); // only x = 5 computed (in either order)
    expect(second.progress).toMatchObject({ total: 10, cached: 8, computed: 2 });
    expect(second.rows.slice(0, 8).map((r) => r.loss)).toEqual(first.rows.map((r) => r.loss));

    const third = await sweep(grid, run, { name: 'reuse', cacheDir: dir, progress: false, explode: 'curve' });
    expect(lines(callsFile)).toHaveLength(10);
    expect(third.frame.shape[0]).toBe(8 * 3); // run × step
    expect(third.rows[2]).toMatchObject({ x: 1, seed: 0, step: 2, loss: 4 });
    const stored = cachedSweepRows('reuse', { cacheDir: dir, run: 'square', version: '1' });
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.cached === true)).toBe(true);
    // a new version invalidates the cache
    await sweep(grid, { ...run, version: '2' }, { name: 'reuse', cacheDir: dir, workers: 1, progress: false });
    expect(lines(callsFile)).toHaveLength(18);
  });

  it('records errors and divergence and goes on; errors are retried, divergence is cached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    const callsFile = join(dir, 'calls.log');
    const grid = { axes: { behaviour: ['fine', 'bad', 'nan', 'div'] }, fixed: { callsFile } };
    const run = { module: fixtures, name: 'flaky', version: '1' };
    const res = await sweep(grid, run, { name: 'flaky', cacheDir: dir, workers: 2, progress: false });
    const byMode = Object.fromEntries(res.rows.map((r) => [r.behaviour, r]));
    expect(byMode.fine).toMatchObject({ status: 'ok', loss: 1, error: null, table: [{ name: 'readIn', std: 0.5 }] });
    expect(byMode.bad).toMatchObject({ status: 'error', error: 'boom: bad mode' });
    expect(byMode.nan).toMatchObject({ status: 'diverged' });
    expect(byMode.nan.loss).toBeNull(); // NaN is stored as null in the JSON cache
    expect(byMode.div).toMatchObject({ status: 'diverged', step: 5 });
    expect(res.progress).toMatchObject({ errors: 1, diverged: 2, done: 4 });
    const again = await sweep(grid, run, { name: 'flaky', cacheDir: dir, workers: 1, progress: false });
    expect(lines(callsFile).slice(4)).toEqual(['bad']);
    expect(again.progress).toMatchObject({ cached: 3, computed: 1 });
  });

  it('is deterministic (same seeds → identical results for 1 or 2 workers and inline), typed arrays become lists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    const grid = { seeds: [0, 1, 2, 3, 4, 5] };
    const a = await sweep(grid, { module: fixtures, name: 'noisy', version: '1' }, { name: 'a', cacheDir: dir, workers: 2, progress: false });
    const b = await sweep(grid, { module: fixtures, name: 'noisy', version: '1' }, { name: 'b', cacheDir: dir, workers: 1, progress: false });
    const { noisy } = await import('./fixtures/runs');
    const c = await sweep(grid, { name: 'noisy', version: '1', fn: noisy }, { name: 'c', cache: false, progress: false });
    expect(a.rows.map((r) => r.loss)).toEqual(b.rows.map((r) => r.loss));
    expect(c.rows.map((r) => r.samples)).toEqual(a.rows.map((r) => r.samples));
    expect(Array.isArray(a.rows[0].samples)).toBe(true);
    expect(new Set(a.rows.map((r) => r.loss)).size).toBe(6);
    expect(c.cachePath).toBeNull();
  });

  it('a worker that dies takes only its own run down; a fresh worker carries on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    const res = await sweep({ axes: { behaviour: ['ok', 'exit', 'ok2', 'ok3'] } }, { module: fixtures, name: 'exits', version: '1' }, { name: 'exits', cacheDir: dir, workers: 1, progress: false });
    expect(res.rows.map((r) => r.status)).toEqual(['ok', 'error', 'ok', 'ok']);
    expect(res.rows[1].error).toBe('worker exited with code 3');
  });

  it('a run that never returns is stopped by timeoutSeconds, recorded as a timeout error, and the sweep goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    const res = await sweep({ axes: { behaviour: ['ok', 'hang', 'never', 'ok2'] } }, { module: fixtures, name: 'hangs', version: '1' }, { name: 'hangs', cacheDir: dir, workers: 1, progress: false, timeoutSeconds: 1.5 });
    expect(res.rows.map((r) => r.status)).toEqual(['ok', 'error', 'error', 'ok']);
    expect(res.rows[1].error).toMatch(/^timeout: no result after 1.5 s/);
    expect(res.rows[2].error).toMatch(/^timeout: /);
    expect(res.progress).toMatchObject({ errors: 2, done: 4 });
    // inline: an async run that never settles is abandoned at its await
    const inline = await sweep({ axes: { behaviour: ['ok', 'never'] } }, { name: 'hangs-inline', version: '1', fn: (c) => (c.behaviour === 'never' ? new Promise(() => undefined) : { loss: 1 }) }, { name: 'hangs-inline', cache: false, progress: false, timeoutSeconds: 0.3 });
    expect(inline.rows.map((r) => [r.status, String(r.error).slice(0, 8)])).toEqual([['ok', 'null'], ['error', 'timeout:']]);
    await expect(sweep({}, { module: fixtures, name: 'hangs', version: '1' }, { name: 'x', cacheDir: dir, progress: false, timeoutSeconds: NaN })).rejects.toThrow(
      /^timeoutSeconds: expected a number of seconds > 0 per run \(Infinity: no limit\), got NaN$/,
    );
  }, 60_000);

  it('stops with a clear error when the run module or export is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-sweep-'));
    await expect(sweep({}, { module: fixtures, name: 'missing', version: '1' }, { name: 'x', cacheDir: dir, workers: 1, progress: false })).rejects.toThrow(/no exported function "missing"/);
    await expect(sweep({}, { module: join(dir, 'nope.js'), name: 'f', version: '1' }, { name: 'x', cacheDir: dir, progress: false })).rejects.toThrow(/does not exist/);
    await expect(sweep({}, { module: fixtures, name: 'square', version: '1' }, { name: '../x', cacheDir: dir })).rejects.toThrow(/name/);
  });

  it('survives SIGKILL mid-sweep: nothing finished is lost or recomputed, the cache parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-kill-'));
    const callsFile = join(dir, 'calls.log');
    const folder = join(dir, 'kill');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'kill-child.ts'), dir, callsFile], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // wait (polling the folder, not the clock) until at least 5 of the 20 runs are in the cache, then kill
    for (;;) {
      if (runFiles(folder).length >= 5) break;
      if (child.exitCode !== null) throw new Error('child exited before it could be killed');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = readCache(folder);
    const finished = [...before.runs.values()];
    expect(finished.length).toBeGreaterThanOrEqual(5);
    expect(finished.length).toBeLessThan(20); // killed mid-sweep
    // a writer killed mid-write leaves a hidden temporary (ignored, and removed once its process is gone); a run file
    // that does not parse (a damaged disk) is skipped, not fatal
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max (2^22): never a live process
    writeFileSync(join(folder, 'runs', `.${'0'.repeat(32)}.${hostname()}.${deadPid}.0.tmp`), '{"key":"trunc');
    writeFileSync(join(folder, 'runs', `${'f'.repeat(32)}.json`), '{"key":"fff');
    // the SIGKILL itself may land while a worker is writing (2 workers: at most 2 temporaries of the killed process)
    expect(before.partial).toBeLessThanOrEqual(2);
    expect(readCache(folder)).toMatchObject({ skipped: 1, partial: before.partial + 1 });
    const callsBefore = lines(callsFile).length;

    const resumed = await sweep(
      { axes: { i: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, seeds: 2, fixed: { ms: 150, callsFile } },
      { module: fixtures, name: 'slow', version: '1' },
      { name: 'kill', cacheDir: dir, workers: 2, progress: false },
    );
    const recomputed = lines(callsFile).slice(callsBefore);
    const finishedIds = new Set(finished.map((r) => `${r.config.i}:${r.config.seed}`));
    expect(recomputed.filter((id) => finishedIds.has(id))).toEqual([]); // no finished run recomputed
    expect(recomputed.length).toBe(20 - finished.length);
    expect(resumed.progress).toMatchObject({ cached: finished.length, computed: 20 - finished.length, errors: 0 });
    const after = readCache(folder);
    expect(after.runs.size).toBe(20);
    expect(after).toMatchObject({ skipped: 1, partial: 0 }); // the damaged file; the dead writer's temporary is gone
    for (const r of finished) expect(after.runs.get(r.key)).toEqual(r); // no finished run lost or altered
    expect(resumed.rows.map((r) => r.loss)).toEqual(resumed.rows.map((r) => (r.i as number) + (r.seed as number)));
  });

  it('reads a cache in the earlier runs.jsonl layout, recomputes nothing in it, and migrates it to run files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-legacy-'));
    const callsFile = join(dir, 'calls.log');
    const folder = join(dir, 'legacy');
    mkdirSync(folder);
    const grid = { axes: { x: [1, 2, 3] }, fixed: { callsFile } };
    // the old writer's lines for x = 1 and x = 2 (x = 2 written twice: the later line wins), then a truncated tail
    const line = (x: number, loss: number): CachedRun => {
      const config = { x, callsFile, seed: 0 };
      return { key: runKey(config, 'square', '1', 'default'), run: 'square', version: '1', scale: 'default', config, status: 'ok', result: { loss }, error: null, seconds: 1, finishedAt: '2026-01-01T00:00:00.000Z' };
    };
    const old = [line(1, 40), line(2, 99), line(2, 10)];
    writeFileSync(join(folder, 'runs.jsonl'), old.map((r) => serialiseRun(r) + '\n').join('') + '{"key":"tru');
    const res = await sweep(grid, { module: fixtures, name: 'square', version: '1' }, { name: 'legacy', cacheDir: dir, workers: 1, progress: false });
    expect(lines(callsFile)).toEqual(['3:0']); // only the run the old cache did not have
    expect(res.rows.map((r) => r.loss)).toEqual([40, 10, 0]); // cached values kept as they were
    expect(existsSync(join(folder, 'runs.jsonl'))).toBe(false);
    expect(existsSync(join(folder, 'runs.jsonl.migrated'))).toBe(true); // kept, never deleted
    expect(runFiles(folder)).toHaveLength(3);
    expect(readCache(folder).runs.get(old[2].key)).toEqual(old[2]);
  });
});
