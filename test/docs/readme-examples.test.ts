/**
 * The README's TypeScript examples run as written. Every ```ts block of README.md is taken in order: a block whose
 * first line is `// file: NAME` is written to NAME next to the script (e.g. a sweep's run module); the others form one
 * script, in README order, with their import lines hoisted and the rest wrapped in an async function (a notebook
 * runs the same code cell by cell with top-level await). The script imports the toolkit by its package name
 * ('transformer-limits' → the built dist/), is type-checked with tsc, and is run with tsx in a scratch folder inside
 * out/, with the cache, claims and figures sent to that folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';

interface Examples {
  /** Files to write beside the script, by name. */
  files: Record<string, string>;
  /** The script: hoisted imports, then the blocks inside an async function. */
  script: string;
  blocks: number;
}

/** Splits the README's ```ts blocks into files and one script (see the file comment). */
function readmeExamples(readme: string): Examples {
  const files: Record<string, string> = {};
  const imports: string[] = [];
  const body: string[] = [];
  let blocks = 0;
  for (const m of readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    blocks++;
    const code = m[1];
    const file = /^\/\/ file: (\S+)\n/.exec(code);
    if (file) {
      files[file[1]] = code.slice(file[0].length);
      continue;
    }
    for (const line of code.split('\n')) (/^import /.test(line) ? imports : body).push(line);
  }
  const script = [
    ...imports,
    '(async () => {',
    ...body,
    "console.log('README EXAMPLES DONE');",
    '})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });',
    '',
  ].join('\n');
  return { files, script, blocks };
}

describe('README TypeScript examples', () => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const examples = readmeExamples(readme);
  mkdirSync(join(packageRoot, 'out'), { recursive: true });
  const dir = mkdtempSync(join(packageRoot, 'out', 'readme-examples-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(examples.files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'readme.ts'), examples.script);

  it('finds the tour, the sweep run module and the sweep call', () => {
    expect(examples.blocks).toBeGreaterThanOrEqual(7);
    expect(Object.keys(examples.files)).toContain('my-run.ts');
    expect(examples.script).toContain("from 'transformer-limits'");
    expect(examples.script).toContain('tl.sweep(');
  });

  it('type-checks against the built package (as tslab would)', () => {
    const tsc = spawnSync(
      process.execPath,
      [join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--target', 'ES2022', '--module', 'node16',
        '--moduleResolution', 'node16', '--esModuleInterop', '--skipLibCheck', '--types', 'node', 'readme.ts', ...Object.keys(examples.files)],
      { cwd: dir, encoding: 'utf8', timeout: 240_000 },
    );
    expect(tsc.status, `${tsc.stdout}\n${tsc.stderr}`).toBe(0);
  }, 300_000);

  it('runs as written: every block completes, the sweeps, the claim and the figures are written', () => {
    const run = spawnSync(process.execPath, [join(packageRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'readme.ts'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 600_000,
      env: { ...process.env, TL_SCALE: 'smoke', TL_CACHE_DIR: join(dir, 'cache'), TL_OUT: join(dir, 'out'), TL_FIGURE_DIR: join(dir, 'figures') },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('README EXAMPLES DONE');
    for (const name of ['readme-inline', 'readme-module']) {
      expect(readdirSync(join(dir, 'cache', name, 'runs')).filter((f) => f.endsWith('.json')).length, name).toBe(8); // 2 × 2 × 2 seeds
    }
    expect(existsSync(join(dir, 'out', 'claims.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'error.svg'))).toBe(true);
    expect(readdirSync(join(dir, 'figures')).some((f) => f.endsWith('.png'))).toBe(true); // tl.show outside a kernel
  }, 600_000);
});
