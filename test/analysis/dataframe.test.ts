import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatFrame,
  frameColumn,
  frameToRecords,
  parseCsv,
  readCsv,
  readJson,
  recordsToFrame,
  writeCsv,
  writeJson,
} from '../../src/analysis/dataframe';

const records = [
  { width: 64, lr: 0.1, name: 'a, "quoted"', ok: true, loss: 1 / 3, table: [{ name: 'readIn', std: 0.5 }], curve: [3, 2, 1] },
  { width: 128, lr: 1e-3, name: ' padded ', ok: false, loss: NaN, table: { depth: 2 }, extra: 'only here' },
  { width: 256, lr: 2.5e-7, name: 'x\ny', ok: true, loss: Infinity },
];

describe('records ⇄ DataFrame', () => {
  it('keeps every key (union, first-seen order) and restores nested values', () => {
    const df = recordsToFrame(records);
    expect(df.shape).toEqual([3, 8]);
    expect(df.columns).toEqual(['width', 'lr', 'name', 'ok', 'loss', 'table', 'curve', 'extra']);
    expect(frameColumn(df, 'table')[0]).toBe('[{"name":"readIn","std":0.5}]');
    const back = frameToRecords(df);
    expect(back[0].table).toEqual([{ name: 'readIn', std: 0.5 }]);
    expect(back[0].curve).toEqual([3, 2, 1]);
    expect(back[0].loss).toBe(1 / 3); // full double precision kept
    expect(back[1].extra).toBe('only here');
    expect(back[0].extra).toBeNull();
    expect(back[2].curve).toBeNull();
    expect(() => frameColumn(df, 'nope')).toThrow(/nope/);
  });
  it('handles an empty list with fixed columns', () => {
    const df = recordsToFrame([], ['a', 'b']);
    expect(df.columns).toEqual(['a', 'b']);
    expect(frameToRecords(df)).toEqual([]);
  });
});

describe('column names', () => {
  it('a frame refuses a column named like a danfojs member; text and CSV outputs of records take any name', () => {
    expect(() => recordsToFrame([{ max: 1, mean: 2 }])).toThrow(/^column 'max': expected a name that is not a danfojs DataFrame member/);
    expect(formatFrame([{ max: 1, mean: 2.5, note: null }])).toMatch(/^max +mean +note\n[─ ]+\n +1 +2.500 +$/);
    const dir = mkdtempSync(join(tmpdir(), 'tl-df-names-'));
    writeCsv([{ max: 1, mean: 2 }], join(dir, 'r.csv'));
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe('max,mean\n1,2\n');
  });
});

describe('CSV and JSON round trips', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-df-'));
  it('CSV keeps numbers bit-exactly, quotes, newlines, booleans, nulls and non-finite values', () => {
    const path = join(dir, 'sub', 'r.csv');
    writeCsv(recordsToFrame(records), path);
    const back = frameToRecords(readCsv(path));
    expect(back).toHaveLength(3);
    expect(back[0].name).toBe('a, "quoted"');
    expect(back[1].name).toBe(' padded ');
    expect(back[2].name).toBe('x\ny');
    expect(back[0].loss).toBe(1 / 3);
    expect(back[1].loss).toBeNaN();
    expect(back[2].loss).toBe(Infinity);
    expect(back[2].lr).toBe(2.5e-7);
    expect(back[1].ok).toBe(false);
    expect(back[0].table).toEqual([{ name: 'readIn', std: 0.5 }]);
    expect(back[1].table).toEqual({ depth: 2 });
    expect(back[2].table).toBeNull();
  });
  it('JSON keeps nested values; non-finite numbers become null', () => {
    const path = join(dir, 'r.json');
    writeJson(records, path);
    const back = frameToRecords(readJson(path));
    expect(back[0].table).toEqual([{ name: 'readIn', std: 0.5 }]);
    expect(back[0].loss).toBe(1 / 3);
    expect(back[1].loss).toBeNaN(); // JSON null in a column of numbers reads back as NaN
    expect(JSON.parse(readFileSync(path, 'utf8')).columns).toHaveLength(8);
  });
  it('parseCsv rejects an unterminated quote', () => {
    expect(() => parseCsv('a,b\n"x,1\n')).toThrow(/not terminated/);
  });
});

describe('formatFrame', () => {
  it('aligns columns and truncates long tables', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ i, v: i / 7 }));
    const text = formatFrame(many, { maxRows: 5 });
    const lines = text.split('\n');
    expect(lines).toHaveLength(2 + 5 + 1);
    expect(lines[3]).toContain('0.1429');
    expect(lines[7]).toContain('45 more rows');
  });
});
