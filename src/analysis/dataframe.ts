/**
 * Records ⇄ danfojs DataFrames, and files (CSV, JSON) ⇄ DataFrames.
 *
 * A record is one flat object per run (or per run × step). Nested values — arrays and objects such as a stored
 * parameter table or a loss curve — become JSON strings in their column, and come back as values on the way out.
 * CSV is written and read here (RFC 4180 quoting) rather than by danfojs, whose writer does not quote fields that
 * hold commas or quotes. Non-finite numbers: CSV keeps `NaN`, `Infinity`, `-Infinity` verbatim; JSON has no such
 * values, so writeJson stores them as null.
 */
import * as dfd from 'danfojs-node';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A flat value a DataFrame cell can hold. */
export type FrameCell = number | string | boolean | null;
/** One row as an object; values may be nested (they are stored as JSON strings). */
export type FrameRecord = Record<string, unknown>;

function toCell(value: unknown): FrameCell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value)) return JSON.stringify(Array.from(value as unknown as ArrayLike<number>));
  return JSON.stringify(value);
}

let reserved: ReadonlySet<string> | null = null;

/**
 * Names no column may take: every member of a danfojs DataFrame (its prototype chain — shape, index, values,
 * columns, dtypes, size, axis, print, loc, …) and of Object.prototype. danfojs makes each column a property of the
 * frame, so a column named like a member shadows it and breaks print, loc, groupby, describe and the rest.
 * Read from danfojs itself, so a new danfojs version's members are covered.
 */
export function reservedColumnNames(): ReadonlySet<string> {
  if (reserved === null) {
    const names = new Set<string>();
    for (let p: object | null = dfd.DataFrame.prototype; p !== null; p = Object.getPrototypeOf(p)) {
      for (const k of Object.getOwnPropertyNames(p)) names.add(k);
    }
    reserved = names;
  }
  return reserved;
}

/** Throws unless `name` can be a column: "column 'index': expected a name that is not a danfojs DataFrame member …". */
export function checkColumnName(name: string, field = 'column'): void {
  if (!reservedColumnNames().has(name)) return;
  throw new Error(
    `${field} '${name}': expected a name that is not a danfojs DataFrame member (it would shadow frame.${name} and break ` +
      `print, loc, groupby, describe); not one of 'shape', 'index', 'values', 'columns', 'dtypes', 'size', 'axis', 'count', … ` +
      '(reservedColumnNames() lists them all)',
  );
}

/** The union of the records' keys, in first-seen order. */
export function recordColumns(records: readonly FrameRecord[]): string[] {
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/**
 * A column whose values are numbers, booleans or missing holds NaN for a missing value (pandas' convention): danfojs's
 * describe and its statistics fail on null in a non-string column. Text columns keep null.
 */
function missingAsNaN(cells: FrameCell[]): FrameCell[] {
  if (!cells.some((c) => c === null) || cells.some((c) => typeof c === 'string')) return cells;
  return cells.map((c) => (c === null ? NaN : c));
}

/**
 * Build a DataFrame with one row per record and one column per key (union over records; a missing key is null).
 * Arrays, typed arrays and objects are stored as JSON strings; a missing value is NaN in a column of numbers or
 * booleans (or of nothing), null in a text column. `columns` fixes the column order (and keeps empty frames' columns).
 * A column named like a danfojs DataFrame member (reservedColumnNames) is refused.
 */
export function recordsToFrame(records: readonly FrameRecord[], columns?: readonly string[]): dfd.DataFrame {
  if (!Array.isArray(records)) throw new Error(`records: expected an array of objects, got ${typeof records}`);
  const names = columns ? [...columns] : recordColumns(records);
  for (const name of names) checkColumnName(name);
  if (records.length === 0) return new dfd.DataFrame([], { columns: names });
  const data: Record<string, FrameCell[]> = {};
  for (const name of names) data[name] = missingAsNaN(records.map((r) => toCell(r[name])));
  return new dfd.DataFrame(data, { columns: names });
}

function parseNested(value: FrameCell): unknown {
  if (typeof value !== 'string') return value;
  const c = value.charAt(0);
  if (c !== '[' && c !== '{') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The rows of a DataFrame as plain objects. With `parseJson` (default true), strings that hold a JSON array or
 * object are parsed back into values, so recordsToFrame ∘ frameToRecords keeps nested values.
 */
export function frameToRecords(df: dfd.DataFrame, options: { parseJson?: boolean } = {}): FrameRecord[] {
  const parse = options.parseJson ?? true;
  const columns = df.columns as string[];
  const values = df.values as unknown as FrameCell[][];
  return values.map((row) => {
    const out: FrameRecord = {};
    columns.forEach((name, j) => {
      const v = row[j] === undefined ? null : row[j];
      out[name] = parse ? parseNested(v) : v;
    });
    return out;
  });
}

/** One column's values as an array (danfojs keeps JS numbers, so no precision is lost). */
export function frameColumn(df: dfd.DataFrame, name: string): FrameCell[] {
  if (!(df.columns as string[]).includes(name)) {
    throw new Error(`column: '${name}' is not in the frame; columns are ${(df.columns as string[]).join(', ')}`);
  }
  return (df.column(name).values as FrameCell[]).slice();
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** A cell as a CSV field: quoted when it holds a separator, quote or line break, or when it is text that would read
 *  back as something else unquoted ('64', 'true', '', 'NaN'), so readCsv returns exactly the cell. */
function csvField(value: FrameCell): string {
  if (value === null) return '';
  const s = String(value);
  const quote = /[",\r\n]/.test(s) || s !== s.trim() || (typeof value === 'string' && inferCell({ value: s, quoted: false }) !== s);
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Parse RFC 4180 CSV text into rows of raw strings (`quoted` marks fields that were quoted). */
export function parseCsv(text: string): { value: string; quoted: boolean }[][] {
  const rows: { value: string; quoted: boolean }[][] = [];
  let row: { value: string; quoted: boolean }[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  while (i <= n) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) throw new Error('csv: a quoted field is not terminated');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else value += text[i++];
      }
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
    }
    row.push({ value, quoted });
    if (i < n && text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  return rows;
}

function inferCell(field: { value: string; quoted: boolean }): FrameCell {
  const s = field.value;
  if (field.quoted) return s;
  if (s === '') return null;
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'NaN') return NaN;
  if (s === 'Infinity') return Infinity;
  if (s === '-Infinity') return -Infinity;
  const x = Number(s);
  return Number.isNaN(x) || /^\s|\s$/.test(s) ? s : x;
}

/** Columns and cells of a DataFrame, or of records taken as they are (text outputs need no danfojs frame, so any
 *  column name and a missing value as null are fine there). */
function cellTable(frame: dfd.DataFrame | readonly FrameRecord[]): { columns: string[]; rows: FrameCell[][] } {
  if (Array.isArray(frame)) {
    const columns = recordColumns(frame);
    return { columns, rows: frame.map((r: FrameRecord) => columns.map((c) => toCell(r[c]))) };
  }
  const df = frame as dfd.DataFrame;
  return { columns: df.columns as string[], rows: df.values as unknown as FrameCell[][] };
}

/** Write a DataFrame (or records) as CSV with a header line; null → empty field. Atomic (temp file + rename). */
export function writeCsv(frame: dfd.DataFrame | readonly FrameRecord[], path: string): void {
  const { columns, rows } = cellTable(frame);
  const lines = [columns.map((c) => csvField(c)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(v ?? null)).join(','));
  writeAtomic(path, lines.join('\n') + '\n');
}

/**
 * Read a CSV written by writeCsv (or any RFC 4180 file with a header). Unquoted fields become numbers, booleans,
 * null (empty) or strings; quoted fields stay strings; JSON-string columns stay strings (frameToRecords parses them).
 */
export function readCsv(path: string): dfd.DataFrame {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  if (rows.length === 0) throw new Error(`readCsv: ${path} is empty (expected a header line)`);
  const columns = rows[0].map((f) => f.value);
  const records = rows.slice(1).map((row, r) => {
    if (row.length !== columns.length) {
      throw new Error(`readCsv: ${path} line ${r + 2} has ${row.length} fields, the header has ${columns.length}`);
    }
    const out: FrameRecord = {};
    columns.forEach((c, j) => (out[c] = inferCell(row[j])));
    return out;
  });
  return recordsToFrame(records, columns);
}

/** Write a DataFrame (or records) as a JSON array of row objects (nested values restored, non-finite → null). */
export function writeJson(frame: dfd.DataFrame | readonly FrameRecord[], path: string): void {
  const records = Array.isArray(frame) ? frame : frameToRecords(frame as dfd.DataFrame);
  const replacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);
  writeAtomic(path, JSON.stringify({ columns: recordColumns(records), rows: records }, replacer) + '\n');
}

/** Read a file written by writeJson (or a plain JSON array of row objects) into a DataFrame. */
export function readJson(path: string): dfd.DataFrame {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (Array.isArray(parsed)) return recordsToFrame(parsed as FrameRecord[]);
  const p = parsed as { columns?: string[]; rows?: FrameRecord[] };
  if (!p || !Array.isArray(p.rows)) throw new Error(`readJson: ${path} holds neither an array nor {rows: [...]}`);
  return recordsToFrame(p.rows, p.columns);
}

function formatCell(v: FrameCell, digits: number): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
    return Number.isFinite(v) ? v.toPrecision(digits) : String(v);
  }
  return String(v);
}

/**
 * A compact plain-text table (aligned columns, numbers to `digits` significant digits, long strings cut to
 * `maxWidth`, at most `maxRows` rows). Returns the text; `printFrame` writes it to stdout.
 */
export function formatFrame(
  frame: dfd.DataFrame | readonly FrameRecord[],
  options: { digits?: number; maxRows?: number; maxWidth?: number } = {},
): string {
  const { columns, rows: all } = cellTable(frame);
  const digits = options.digits ?? 4;
  const maxRows = options.maxRows ?? 40;
  const maxWidth = options.maxWidth ?? 24;
  const shown = all.slice(0, maxRows);
  const cut = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s);
  const cells = shown.map((row) => row.map((v) => cut(formatCell(v ?? null, digits))));
  const widths = columns.map((c, j) => Math.max(cut(c).length, ...cells.map((r) => r[j].length)));
  const numeric = columns.map((_, j) => shown.every((r) => r[j] === null || typeof r[j] === 'number'));
  const pad = (s: string, j: number) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const lines = [columns.map((c, j) => pad(cut(c), j)).join('  '), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const r of cells) lines.push(r.map((s, j) => pad(s, j)).join('  '));
  if (all.length > shown.length) lines.push(`… ${all.length - shown.length} more rows (${all.length} in all)`);
  return lines.join('\n');
}

/** Print formatFrame's table to stdout. */
export function printFrame(frame: dfd.DataFrame | readonly FrameRecord[], options: { digits?: number; maxRows?: number; maxWidth?: number } = {}): void {
  console.log(formatFrame(frame, options));
}
