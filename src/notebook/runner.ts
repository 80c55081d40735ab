/**
 * The headless notebook runner: executes notebooks/*.ipynb through real Jupyter (nbclient) with the project-local
 * tslab kernel, one at a time, writing the executed notebooks and every figure to an output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Scale } from './scale';

/** The checkout (package root): two levels above this file in both src/ and dist/. */
export const packageRoot = resolve(__dirname, '..', '..');

export interface NotebookResult {
  notebook: string;
  status: 'ok' | 'error';
  seconds: number;
  /** Index of the first failing cell, or null. */
  cell: number | null;
  error: string | null;
  output: string;
}

export interface RunOptions {
  scale?: Scale;
  /** Output folder (default <root>/out/<scale>). */
  out?: string;
  /** Per-cell timeout in seconds (default 1800). */
  timeout?: number;
  /** Called after each notebook. */
  onResult?: (result: NotebookResult) => void;
}

/** Notebook names (without .ipynb) in notebooks/, sorted; `filters` keep names containing any of them. */
export function listNotebooks(filters: string[] = []): string[] {
  const dir = join(packageRoot, 'notebooks');
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.replace(/\.ipynb$/, ''))
    .sort();
  if (filters.length === 0) return all;
  const chosen = all.filter((name) => filters.some((f) => name === f.replace(/\.ipynb$/, '') || name.includes(basename(f).replace(/\.ipynb$/, ''))));
  const unknown = filters.filter((f) => !all.some((name) => name.includes(basename(f).replace(/\.ipynb$/, ''))));
  if (unknown.length) throw new Error(`notebooks: no notebook matches ${unknown.join(', ')}; available: ${all.join(', ')}`);
  return chosen;
}

/**
 * Runs one notebook and returns its status, time and first failing cell. `notebook` is a notebook of notebooks/ (no
 * .ipynb), or a path to any .ipynb file (its base name then names the outputs).
 */
export function runNotebook(notebook: string, options: RunOptions = {}): NotebookResult {
  const scale = options.scale ?? 'quick';
  const out = resolve(options.out ?? join(packageRoot, 'out', scale));
  mkdirSync(out, { recursive: true });
  const byPath = notebook.endsWith('.ipynb');
  const name = byPath ? basename(notebook, '.ipynb') : notebook;
  const source = byPath ? resolve(notebook) : join(packageRoot, 'notebooks', `${name}.ipynb`);
  if (!existsSync(source)) throw new Error(`notebook: ${source} does not exist`);
  const target = join(out, 'notebooks', `${name}.ipynb`);
  const jupyterPath = join(packageRoot, '.jupyter', 'share', 'jupyter');
  if (!existsSync(join(jupyterPath, 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error(`the tslab kernel is not registered in ${jupyterPath}: run 'npm run setup'`);
  }
  const run = spawnSync('/usr/bin/python3', [join(packageRoot, 'scripts', 'run-notebook.py'), source, target, String(options.timeout ?? 1800)], {
    encoding: 'utf8',
    env: {
      ...process.env,
      TL_SCALE: scale,
      TL_OUT: out,
      TL_FIGURE_DIR: join(out, 'figures'),
      TL_NOTEBOOK: name,
      JUPYTER_PATH: jupyterPath,
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
      PYTHONWARNINGS: 'ignore',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (run.stdout ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
  let parsed: { status: 'ok' | 'error'; seconds: number; cell: number | null; error: string | null };
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = { status: 'error', seconds: 0, cell: null, error: `runner failed (exit ${run.status}): ${(run.stderr ?? '').slice(-2000)}` };
  }
  const result: NotebookResult = { notebook: name, ...parsed, output: target };
  options.onResult?.(result);
  return result;
}

/** Runs several notebooks in order (each in its own kernel). */
export function runNotebooks(names: string[], options: RunOptions = {}): NotebookResult[] {
  return names.map((name) => runNotebook(name, options));
}

/** Strips ANSI colour codes from kernel tracebacks. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
