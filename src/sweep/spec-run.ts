/**
 * Typed runs over a SpecGrid: `specRun((spec, table, context) => result)` makes a sweep run function whose config is
 * a grid point (docs/FIGURES.md "Figures as spec grids"). The point travels as plain JSON {…values, seed, spec,
 * settings}; the worker validates the spec and resolves it to its table again, so the run reads exactly the table
 * the point shows.
 */
import type { ParameterTable, Spec } from '../spec/types';
import { validateSpec } from '../spec/validate';
import { resolve } from '../spec/resolve';
import type { RunContext, RunFunction } from './pool';
import type { GridPoint, Settings } from './spec-grid';

/** What a typed run receives besides its spec and table; S is the type of its grid's settings. */
export interface SpecRunContext<S = Settings> extends RunContext {
  seed: number;
  /** The point's non-spec settings (steps, batch size, probes, …), as the grid declared them. */
  settings: S;
  /** The point's axis values (labels included). */
  values: Record<string, unknown>;
}

export type SpecRunFunction<R = unknown, S = Settings> = (spec: Spec, table: ParameterTable, context: SpecRunContext<S>) => R | Promise<R>;

/** The sweep config of a point: its axis values (the frame's columns), the seed, the full spec and the settings. */
export function pointConfig(point: GridPoint<object>): Record<string, unknown> {
  return { ...point.values, seed: point.seed, spec: point.spec, settings: point.settings };
}

/** Read a point back from a sweep config (throws naming what is missing). */
export function configPoint(config: Record<string, unknown>): Omit<GridPoint, 'table'> {
  const { spec, settings, seed, ...values } = config;
  if (!spec || typeof spec !== 'object') throw new Error(`spec run: the config has no spec (a SpecGrid point was expected; got keys ${Object.keys(config).join(', ')})`);
  if (typeof seed !== 'number') throw new Error(`spec run: the config has no numeric seed (got ${String(seed)})`);
  return { spec: spec as Spec, settings: (settings ?? {}) as Settings, seed, values: { ...values, seed } };
}

/**
 * A sweep run function from a typed run: export the result from a module and name it in a RunReference. S names the
 * type of the grid's settings (`specRun<MySettings>(…)`): the settings are the grid's own JSON, so a run that can be
 * given another grid's settings should check them (and name the field) before use.
 */
export function specRun<S = Settings, R = unknown>(fn: SpecRunFunction<R, S>): RunFunction {
  return (config, context) => {
    const point = configPoint(config);
    const spec = validateSpec(point.spec);
    return fn(spec, resolve(spec), { ...context, seed: point.seed, settings: point.settings as S, values: point.values });
  };
}
