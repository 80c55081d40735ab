/**
 * The read-in kernel of P1's transformers (docs/theory/infinite-head-kernel.md §2; THEORY.md §2.2 steps 1–2, §2.4):
 * h_s = x_s·W⁰_eff (+ P_s/σ_P) with i.i.d. Gaussian effective weights, so as the width grows
 *   Φ⁰[(x,s),(x′,t)] = c_in·x_s·x′_t + c_P·δ_{st}           (patches)
 *   Φ⁰[(x,s),(x′,t)] = c_E·δ(id_s(x) = id_t(x′)) + c_P·δ_{st}  (token ids)
 * with c = (init std · multiplier)² of the table's readIn and positional rows (never re-derived here).
 */
import { hasPositionalTable, readsTokens } from '../spec/resolve';
import type { ParameterRow, ParameterTable } from '../spec/types';

/** Probe inputs: patches (shape [B, S, inputDim], floats) or token ids (shape [B, S], integers). */
export interface ProbeInputs {
  values: ArrayLike<number>;
  shape: number[];
}

/** Row of the table by name, or a clear error naming it. */
export function tableRow(table: ParameterTable, name: string): ParameterRow {
  const row = table.rows.find((r) => r.name === name);
  if (!row) throw new Error(`table: the parameter table has no row '${name}' (architecture '${table.spec.architecture}')`);
  return row;
}

/** (std·multiplier)², the variance of one effective weight entry. */
export function effectiveVariance(row: ParameterRow): number {
  return (row.initStd * row.multiplier) ** 2;
}

/** c = (std·multiplier)²·fan-in: the covariance factor of x·W_eff for an input with kernel (1/fan-in) x·x′. */
export function kernelScale(row: ParameterRow): number {
  return effectiveVariance(row) * row.shape[0];
}

/** Checks the inputs against the spec; returns B and S. */
export function probeShape(table: ParameterTable, inputs: ProbeInputs): { inputs: number; tokens: number } {
  const spec = table.spec;
  const tokens = readsTokens(spec);
  const shape = inputs?.shape;
  const expected = tokens ? `[B, S] token ids (S ≤ ${spec.tokens})` : `[B, ${spec.tokens}, ${spec.inputDim}] patches`;
  if (!Array.isArray(shape) || shape.length !== (tokens ? 2 : 3)) throw new Error(`inputs.shape: expected ${expected}, got [${shape}]`);
  const [B, S] = shape;
  if (!Number.isInteger(B) || B < 1) throw new Error(`inputs.shape: expected B ≥ 1 inputs, got ${B}`);
  if (tokens ? !(Number.isInteger(S) && S >= 1 && S <= spec.tokens) : S !== spec.tokens || shape[2] !== spec.inputDim) {
    throw new Error(`inputs.shape: expected ${expected}, got [${shape}]`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (inputs.values.length !== count) throw new Error(`inputs.values: expected ${count} numbers for shape [${shape}], got ${inputs.values.length}`);
  for (let i = 0; i < count; i++) {
    const v = inputs.values[i];
    if (!Number.isFinite(v) || (tokens && !(Number.isInteger(v) && v >= 0 && v < spec.inputDim))) {
      throw new Error(`inputs.values[${i}]: expected ${tokens ? `a token id in 0…${spec.inputDim - 1}` : 'a finite number'}, got ${Number.isNaN(v) ? 'NaN' : v}`);
    }
  }
  return { inputs: B, tokens: S };
}

/** Φ⁰ over the P = B·S pairs (x, s), row-major P×P (see the file comment). */
export function readInKernel(table: ParameterTable, inputs: ProbeInputs): Float64Array {
  const { inputs: B, tokens: S } = probeShape(table, inputs);
  const P = B * S;
  const out = new Float64Array(P * P);
  const spec = table.spec;
  const readIn = effectiveVariance(tableRow(table, 'readIn'));
  const x = inputs.values;
  if (readsTokens(spec)) {
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) out[i * P + j] = x[i] === x[j] ? readIn : 0;
  } else {
    const d = spec.inputDim;
    for (let i = 0; i < P; i++) {
      for (let j = i; j < P; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += x[i * d + k] * x[j * d + k];
        out[i * P + j] = readIn * dot;
        out[j * P + i] = readIn * dot;
      }
    }
  }
  if (hasPositionalTable(spec)) {
    const positional = effectiveVariance(tableRow(table, 'positional'));
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i % S === j % S) out[i * P + j] += positional;
  }
  return out;
}
