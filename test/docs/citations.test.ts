/**
 * Every citation of the mathematical reference resolves: each "§x.y" written in the sources, tests, notebooks,
 * benchmarks and docs names a numbered heading of docs/THEORY.md (all § numbers in the project refer to it), and each
 * FIGURES.md row id or quoted section name cited after "FIGURES.md" exists in docs/FIGURES.md.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';

const SECTION = String.fromCharCode(0xa7); // the section sign, kept out of this file's text so it cites nothing itself

/** Text files under a folder (recursively), skipping dependencies, build output and binary data. */
function textFiles(dir: string, extensions: string[]): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...textFiles(path, extensions));
    else if (extensions.some((e) => name.endsWith(e))) out.push(path);
  }
  return out;
}

/** A file's text; for a notebook, its cells' sources joined (so JSON escapes do not hide citations). */
function readText(path: string): string {
  const raw = readFileSync(path, 'utf8');
  if (!path.endsWith('.ipynb')) return raw;
  const nb = JSON.parse(raw) as { cells: { source: string | string[] }[] };
  return nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
}

function projectFiles(): string[] {
  const root = packageRoot;
  return [
    ...['src', 'test', 'notebooks', 'bench', 'scripts'].flatMap((d) => textFiles(join(root, d), ['.ts', '.ipynb', '.md', '.sh', '.py'])),
    ...textFiles(join(root, 'docs'), ['.md']),
    join(root, 'README.md'),
  ];
}

/** Section numbers of the headings of a THEORY.md text ("## 4. The exact law" → "4", "### 6.12 Exact…" → "6.12"). */
function theorySections(text: string): Set<string> {
  const sections = new Set<string>();
  for (const match of text.matchAll(/^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s/gm)) sections.add(match[1]);
  return sections;
}

/** One cited section and the document it refers to ('THEORY.md', another file's base name, or 'docs'). */
interface Citation {
  section: string;
  document: string;
}

/**
 * Section numbers cited in a text: "§2.5", "§ 4", and both ends plus everything between of a range "§6.5–6.9" (or
 * "§6.5–9") within one major section. The document is THEORY.md unless a chain of citations is directly preceded by
 * another file name ("infinite-head-kernel.md §x–§y") or by "docs" (then: the one docs/theory file the citing file
 * names); "THEORY.md §…", "THEORY §…", "[T§…]" and a bare "§…" all mean THEORY.md.
 */
function citations(text: string): Citation[] {
  const cited: Citation[] = [];
  const pattern = new RegExp(`${SECTION}\\s?(\\d+)(?:\\.(\\d+))?(?:\\s?[–-]\\s?(?:(\\d+)\\.)?(\\d+)(?![\\d.]))?`, 'g');
  const link = new RegExp(`${SECTION}\\s?[\\d.]+\\s*(?:[–,-]|and)\\s*$`);
  for (const m of text.matchAll(pattern)) {
    let before = text.slice(Math.max(0, m.index - 200), m.index);
    for (let chain = link.exec(before); chain; chain = link.exec(before)) before = before.slice(0, chain.index);
    const file = /([\w.-]+\.md)\s*$/.exec(before);
    const document = file ? file[1] : /\bdocs\s*$/.test(before) ? 'docs' : 'THEORY.md';
    const [, major, minor, endMajor, endMinor] = m;
    const push = (section: string) => cited.push({ section, document });
    if (minor === undefined) {
      push(major);
      continue;
    }
    push(`${major}.${minor}`);
    if (endMinor === undefined) continue;
    if (endMajor !== undefined && endMajor !== major) {
      push(`${endMajor}.${endMinor}`);
      continue;
    }
    for (let k = Number(minor) + 1; k <= Number(endMinor); k++) push(`${major}.${k}`);
  }
  return cited;
}

/** The section numbers of citations(text) that refer to THEORY.md. */
function citedSections(text: string): string[] {
  return citations(text).filter((c) => c.document === 'THEORY.md').map((c) => c.section);
}

/** Markdown files under docs/, by base name. */
function docsByName(): Map<string, string> {
  return new Map(textFiles(join(packageRoot, 'docs'), ['.md']).map((f) => [f.slice(f.lastIndexOf('/') + 1), f]));
}

/** Row ids of a FIGURES.md text: the first cell of every table row whose id starts with P1-, P2- or V-. */
function figureRowIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^\| ((?:P1|P2|V)-[A-Za-z0-9/]+)/gm)) ids.add(m[1]);
  return ids;
}

/**
 * Whether a cited row token resolves: a row id ('P1-3a'), a family prefix of row ids ('P1-6' for P1-6a…6d), or parts
 * joined by '/' that each resolve once given the first part's prefix ('P1-7b/7c', 'P1-7/12').
 */
function resolvesToRows(token: string, ids: Set<string>): boolean {
  const ok = (id: string) => ids.has(id) || [...ids].some((r) => r.startsWith(id) && /^[a-z]/.test(r.slice(id.length)));
  if (ok(token)) return true;
  const [head, ...rest] = token.split('/');
  const prefix = head.slice(0, head.indexOf('-') + 1);
  return rest.length > 0 && ok(head) && rest.every((part) => ok(prefix + part));
}

/** What is cited right after each "FIGURES.md": row tokens up to the end of the clause, and quoted section names. */
function figureCitations(text: string): { rows: string[]; names: string[] } {
  const rows: string[] = [];
  const names: string[] = [];
  for (const m of text.matchAll(/FIGURES\.md([^\n);:]*)/g)) {
    for (const r of m[1].matchAll(/\b((?:P1|P2|V)-[A-Za-z0-9/]+)/g)) rows.push(r[1]);
  }
  for (const m of text.matchAll(/FIGURES\.md((?:,?\s*"[^"\n]{1,40}")+)/g)) {
    for (const q of m[1].matchAll(/"([^"\n]+)"/g)) names.push(q[1]);
  }
  return { rows, names };
}

describe('THEORY.md citations', () => {
  const theory = readFileSync(join(packageRoot, 'docs', 'THEORY.md'), 'utf8');
  const sections = theorySections(theory);

  it('parses headings and citations (including ranges), and flags a missing section', () => {
    expect(theorySections('## 4. Law\n### 4.1 Setting\n#### 9.1 Item\ntext 5.5 here\n')).toEqual(new Set(['4', '4.1', '9.1']));
    expect(citedSections(`THEORY.md ${SECTION}2.5–2.7, ${SECTION}4 and ${SECTION}6.12–6.13; [T${SECTION}9 item 2]`)).toEqual([
      '2.5', '2.6', '2.7', '4', '6.12', '6.13', '9',
    ]);
    const bad = citedSections(`see THEORY.md ${SECTION}99.9`).filter((s) => !sections.has(s));
    expect(bad).toEqual(['99.9']);
  });

  it('every cited section of src/, test/, notebooks/, bench/, scripts/, docs/ and the README is a heading of docs/THEORY.md', () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of projectFiles()) {
      for (const s of citedSections(readText(file))) {
        count++;
        if (!sections.has(s)) missing.push(`${relative(packageRoot, file)}: ${SECTION}${s}`);
      }
    }
    expect(count, 'citations found').toBeGreaterThan(300);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('a citation of another document (after its file name, or after "docs") is a heading of that document under docs/', () => {
    expect(citations(`see infinite-head-kernel.md ${SECTION}4–${SECTION}5 and THEORY.md ${SECTION}2.2; (docs ${SECTION}3)`)).toEqual([
      { section: '4', document: 'infinite-head-kernel.md' },
      { section: '5', document: 'infinite-head-kernel.md' },
      { section: '2.2', document: 'THEORY.md' },
      { section: '3', document: 'docs' },
    ]);
    const docs = docsByName();
    const problems: string[] = [];
    for (const file of projectFiles()) {
      const text = readText(file);
      for (const c of citations(text)) {
        if (c.document === 'THEORY.md') continue;
        let name = c.document;
        if (name === 'docs') {
          const named = [...new Set([...text.matchAll(/docs\/theory\/([\w.-]+\.md)/g)].map((m) => m[1]))];
          if (named.length !== 1) {
            problems.push(`${relative(packageRoot, file)}: 'docs ${SECTION}${c.section}' does not say which file (name it)`);
            continue;
          }
          name = named[0];
        }
        const path = docs.get(name);
        if (path === undefined) {
          // a markdown file that is not under docs/ (e.g. README.md) has no numbered sections to check
          if (name !== 'README.md') problems.push(`${relative(packageRoot, file)}: ${name} is not under docs/`);
          continue;
        }
        if (!theorySections(readFileSync(path, 'utf8')).has(c.section)) problems.push(`${relative(packageRoot, file)}: ${name} ${SECTION}${c.section}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('keeps the section numbers the code cites most and links the figure list', () => {
    for (const s of ['2.2', '2.5', '2.8', '2.9', '3.2', '3.3', '4', '4.5', '5.4', '5.5', '6.7', '6.11', '6.12', '9.1']) {
      expect(sections.has(s), `heading ${s}`).toBe(true);
    }
    expect(theory).toContain('(FIGURES.md)');
  });
});

/** GitHub's anchor of a heading: lower case, punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces → '-'. */
function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

describe('links into the docs', () => {
  it('every markdown link to THEORY.md or FIGURES.md with an anchor names a heading of that file', () => {
    expect(headingAnchor('2.5 Parameterization table [S]')).toBe('25-parameterization-table-s');
    const anchors = (name: string) =>
      new Set([...readFileSync(join(packageRoot, 'docs', name), 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingAnchor(m[1])));
    const known: Record<string, Set<string>> = { 'THEORY.md': anchors('THEORY.md'), 'FIGURES.md': anchors('FIGURES.md') };
    const broken: string[] = [];
    let count = 0;
    for (const file of projectFiles()) {
      for (const m of readText(file).matchAll(/\]\([^)\s]*?(THEORY|FIGURES)\.md#([^)\s]+)\)/g)) {
        count++;
        if (!known[`${m[1]}.md`].has(m[2])) broken.push(`${relative(packageRoot, file)}: ${m[1]}.md#${m[2]}`);
      }
    }
    expect(count, 'anchored links found').toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});

describe('relative links of the README and docs/', () => {
  it('point at files that exist', () => {
    const files = [join(packageRoot, 'README.md'), ...textFiles(join(packageRoot, 'docs'), ['.md'])];
    const broken: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
        if (/^[a-z]+:/i.test(m[1])) continue; // http:, https:, mailto:
        count++;
        if (!existsSync(join(dirname(file), m[1]))) broken.push(`${relative(packageRoot, file)}: ${m[1]}`);
      }
    }
    expect(count, 'relative links found').toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });
});

describe('FIGURES.md citations', () => {
  const figures = readFileSync(join(packageRoot, 'docs', 'FIGURES.md'), 'utf8');
  const ids = figureRowIds(figures);

  it('resolves row ids, families and slash lists, and rejects unknown ones', () => {
    expect(ids.has('P1-3a') && ids.has('P2-1L') && ids.has('V-chain')).toBe(true);
    expect(resolvesToRows('P1-7b/7c', ids)).toBe(true);
    expect(resolvesToRows('P1-7/12', ids)).toBe(true);
    expect(resolvesToRows('P1-6', ids)).toBe(true);
    expect(resolvesToRows('P1-13', ids)).toBe(false);
    expect(resolvesToRows('P1-3a/3z', ids)).toBe(false);
    expect(figureCitations('FIGURES.md rows P1-T1, P1-T3): x P1-99; FIGURES.md "Kernels", "Statistics").')).toEqual({
      rows: ['P1-T1', 'P1-T3'],
      names: ['Kernels', 'Statistics'],
    });
  });

  it('every row id and quoted section name cited after "FIGURES.md" exists in docs/FIGURES.md', () => {
    const unknownRows: string[] = [];
    const unknownNames: string[] = [];
    let count = 0;
    for (const file of projectFiles()) {
      if (file.endsWith(join('docs', 'FIGURES.md'))) continue;
      const { rows, names } = figureCitations(readText(file));
      count += rows.length + names.length;
      for (const r of rows) if (!resolvesToRows(r, ids)) unknownRows.push(`${relative(packageRoot, file)}: ${r}`);
      for (const n of names) if (!figures.includes(n)) unknownNames.push(`${relative(packageRoot, file)}: "${n}"`);
    }
    expect(count, 'citations found').toBeGreaterThan(100);
    expect([...new Set(unknownRows)]).toEqual([]);
    expect([...new Set(unknownNames)]).toEqual([]);
  });
});
