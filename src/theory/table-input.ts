/**
 * Theory entry points that model a network accept a Spec or its ParameterTable (THEORY.md §2.5) and read their scale
 * factors from the table; this turns either into the table (resolve() validates a Spec). spec/ is tfjs-free.
 */
import { resolve } from '../spec/resolve';
import type { ParameterTable, Spec } from '../spec/types';
import { rejectOption } from './solver-inputs';

/** A Spec or the ParameterTable resolved from it. */
export type SpecOrTable = Spec | ParameterTable;

/** Whether x is a ParameterTable (it carries its spec and rows) rather than a Spec. */
export function isParameterTable(x: SpecOrTable): x is ParameterTable {
  return typeof x === 'object' && x !== null && 'rows' in x && 'spec' in x;
}

/** The table of a Spec (resolved, so validated) or the table itself; `name` is the option named in errors. */
export function tableOf(name: string, x: unknown): ParameterTable {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) rejectOption(name, x, 'a Spec or a ParameterTable (an object)');
  return isParameterTable(x as SpecOrTable) ? (x as ParameterTable) : resolve(x as Spec);
}
