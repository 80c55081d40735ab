/**
 * Every DataFrame the toolkit returns works as a danfojs DataFrame: no column shadows a DataFrame member (the list
 * is read from danfojs's prototype here, independently of the toolkit's own list), and print, loc, groupby/agg,
 * describe, drop and a CSV round trip (danfojs's toCSV/readCSV and the toolkit's writeCsv/readCsv) all work.
 */
import * as dfd from 'danfojs-node';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { frameToRecords, readCsv, recordsToFrame, writeCsv } from '../../src/analysis/dataframe';
import { fitLine, fitPowerLaw } from '../../src/analysis/fit';
import { meanOverSeedsFrame } from '../../src/analysis/groups';
import { initBackend } from '../../src/backend';
import { readClaims, recordClaim } from '../../src/notebook/claims';
import { describeSpec } from '../../src/spec/describe';
import { preset } from '../../src/spec/presets';
import { sweep } from '../../src/sweep/sweep';
import { coordinateCheck } from '../../src/analysis/coordinate-check';
import { mixtureTask } from '../train/fixtures/mixture';

/** Every member name of a danfojs DataFrame, from its prototype chain. */
function danfojsMembers(): Set<string> {
  const names = new Set<string>();
  for (let p: object | null = dfd.DataFrame.prototype; p !== null; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) names.add(k);
  }
  return names;
}

const dir = mkdtempSync(join(tmpdir(), 'tl-frames-'));
const previousOut = process.env.TL_OUT;

/** A run returning a TrainingRecord-like result, with fields named like DataFrame members. */
function trainingLikeRun(config: Record<string, unknown>) {
  const x = Number(config.x);
  const diverged = x === 3;
  const losses = [2, 1.5, diverged ? 9 : 1 / x];
  return {
    status: diverged ? 'diverged' : 'completed',
    divergedAt: diverged ? 2 : null,
    loss: diverged ? NaN : losses[2],
    losses,
    curve: losses.map((loss, step) => ({ step, trainLoss: loss })),
    shape: [x, 2],
    values: `v${x}`,
  };
}

async function sweepFrames(): Promise<{ plain: dfd.DataFrame; exploded: dfd.DataFrame; rows: Record<string, unknown>[] }> {
  const run = { name: 'frames', version: '1', fn: trainingLikeRun };
  const grid = { axes: { x: [1, 2, 3], group: ['a', 'b'] }, seeds: 2 };
  const plain = await sweep(grid, run, { name: 'frames', cache: false, progress: false });
  const exploded = await sweep(grid, run, { name: 'frames', cache: false, progress: false, explode: 'curve' });
  return { plain: plain.frame, exploded: exploded.frame, rows: plain.rows };
}

function coordinateFrame(): dfd.DataFrame {
  const task = mixtureTask({ tokens: 4, inputDim: 8, classes: 3, batch: 8, seed: 2 });
  const probe = task.probe(4);
  try {
    const spec = preset('p1', { headDim: 4, heads: 2, depth: 1, tokens: 4, inputDim: 8, outputDim: 3 });
    return coordinateCheck({ spec, headDims: [4, 8], batches: task.batch, probeInputs: probe.inputs, steps: 1 }).frame;
  } finally {
    probe.inputs.dispose();
    probe.targets.dispose();
  }
}

function claimsFrame(): dfd.DataFrame {
  process.env.TL_OUT = join(dir, 'out');
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    recordClaim({ figure: 'TEST-1', claim: 'slope', value: -1.02, error: 0.05, band: [-1.25, -0.75], details: { points: 4 } });
    recordClaim({ figure: 'TEST-1', claim: 'ratio', value: 1.5, error: NaN, band: [0, 1] });
    recordClaim({ figure: 'TEST-2', claim: 'gap', value: 0.3, band: [0, 0.5], gated: false });
  } finally {
    log.mockRestore();
  }
  return recordsToFrame(readClaims(join(dir, 'out')) as unknown as Record<string, unknown>[]);
}

function fitsFrame(): dfd.DataFrame {
  const x = [4, 8, 16, 32];
  return recordsToFrame([
    { fit: 'line', ...fitLine(x, [1.1, 2.0, 4.2, 7.9]) },
    { fit: 'powerLaw', ...fitPowerLaw(x, [0.26, 0.12, 0.065, 0.031]) },
    { fit: 'powerLaw', ...fitPowerLaw(x, [0.5, 0.36, 0.24, 0.18]) },
  ]);
}

/** The frames under test, built once. */
const frames = new Map<string, dfd.DataFrame>();

beforeAll(async () => {
  await initBackend('wasm');
  frames.set('describeSpec (ViT, P1)', describeSpec(preset('p1')).frame);
  frames.set('describeSpec (LM)', describeSpec(preset('p1', { architecture: 'causalLm' })).frame);
  frames.set('describeSpec (shaped)', describeSpec(preset('shaped')).frame);
  const swept = await sweepFrames();
  frames.set('sweep', swept.plain);
  frames.set('sweep with explode', swept.exploded);
  frames.set('meanOverSeedsFrame', meanOverSeedsFrame(swept.rows, { by: ['x', 'group'], values: ['seconds'] }));
  frames.set('coordinateCheck', coordinateFrame());
  frames.set('claims', claimsFrame());
  frames.set('fits', fitsFrame());
}, 120_000);

afterAll(() => {
  if (previousOut === undefined) delete process.env.TL_OUT;
  else process.env.TL_OUT = previousOut;
});

/** A string column with repeated values and a numeric column without nulls, to group by and aggregate. */
function groupingColumns(df: dfd.DataFrame): { key: string; value: string } {
  const records = frameToRecords(df, { parseJson: false });
  const columns = df.columns as string[];
  const key = columns.find((c) => records.every((r) => typeof r[c] === 'string') && new Set(records.map((r) => r[c])).size < records.length);
  const value = columns.find((c) => c !== key && records.every((r) => typeof r[c] === 'number' && Number.isFinite(r[c] as number)));
  if (key === undefined || value === undefined) throw new Error(`no grouping columns in ${columns.join(', ')}`);
  return { key, value };
}

describe('every frame the toolkit returns is a working danfojs DataFrame', () => {
  const names = ['describeSpec (ViT, P1)', 'describeSpec (LM)', 'describeSpec (shaped)', 'sweep', 'sweep with explode', 'meanOverSeedsFrame', 'coordinateCheck', 'claims', 'fits'];
  it.each(names)('%s', async (name) => {
    const df = frames.get(name)!;
    const columns = df.columns as string[];
    const records = frameToRecords(df, { parseJson: false });
    const members = danfojsMembers();
    expect(columns.filter((c) => members.has(c))).toEqual([]);
    expect(df.shape).toEqual([records.length, columns.length]);
    expect(df.index.length).toBe(records.length);
    // print
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      df.print();
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
    // loc: rows and columns
    expect(df.loc({ rows: [0] }).shape).toEqual([1, columns.length]);
    expect(df.loc({ columns: [columns[0]] }).shape).toEqual([records.length, 1]);
    // groupby / agg: the group means equal the hand-computed ones
    const { key, value } = groupingColumns(df);
    const grouped = frameToRecords(df.groupby([key]).agg({ [value]: 'mean' }));
    const expected = new Map<string, number[]>();
    for (const r of records) expected.set(String(r[key]), [...(expected.get(String(r[key])) ?? []), r[value] as number]);
    expect(grouped.length).toBe(expected.size);
    for (const g of grouped) {
      const ys = expected.get(String(g[key]))!;
      expect(g[`${value}_mean`]).toBeCloseTo(ys.reduce((a, b) => a + b, 0) / ys.length, 12);
    }
    // describe: one column per numeric column, count = rows
    const described = df.describe();
    expect((described.columns as string[]).includes(value)).toBe(true);
    // drop
    expect(df.drop({ columns: [columns[0]] }).shape).toEqual([records.length, columns.length - 1]);
    // danfojs's own toCSV/readCSV round trip. Its writer joins cells without quoting, so JSON cells (which hold
    // commas) need another separator: a tab, which JSON.stringify always escapes.
    const path = join(dir, `${name.replace(/\W+/g, '-')}.tsv.csv`);
    dfd.toCSV(df, { filePath: path, sep: '\t' });
    const back = await dfd.readCSV(path, { delimiter: '\t' } as never);
    expect(back.columns).toEqual(columns);
    expect(back.shape).toEqual(df.shape);
    // the toolkit's CSV round trip keeps every cell (numbers bit-exactly, NaN, nested JSON)
    const ours = join(dir, `${name.replace(/\W+/g, '-')}-tl.csv`);
    writeCsv(df, ours);
    expect(frameToRecords(readCsv(ours), { parseJson: false })).toEqual(records);
  });
});

describe('sweep rows: status read not renamed, divergedAt carried, member-named result fields prefixed', () => {
  it('a TrainingRecord-like result', () => {
    const rows = frameToRecords(frames.get('sweep')!);
    const columns = frames.get('sweep')!.columns as string[];
    expect(columns.slice(0, 6)).toEqual(['runIndex', 'status', 'error', 'divergedAt', 'seconds', 'cached']);
    expect(columns).not.toContain('result_status');
    expect(columns).toContain('result_shape');
    expect(columns).toContain('result_values');
    const ok = rows.filter((r) => r.x !== 3);
    const bad = rows.filter((r) => r.x === 3);
    expect(ok.every((r) => r.status === 'ok' && Number.isNaN(r.divergedAt))).toBe(true); // missing → NaN in a numeric column
    expect(bad.every((r) => r.status === 'diverged' && r.divergedAt === 2)).toBe(true);
    expect(rows.map((r) => r.runIndex)).toEqual(rows.map((_, i) => i));
  });
  it('refuses a grid key or a column named like a DataFrame member, naming it', async () => {
    const run = { name: 'frames', version: '1', fn: trainingLikeRun };
    await expect(sweep({ axes: { x: [1], size: [1, 2] } }, run, { name: 'frames', cache: false, progress: false })).rejects.toThrow(
      /^grid key 'size': expected a name that is not a danfojs DataFrame member/,
    );
    await expect(sweep({ axes: { x: [1] }, fixed: { runIndex: 1 } }, run, { name: 'frames', cache: false, progress: false })).rejects.toThrow(
      /^grid key 'runIndex': expected a name other than the sweep's own columns/,
    );
    expect(() => recordsToFrame([{ index: 1 }])).toThrow(/^column 'index': expected a name that is not a danfojs DataFrame member/);
  });
});
