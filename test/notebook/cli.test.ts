import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../src/cli';
import { formatError, splitError } from '../../src/notebook/errors';
import { importProblem, matchesWholeWords, selectNotebooks, uniqueTargets } from '../../src/notebook/select';
import { packageRoot } from '../../src/base/paths';

const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
function writeNotebook(path: string, sources: string[]): string {
  const kernelspec = { name: 'tslab', display_name: 'TypeScript', language: 'typescript' };
  writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec }, cells: sources.map(cell) }));
  return path;
}

describe('CLI arguments', () => {
  it.each([
    [['--scale'], /--scale: expected a value after it, got nothing/],
    [['--out'], /--out: expected a value after it, got nothing/],
    [['--scale', '--out', 'x'], /--scale: expected a value after it, got '--out'/],
    [['--out', '--scale', 'smoke'], /--out: expected a value after it, got '--scale'/],
    [['--scale='], /--scale: expected a value after '=', got nothing/],
    [['--out='], /--out: expected a value after '=', got nothing/],
    [['--scale', 'huge'], /--scale: expected one of smoke, quick, paper, got 'huge'/],
    [['--scale=NaN'], /--scale: expected one of smoke, quick, paper, got 'NaN'/],
    [['--executor'], /--executor: expected a value after it, got nothing/],
    [['--executor', 'cloud'], /--executor: expected one of threads, slurm, got 'cloud'/],
    [['--task'], /--task: expected a value after it, got nothing/],
    [['--task=-1'], /--task: expected an array task index \(0, 1, …\), got '-1'/],
    [['--sclae', 'smoke'], /--sclae: unknown option; expected one of --scale smoke\|quick\|paper, --out DIR/],
  ])('%j → a clear error', (argv, message) => {
    expect(() => parseArguments(argv as string[])).toThrow(message);
  });

  it('reads values in both forms', () => {
    expect(parseArguments(['a', '--scale', 'smoke', '--out=o', 'b'])).toMatchObject({ positional: ['a', 'b'], scale: 'smoke', out: 'o', detach: false });
    expect(parseArguments(['f.json', '--executor=slurm', '--detach', '--task', '3'])).toMatchObject({ positional: ['f.json'], executor: 'slurm', detach: true, task: 3 });
    expect(parseArguments(['--scale=paper'])).toMatchObject({ scale: 'paper', positional: [] });
  });
});

describe('choosing notebooks', () => {
  it('matches whole dash-separated words, never part of one', () => {
    expect(matchesWholeWords('p2-fig1-left-correlation-vs-depth', 'fig1')).toBe(true);
    expect(matchesWholeWords('p1-fig12-lm-loss-vs-compute', 'fig1')).toBe(false);
    expect(matchesWholeWords('p1-fig6b-final-kernel-convergence', 'fig6b-final')).toBe(true);
    expect(matchesWholeWords('p1-fig6b-final-kernel-convergence', 'final-fig6b')).toBe(false);
    const fig1 = uniqueTargets(selectNotebooks(['fig1'])).map((t) => t.name);
    expect(fig1).toEqual(['p2-fig1-left-correlation-vs-depth', 'p2-fig1-right-correlation-density']);
    expect(uniqueTargets(selectNotebooks(['fig12'])).map((t) => t.name)).toEqual(['p1-fig12-lm-loss-vs-compute']);
    expect(uniqueTargets(selectNotebooks(['p1-fig12-lm-loss-vs-compute.ipynb'])).map((t) => t.name)).toEqual(['p1-fig12-lm-loss-vs-compute']);
  });

  it('names the argument and the available notebooks when nothing matches', () => {
    expect(() => selectNotebooks(['fig99'])).toThrow(/no notebook matches 'fig99'.*available: 00-tour/);
    expect(() => selectNotebooks(['/nowhere/x.ipynb'])).toThrow(/no file \/nowhere\/x\.ipynb/);
  });

  it('takes a path to any .ipynb and says how to make the toolkit importable outside the checkout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-outside-'));
    const path = writeNotebook(join(dir, 'mine.ipynb'), ["import * as tl from 'transformer-limits';"]);
    const [target] = uniqueTargets(selectNotebooks([path]));
    expect(target).toEqual({ name: 'mine', source: path });
    expect(importProblem(target)).toMatch(new RegExp(`ln -s ${packageRoot} node_modules/transformer-limits`));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot, join(dir, 'node_modules', 'transformer-limits'));
    expect(importProblem(target)).toBeNull();
    const inside = uniqueTargets(selectNotebooks(['00-tour']))[0];
    expect(importProblem(inside)).toBeNull();
  });
});

describe('error text', () => {
  const runtime = [
    '/x/dist/notebook/claims.js:34',
    '        throw new Error(`band: …`);',
    '        ^',
    '',
    'Error: band: expected [low, high] with low ≤ high, got [2,1]',
    '    at Object.recordClaim (/x/dist/notebook/claims.js:34:15)',
    '    at evalmachine.<anonymous>:3:33',
  ].join('\n');

  it('puts the message first, then the stack', () => {
    const parts = splitError(runtime);
    expect(parts.message).toBe('Error: band: expected [low, high] with low ≤ high, got [2,1]');
    expect(parts.stack.split('\n')[0]).toBe('/x/dist/notebook/claims.js:34');
    expect(parts.stack).toMatch(/at Object\.recordClaim/);
    expect(formatError(runtime).split('\n')[0]).toBe(parts.message);
    const typeError = '1:21 - Cannot find module \'x\'.\n3:1 - Cannot find name \'y\'.\n';
    expect(splitError(typeError).message).toBe("1:21 - Cannot find module 'x'.\n3:1 - Cannot find name 'y'.");
    expect(splitError('\u001b[31mTypeError: a is not a function\u001b[0m\n    at f (x.js:1:1)')).toEqual({ message: 'TypeError: a is not a function', stack: '    at f (x.js:1:1)' });
  });
});

describe('notebooks command end to end (a notebook outside the checkout)', () => {
  it('runs it by path, shows each cell and its time, prints the message before the stack, and merges the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(packageRoot, join(dir, 'node_modules', 'transformer-limits'));
    const good = writeNotebook(join(dir, 'good.ipynb'), [
      "import * as tl from 'transformer-limits';",
      "tl.recordClaim({ figure: 'X-1', claim: 'one', value: 1, band: [0, 2] });",
      "const swept = await tl.sweep({ axes: { a: [1, 2, 3] } }, { name: 'e2e', version: '1', fn: (c) => ({ loss: c.a as number }) }, { name: 'e2e-progress', cache: false });",
    ]);
    const bad = writeNotebook(join(dir, 'bad.ipynb'), ['const a = 1;', 'throw new Error("broken on purpose");']);
    const out = join(dir, 'out');
    const cli = (path: string) =>
      spawnSync(process.execPath, [join(packageRoot, 'bin', 'transformer-limits.js'), 'notebooks', path, '--scale', 'smoke', '--out', out], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
    const first = cli(good);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stderr).toMatch(/good: cell 1 \(2\/3 code\) tl\.recordClaim.* \d+\.\d s/);
    // The sweep, given no onProgress, kept a live line in its cell (a display updated in place), ending at 3/3.
    const executed = JSON.parse(readFileSync(join(out, 'notebooks', 'good.ipynb'), 'utf8'));
    const shown = JSON.stringify(executed.cells[2].outputs);
    expect(shown).toMatch(/display_data/);
    expect(shown).toMatch(/e2e-progress \[#+\] 3\/3/);
    expect(first.stdout).toMatch(/X-1 one: 1\.000 in \[0\.000, 2\.000\]: pass \(smoke scale: too small to judge\)/);
    const second = cli(bad);
    expect(second.status).toBe(1);
    const lines = second.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('ERROR bad'));
    expect(lines[at + 1].trim()).toBe('Error: broken on purpose');
    expect(lines.slice(at + 2).join('\n')).toMatch(/at evalmachine/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/^# transformer-limits figures report \(smoke scale\)/);
    expect(report).toMatch(/## bad\n\nStatus: error/);
    expect(report).toMatch(/## good\n\nStatus: ok, [\d.]+ s, smoke scale/);
    expect(report).toMatch(/\| X-1 \| one \| 1\.000 \| \[0, 2\] \| pass \(smoke scale: too small to judge\) \|/);
  });
});

describe('sweep command off a terminal', () => {
  it('writes whole progress lines to stderr (no bar redraws) and ends at the full count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-sweep-'));
    writeFileSync(join(dir, 'runs.js'), 'exports.square = (c) => ({ loss: (c.x - 3) ** 2 + c.seed / 100 });\n');
    const file = join(dir, 'sweep.json');
    const sweepFile = { name: 'cli-lines', module: 'runs.js', export: 'square', version: '1', grid: { x: [1, 2, 3, 4, 5] }, seeds: [0, 1], scale: 'smoke', workers: 1, cacheDir: 'cache', out: 'out.csv' };
    writeFileSync(file, JSON.stringify(sweepFile));
    const run = spawnSync(process.execPath, [join(packageRoot, 'bin', 'transformer-limits.js'), 'sweep', file], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('cli-lines ['));
    expect(run.stderr).not.toMatch(/\r/);
    expect(lines.length).toBeGreaterThanOrEqual(2); // the start and the end at least (one per 10 % of the 10 runs)
    expect(lines[0]).toMatch(/ 0\/10 /);
    expect(lines[lines.length - 1]).toMatch(/ 10\/10 .*ETA 0s$/);
  });
});

describe('a kernel that dies', () => {
  it('is reported with the cell it died in, message first', async () => {
    const { runNotebook } = await import('../../src/notebook/runner');
    const dir = mkdtempSync(join(tmpdir(), 'tl-dies-'));
    const path = writeNotebook(join(dir, 'dies.ipynb'), ['const a = 1;', 'process.exit(3);']);
    const result = runNotebook(path, { scale: 'smoke', out: join(dir, 'out'), timeout: 120 });
    expect(result.status).toBe('error');
    expect(result.cell).toBe(1);
    expect(splitError(result.error ?? '').message).toMatch(/^DeadKernelError: the kernel died while running cell 1/);
  });
});
