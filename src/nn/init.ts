/**
 * Seeded initialisation from the parameter table (THEORY.md §2.5): each stored weight is drawn i.i.d.
 * N(0, initStd²) with the toolkit's Random, so the draw is the same on every backend. Each row has its own stream,
 * seeded by (seed, row name): a row's values do not depend on which other rows the table has.
 */
import * as tf from '@tensorflow/tfjs';
import { Random } from '../base/random';
import type { ParameterRow, ParameterTable } from '../spec/types';

/** A 31-bit stream seed from (seed, name) by FNV-1a over the name mixed with the seed. */
export function rowSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1) ^ Math.floor(seed / 4294967296);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 1) & 0x3fffffff;
}

/** Values of one row: N(0, initStd²) entries (zeros when initStd = 0). */
export function initialValues(row: ParameterRow, seed: number): Float32Array {
  const size = row.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (row.initStd > 0) new Random(rowSeed(seed, row.name)).fillNormal32(values, row.initStd);
  return values;
}

/** Trainable variables keyed by row name, drawn from the table with `seed`. */
export function initialParameters(table: ParameterTable, seed: number): Record<string, tf.Variable> {
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
  const params: Record<string, tf.Variable> = {};
  for (const row of table.rows) {
    const values = initialValues(row, seed);
    params[row.name] = tf.tidy(() => tf.variable(tf.tensor(values, row.shape), true, `${row.name}#${seed}#${nextId++}`));
  }
  return params;
}

let nextId = 0;
