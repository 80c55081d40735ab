/**
 * The parameter table as a danfojs DataFrame and as readable text (THEORY.md §2.5): one row per trainable tensor
 * with shape, init std, forward multiplier and absolute learning rate, plus the table-wide b_L and global rate.
 */
import * as dfd from 'danfojs-node';
import { resolve } from './resolve';
import type { ParameterTable, Spec } from './types';

export interface SpecDescription {
  table: ParameterTable;
  frame: dfd.DataFrame;
  /** Fixed-width text table with a header line giving the spec's sizes and constants. */
  text: string;
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? Number(x.toPrecision(5)).toString() : x.toExponential(4);
}

/** Header line: architecture, preset, N, H, L, n, α_A, α_L, β₀, γ₀, optimizer, b_L and η. */
export function tableHeadline(table: ParameterTable): string {
  const s = table.spec;
  return (
    `${s.architecture} / ${s.preset} (${table.family}): N=${s.headDim} H=${s.heads} L=${s.depth} n=${table.width} S=${s.tokens}, ` +
    `α_A=${s.attentionExponent} α_L=${s.residualExponent} β₀=${fmt(s.branchScale)} γ₀=${fmt(s.richness)}, ` +
    `${s.optimizer.kind} η₀=${fmt(s.optimizer.learningRate)} → η=${fmt(table.globalLearningRate)}, b_L=${fmt(table.branchMultiplier)}`
  );
}

/** Renders the rows as an aligned text table. */
export function formatTable(table: ParameterTable): string {
  const header = ['name', 'group', 'shape', 'initStd', 'multiplier', 'learningRate'];
  const body = table.rows.map((r) => [r.name, r.group, r.shape.join('×'), fmt(r.initStd), fmt(r.multiplier), fmt(r.learningRate)]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((row) => row[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j < 3 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [tableHeadline(table), line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * resolve(spec) as {table, frame, text}. The frame's columns: name, group, block (0 outside the blocks), tensorShape
 * (the row's shape as 'a×b'; not 'shape', which is a DataFrame member), initStd, multiplier, learningRate.
 */
export function describeSpec(spec: Spec): SpecDescription {
  const table = resolve(spec);
  const frame = new dfd.DataFrame(
    {
      name: table.rows.map((r) => r.name),
      group: table.rows.map((r) => r.group),
      block: table.rows.map((r) => (r.block === null ? 0 : r.block)),
      tensorShape: table.rows.map((r) => r.shape.join('×')),
      initStd: table.rows.map((r) => r.initStd),
      multiplier: table.rows.map((r) => r.multiplier),
      learningRate: table.rows.map((r) => r.learningRate),
    },
    { columns: ['name', 'group', 'block', 'tensorShape', 'initStd', 'multiplier', 'learningRate'] },
  );
  return { table, frame, text: formatTable(table) };
}
