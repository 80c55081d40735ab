/**
 * SpecGrid: a figure's runs as data — a base Spec, axes over Spec fields and named settings, seeds. `expand()` gives
 * every point as a validated Spec resolved to its ParameterTable, with its seed and settings (docs/FIGURES.md
 * "Figures as spec grids"). Sweeps key their cache on the point (resolved spec + settings + seed).
 */
import type { ParameterTable, Spec } from '../spec/types';
import { specFields, validateSpec, nearestName, showValue } from '../spec/validate';
import { resolve } from '../spec/resolve';
import { expandGrid, type GridSpec } from './grid';

/** Optimizer fields an axis may name without the `optimizer.` prefix (e.g. 'learningRate'). */
const optimizerFieldNames = ['kind', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'warmupSteps', 'totalSteps'];

/** Plain JSON settings that are not part of the Spec (steps, batch size, probe set, sample counts, …). */
export type Settings = Record<string, unknown>;

/** S: the type of the run settings; A: the type of the analysis parameters (both plain JSON objects). */
export interface SpecGridDefinition<S extends object = Settings, A extends object = Settings> {
  /** The spec every point starts from (validated). */
  base: Spec;
  /** Named non-spec settings of the runs with their defaults (part of every run's cache key). */
  settings?: S;
  /** Named parameters of the analysis only (reference sizes, seeds per size, …): set by `with`, not in the cache key. */
  analysis?: A;
  /**
   * Axes, first slowest: a Spec field ('heads', 'attentionExponent'), an optimizer field ('learningRate' or
   * 'optimizer.learningRate'), a nested spec path ('image.patch'), a setting, or a label.
   */
  axes?: Record<string, readonly unknown[]>;
  /** Groups of axes that vary together (equal lengths), e.g. [{member: ['base', 'H=8'], heads: [4, 8]}]. */
  zip?: readonly Record<string, readonly unknown[]>[];
  /** Names that only label points (columns for the analysis, e.g. 'member' or 'variant'); they set nothing. */
  labels?: readonly string[];
  /** Seeds: a count n (0 … n−1) or a list (default one seed, 0). */
  seeds?: number | readonly number[];
  /** Drop points matching all fields of one of these (axis values and seed). */
  exclude?: readonly Record<string, unknown>[];
  /** Keep only the points where this returns true (given the axis values with the seed, and the settings and analysis parameters). */
  filter?(values: Record<string, unknown>, parameters: S & A): boolean;
  /** Complete a point's spec from its settings (e.g. optimizer.totalSteps = steps); runs after the axes are set. */
  finish?(spec: Spec, settings: S, values: Record<string, unknown>): Spec;
}

/** One point of a grid: everything a run needs and a record carries. */
export interface GridPoint<S extends object = Settings> {
  /** The validated spec of this run. */
  spec: Spec;
  /** resolve(spec): the parameter table the builders, optimizers and theory read. */
  table: ParameterTable;
  seed: number;
  /** The settings (defaults with this point's axis values applied). */
  settings: S;
  /** This point's axis values (the frame's columns), seed included. */
  values: Record<string, unknown>;
}

type Target = { kind: 'spec'; path: string[] } | { kind: 'setting' } | { kind: 'analysis' } | { kind: 'label' };

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** A grid of specs. Immutable: `with`, `axis` and `withSeeds` return new grids. */
export class SpecGrid<S extends object = Settings, A extends object = Settings> {
  readonly definition: Readonly<SpecGridDefinition<S, A>>;

  constructor(definition: SpecGridDefinition<S, A>) {
    if (!definition || typeof definition !== 'object') throw new Error(`grid: expected {base, axes?, settings?, seeds?}, got ${showValue(definition)}`);
    validateSpec(definition.base);
    this.definition = { ...definition, base: clone(definition.base), settings: clone(definition.settings ?? ({} as S)), analysis: clone(definition.analysis ?? ({} as A)) };
    for (const key of this.axisNames()) this.target(key);
  }

  /** The names of the axes and zipped axes, in expansion order. */
  axisNames(): string[] {
    return [...Object.keys(this.definition.axes ?? {}), ...(this.definition.zip ?? []).flatMap((g) => Object.keys(g))];
  }

  /** What a name sets: a spec path, a setting or a label; throws naming the nearest allowed name. */
  private target(name: string): Target {
    if ((this.definition.labels ?? []).includes(name)) return { kind: 'label' };
    if (Object.prototype.hasOwnProperty.call(this.definition.settings, name)) return { kind: 'setting' };
    if (Object.prototype.hasOwnProperty.call(this.definition.analysis, name)) return { kind: 'analysis' };
    const path = name.split('.');
    if ((specFields as readonly string[]).includes(path[0])) return { kind: 'spec', path };
    if (path.length === 1 && optimizerFieldNames.includes(name)) return { kind: 'spec', path: ['optimizer', name] };
    const own = [...Object.keys(this.definition.settings ?? {}), ...Object.keys(this.definition.analysis ?? {})];
    const allowed = [...specFields, ...optimizerFieldNames, ...own, ...(this.definition.labels ?? [])];
    throw new Error(
      `grid: '${name}' is not a Spec field, an optimizer field, a setting or a label of this grid (did you mean '${nearestName(name, allowed)}'? ` +
      `settings: ${own.join(', ') || 'none'})`,
    );
  }

  /** The grid with fixed values: spec fields, optimizer fields or settings. A swept name becomes fixed (its axis removed). */
  with(values: Record<string, unknown>): SpecGrid<S, A> {
    if (!values || typeof values !== 'object') throw new Error(`with: expected an object of field values, got ${showValue(values)}`);
    const def: SpecGridDefinition<S, A> = {
      ...this.definition, base: clone(this.definition.base), settings: clone(this.definition.settings ?? ({} as S)), analysis: clone(this.definition.analysis ?? ({} as A)),
    };
    const names = Object.keys(values);
    for (const name of names) {
      const t = this.target(name);
      if (t.kind === 'label') throw new Error(`with: '${name}' is a label of this grid; it sets nothing (fix the fields it labels instead)`);
      if (t.kind === 'setting') (def.settings as Settings)[name] = clone(values[name]);
      else if (t.kind === 'analysis') (def.analysis as Settings)[name] = clone(values[name]);
      else setPath(def.base as unknown as Record<string, unknown>, t.path, clone(values[name]));
    }
    def.axes = Object.fromEntries(Object.entries(def.axes ?? {}).filter(([k]) => !names.includes(k)));
    def.zip = (def.zip ?? []).map((g) => Object.fromEntries(Object.entries(g).filter(([k]) => !names.includes(k)))).filter((g) => Object.keys(g).length > 0);
    return new SpecGrid(def);
  }

  /** The grid with one more axis (or this axis's values replaced; a zipped name leaves its group). */
  axis(name: string, values: readonly unknown[]): SpecGrid<S, A> {
    if (this.target(name).kind === 'analysis') throw new Error(`axis: '${name}' is a parameter of the analysis, not of the runs; set it with with({${name}: …})`);
    if (!Array.isArray(values) || values.length === 0) throw new Error(`axis ${name}: expected a non-empty list of values, got ${showValue(values)}`);
    const zip = (this.definition.zip ?? []).map((g) => Object.fromEntries(Object.entries(g).filter(([k]) => k !== name))).filter((g) => Object.keys(g).length > 0);
    return new SpecGrid({ ...this.definition, axes: { ...(this.definition.axes ?? {}), [name]: [...values] }, zip });
  }

  /** The grid with other seeds: a count n (0 … n−1) or a list. */
  withSeeds(seeds: number | readonly number[]): SpecGrid<S, A> {
    return new SpecGrid({ ...this.definition, seeds });
  }

  /** The analysis parameters (reference sizes, seeds per size, …). */
  get analysis(): A {
    return clone(this.definition.analysis ?? ({} as A));
  }

  /** The run settings' defaults. */
  get settings(): S {
    return clone(this.definition.settings ?? ({} as S));
  }

  /** The plain sweep grid of the axis values (before specs are built). */
  valueGrid(): GridSpec {
    const d = this.definition;
    const parameters = { ...(d.settings ?? {}), ...(d.analysis ?? {}) } as S & A;
    const filter = d.filter;
    return { axes: d.axes, zip: d.zip, seeds: d.seeds, exclude: d.exclude, filter: filter ? (values) => filter.call(d, values, parameters) : undefined };
  }

  /** Every point in order (axes first slowest, then zipped groups, seeds innermost), each spec validated and resolved. */
  expand(): GridPoint<S>[] {
    const tables = new Map<string, ParameterTable>();
    return expandGrid(this.valueGrid()).map((values) => {
      const spec = clone(this.definition.base) as Spec;
      const settings = clone(this.definition.settings ?? ({} as S));
      for (const [name, value] of Object.entries(values)) {
        if (name === 'seed') continue;
        const t = this.target(name);
        if (t.kind === 'setting') (settings as Settings)[name] = clone(value);
        else if (t.kind === 'spec') setPath(spec as unknown as Record<string, unknown>, t.path, clone(value));
      }
      const finished = this.definition.finish ? this.definition.finish(spec, settings, values) : spec;
      try {
        validateSpec(finished);
      } catch (e) {
        throw new Error(`grid point ${JSON.stringify(values)}: ${(e as Error).message}`);
      }
      const key = JSON.stringify(finished);
      let table = tables.get(key);
      if (!table) tables.set(key, (table = resolve(finished)));
      return { spec: finished, table, seed: values.seed as number, settings, values };
    });
  }

  /** Number of points. */
  get size(): number {
    return expandGrid(this.valueGrid()).length;
  }

  /** One row per point for console.table: the axis values, then the size of the network (N, H, L, n). */
  rows(): Record<string, unknown>[] {
    return this.expand().map((p) => ({ ...p.values, N: p.spec.headDim, H: p.spec.heads, L: p.spec.depth, width: p.table.width }));
  }

  /** A few lines a reader can check: the base spec, the axes, the settings, the seeds and the number of runs. */
  describe(): string {
    const d = this.definition;
    const b = d.base;
    const lines = [
      `base: ${b.preset} ${b.architecture}, N = ${b.headDim}, H = ${b.heads}, L = ${b.depth}, S = ${b.tokens}, α_A = ${b.attentionExponent}, ` +
        `α_L = ${b.residualExponent}, β₀ = ${b.branchScale}, γ₀ = ${b.richness}, ${b.optimizer.kind} η₀ = ${b.optimizer.learningRate}`,
    ];
    for (const [k, v] of Object.entries(d.axes ?? {})) lines.push(`axis ${k}: ${v.map((x) => showValue(x)).join(', ')}`);
    for (const g of d.zip ?? []) lines.push(`together: ${Object.entries(g).map(([k, v]) => `${k} = ${v.map((x) => showValue(x)).join(' | ')}`).join('; ')}`);
    if (Object.keys(d.settings ?? {}).length > 0) lines.push(`settings: ${Object.entries(d.settings ?? {}).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`);
    if (Object.keys(d.analysis ?? {}).length > 0) lines.push(`analysis: ${Object.entries(d.analysis ?? {}).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`);
    if (d.filter) lines.push('filtered: some points dropped (see the grid\'s filter)');
    const seeds = d.seeds ?? 1;
    lines.push(`seeds: ${typeof seeds === 'number' ? seeds : seeds.join(', ')}; ${this.size} runs`);
    return lines.join('\n');
  }

  toString(): string {
    return this.describe();
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** True for a SpecGrid (also across module copies: checked by shape). */
export function isSpecGrid(value: unknown): value is SpecGrid<object, object> {
  return value instanceof SpecGrid || (!!value && typeof (value as SpecGrid).expand === 'function' && typeof (value as SpecGrid).definition === 'object');
}
