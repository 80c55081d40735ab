import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runSweepFromFile } from '../../src/sweep/cli-sweep';
import { frameToRecords, readCsv } from '../../src/analysis/dataframe';

describe('runSweepFromFile', () => {
  it('runs a JSON-described sweep and writes its frame as CSV (paths relative to the file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'cli',
        module: relative(dir, join(__dirname, 'fixtures', 'runs.ts')),
        export: 'square',
        version: '1',
        grid: { x: [2, 3] },
        seeds: [0, 1],
        scale: 'smoke',
        workers: 1,
        cacheDir: 'cache',
        out: 'out/cli.csv',
      }),
    );
    const res = await runSweepFromFile(file, { progress: false });
    expect(res.csvPath).toBe(join(dir, 'out', 'cli.csv'));
    expect(res.cachePath).toBe(join(dir, 'cache', 'cli'));
    const rows = frameToRecords(readCsv(res.csvPath));
    expect(rows.map((r) => [r.x, r.seed, r.loss, r.status])).toEqual([
      [2, 0, 1, 'ok'],
      [2, 1, 1.01, 'ok'],
      [3, 0, 0, 'ok'],
      [3, 1, 0.01, 'ok'],
    ]);
    expect(rows[0].curve).toEqual({ step: [0, 1, 2], loss: [3, 2, 1] });
    writeFileSync(file, JSON.stringify({ name: 'cli', export: 'square' }));
    await expect(runSweepFromFile(file)).rejects.toThrow(/'module'/);
  });
});
