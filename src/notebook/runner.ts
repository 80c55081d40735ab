/**
 * The headless notebook runner: executes notebooks through real Jupyter (nbclient) with the project-local tslab
 * kernel, one at a time, writing the executed notebooks and every figure to an output folder and keeping each
 * notebook's latest result there (results.ts) so the report merges runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Scale } from './scale';
import { forgetNotebook, storeResult, type NotebookResult } from './results';
import { importProblem, selectNotebooks, uniqueTargets, type NotebookTarget } from './select';
import { packageRoot } from '../base/paths';

export { plainText } from './errors';
export type { NotebookResult } from './results';

export interface RunOptions {
  scale?: Scale;
  /** Output folder (default <root>/out/<scale>). */
  out?: string;
  /** Per-cell timeout in seconds (default 1800). */
  timeout?: number;
  /** Show on stderr which cell runs and for how long (the CLI turns this on). Default false. */
  cellProgress?: boolean;
  /** Called after each notebook. */
  onResult?: (result: NotebookResult) => void;
}

/**
 * Notebook names (without .ipynb) in notebooks/, sorted; with `filters`, the names each filter matches as a whole
 * name or a whole run of dash-separated words (`fig1` → `p2-fig1-…`, never `p1-fig12-…`). Throws for a filter
 * matching nothing.
 */
export function listNotebooks(filters: string[] = []): string[] {
  return uniqueTargets(selectNotebooks(filters.map((f) => (f.includes('/') ? f : f.replace(/\.ipynb$/, ''))))).map((t) => t.name);
}

function asTarget(notebook: string | NotebookTarget): NotebookTarget {
  if (typeof notebook !== 'string') return notebook;
  if (notebook.endsWith('.ipynb')) return { name: basename(notebook, '.ipynb'), source: resolve(notebook) };
  return { name: notebook, source: join(packageRoot, 'notebooks', `${notebook}.ipynb`) };
}

/**
 * Runs one notebook and returns its status, time and first failing cell. `notebook` is a notebook of notebooks/ (no
 * .ipynb), a path to any .ipynb file (its base name then names the outputs), or a target from selectNotebooks. Its
 * earlier claims and images in the output folder are replaced; its result is stored there for the report.
 */
export function runNotebook(notebook: string | NotebookTarget, options: RunOptions = {}): NotebookResult {
  const scale = options.scale ?? 'quick';
  const out = resolve(options.out ?? join(packageRoot, 'out', scale));
  mkdirSync(out, { recursive: true });
  const { name, source } = asTarget(notebook);
  if (!existsSync(source)) throw new Error(`notebook: ${source} does not exist`);
  const target = join(out, 'notebooks', `${name}.ipynb`);
  const jupyterPath = join(packageRoot, '.jupyter', 'share', 'jupyter');
  if (!existsSync(join(jupyterPath, 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error(`the tslab kernel is not registered in ${jupyterPath}: run 'npm run setup'`);
  }
  forgetNotebook(out, name);
  const finish = (parsed: Omit<NotebookResult, 'notebook' | 'output' | 'source' | 'scale' | 'finished'>): NotebookResult => {
    const result: NotebookResult = { notebook: name, ...parsed, output: target, source, scale, finished: new Date().toISOString() };
    storeResult(out, result);
    options.onResult?.(result);
    return result;
  };
  const problem = importProblem({ name, source });
  if (problem) return finish({ status: 'error', seconds: 0, cell: null, error: `Error: ${problem}` });
  const run = spawnSync('/usr/bin/python3', [join(packageRoot, 'scripts', 'run-notebook.py'), source, target, String(options.timeout ?? 1800)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', options.cellProgress ? 'inherit' : 'pipe'],
    env: {
      ...process.env,
      TL_SCALE: scale,
      TL_OUT: out,
      TL_FIGURE_DIR: join(out, 'figures'),
      TL_NOTEBOOK: name,
      TL_CELL_PROGRESS: options.cellProgress ? '1' : '0',
      JUPYTER_PATH: jupyterPath,
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
      PYTHONWARNINGS: 'ignore',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (run.stdout ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
  try {
    return finish(JSON.parse(line));
  } catch {
    const stderr = run.stderr ? `: ${run.stderr.slice(-2000)}` : ' (its messages are above)';
    return finish({ status: 'error', seconds: 0, cell: null, error: `Error: the notebook runner failed (exit ${run.status})${stderr}` });
  }
}

/** Runs several notebooks in order (each in its own kernel). */
export function runNotebooks(notebooks: (string | NotebookTarget)[], options: RunOptions = {}): NotebookResult[] {
  return notebooks.map((notebook) => runNotebook(notebook, options));
}
