/**
 * What each notebook run left in an output folder, kept across runs so that the report of a scale merges every
 * notebook run into that folder (a single-notebook run replaces that notebook's section, its claims and its images,
 * and leaves the others): <out>/results.json maps notebook name → its latest result.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scale } from './scale';

export interface NotebookResult {
  notebook: string;
  status: 'ok' | 'error';
  seconds: number;
  /** Index of the first failing cell, or null. */
  cell: number | null;
  error: string | null;
  /** The executed notebook. */
  output: string;
  /** The .ipynb file it was read from. */
  source?: string;
  scale?: Scale;
  /** ISO time the run finished. */
  finished?: string;
}

function resultsPath(out: string): string {
  return join(out, 'results.json');
}

/** Every notebook's latest result in `out`, sorted by notebook name. */
export function readResults(out: string): NotebookResult[] {
  const path = resultsPath(out);
  if (!existsSync(path)) return [];
  let stored: Record<string, NotebookResult>;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  return Object.values(stored).sort((a, b) => a.notebook.localeCompare(b.notebook));
}

/** Stores `result` as its notebook's latest (atomic rename, so a killed run never leaves half a file). */
export function storeResult(out: string, result: NotebookResult): void {
  const all = Object.fromEntries(readResults(out).map((r) => [r.notebook, r]));
  all[result.notebook] = result;
  const path = resultsPath(out);
  writeFileSync(`${path}.tmp`, JSON.stringify(all, null, 2));
  renameSync(`${path}.tmp`, path);
}

/** Removes a notebook's earlier claims (from claims.jsonl) and images before it runs again. */
export function forgetNotebook(out: string, notebook: string): void {
  const claims = join(out, 'claims.jsonl');
  if (existsSync(claims)) {
    const kept = readFileSync(claims, 'utf8')
      .split('\n')
      .filter((line) => {
        if (!line.trim()) return false;
        try {
          return JSON.parse(line).notebook !== notebook;
        } catch {
          return false; // a line cut by a killed process
        }
      });
    writeFileSync(`${claims}.tmp`, kept.map((l) => `${l}\n`).join(''));
    renameSync(`${claims}.tmp`, claims);
  }
  const figures = join(out, 'figures');
  if (existsSync(figures)) for (const f of readdirSync(figures).filter((f) => f.startsWith(`${notebook}--`))) rmSync(join(figures, f), { force: true });
}

/** Starts an output folder afresh (the `figures` command): no earlier results, claims or images. */
export function clearResults(out: string): void {
  for (const f of ['results.json', 'claims.jsonl']) rmSync(join(out, f), { force: true });
  rmSync(join(out, 'figures'), { recursive: true, force: true });
}
