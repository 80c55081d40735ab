/**
 * Choosing notebooks to run: names of the checkout's notebooks/ folder (matched as whole names or whole runs of their
 * dash-separated words, so `fig1` picks `p2-fig1-left-…` but never `p1-fig12-…`) and paths to any .ipynb file.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

import { packageRoot } from '../base/paths';

/** One notebook to run: the name its outputs carry and the .ipynb file it is read from. */
export interface NotebookTarget {
  name: string;
  source: string;
}

/** What one command-line argument selected (for the CLI to say which notebooks matched). */
export interface Selection {
  argument: string;
  targets: NotebookTarget[];
}

/** Names (without .ipynb) of the notebooks in the checkout's notebooks/ folder, sorted. */
export function checkoutNotebooks(): string[] {
  return readdirSync(join(packageRoot, 'notebooks'))
    .filter((f) => f.endsWith('.ipynb'))
    .map((f) => f.replace(/\.ipynb$/, ''))
    .sort();
}

/** True when `filter`'s dash-separated words occur as a contiguous run of `name`'s words (`fig1` in `p2-fig1-left`). */
export function matchesWholeWords(name: string, filter: string): boolean {
  const words = name.split('-');
  const wanted = filter.split('-').filter(Boolean);
  if (wanted.length === 0) return false;
  for (let start = 0; start + wanted.length <= words.length; start++) {
    if (wanted.every((w, i) => words[start + i] === w)) return true;
  }
  return false;
}

function isPathArgument(argument: string): boolean {
  return argument.endsWith('.ipynb') || argument.includes('/');
}

/**
 * Resolves each argument: a path to an .ipynb file (relative to the working directory), or a notebook name of the
 * checkout (an exact name, else every name containing its words as a whole run). Throws naming the argument and the
 * available names when nothing matches.
 */
export function selectNotebooks(argumentsGiven: string[]): Selection[] {
  const names = checkoutNotebooks();
  const inCheckout = (name: string): NotebookTarget => ({ name, source: join(packageRoot, 'notebooks', `${name}.ipynb`) });
  if (argumentsGiven.length === 0) return [{ argument: '(all)', targets: names.map(inCheckout) }];
  return argumentsGiven.map((argument) => {
    if (isPathArgument(argument)) {
      const source = resolve(argument);
      if (existsSync(source) && statSync(source).isFile()) return { argument, targets: [{ name: basename(source, '.ipynb'), source }] };
      const name = basename(argument, '.ipynb');
      if (!argument.includes('/') && names.includes(name)) return { argument, targets: [inCheckout(name)] };
      throw new Error(`notebooks: no file ${source}; give a path to an .ipynb file or a notebook name (${names.join(', ')})`);
    }
    if (names.includes(argument)) return { argument, targets: [inCheckout(argument)] };
    const matched = names.filter((name) => matchesWholeWords(name, argument));
    if (matched.length === 0) {
      throw new Error(`notebooks: no notebook matches '${argument}' (names match as whole dash-separated words); available: ${names.join(', ')}`);
    }
    return { argument, targets: matched.map(inCheckout) };
  });
}

/** The distinct targets of several selections, in order. */
export function uniqueTargets(selections: Selection[]): NotebookTarget[] {
  const seen = new Set<string>();
  return selections.flatMap((s) => s.targets).filter((t) => !seen.has(t.source) && seen.add(t.source));
}

/** Where `transformer-limits` resolves from `folder` the way tslab resolves imports (node_modules upwards), or null. */
export function toolkitFrom(folder: string): string | null {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'transformer-limits', 'package.json');
    if (existsSync(candidate)) return dirname(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Null when the notebook can import the toolkit, else the reason and the fix: a notebook outside the checkout
 * imports `transformer-limits` only when a node_modules/transformer-limits link is in its folder or above it.
 */
export function importProblem(target: NotebookTarget): string | null {
  if (!relative(packageRoot, target.source).startsWith('..')) return null;
  if (!readFileSync(target.source, 'utf8').includes('transformer-limits')) return null;
  const folder = dirname(target.source);
  if (toolkitFrom(folder)) return null;
  return (
    `notebook ${target.source} imports 'transformer-limits', which does not resolve from ${folder} ` +
    `(tslab looks in node_modules folders upwards from the notebook). Link the checkout once: ` +
    `cd ${folder} && mkdir -p node_modules && ln -s ${packageRoot} node_modules/transformer-limits ` +
    `(or: npm install ${packageRoot})`
  );
}
