/**
 * Sweep progress: counts, throughput and ETA as a value (for callbacks, e.g. a notebook display), as a one-line
 * terminal bar on stderr, or as plain progress lines on stderr when it is not a terminal (logs, CI, pipes).
 * ETA = remaining runs × (elapsed seconds / runs computed so far in this process).
 */
import { insideNotebook } from '../notebook/scale';

export interface SweepProgress {
  /** Runs in the grid. */
  total: number;
  /** Runs finished (cached + computed). */
  done: number;
  /** Runs taken from the cache. */
  cached: number;
  /** Runs computed in this call. */
  computed: number;
  errors: number;
  diverged: number;
  elapsedSeconds: number;
  /** Estimated seconds left (NaN until one run has been computed). */
  etaSeconds: number;
  /** With the SLURM executor: its array jobs and their tasks pending, running, and ended with runs missing. */
  slurm?: { jobs: string[]; pending: number; running: number; failed: number };
}

/** Seconds as a short human string: 42s, 3m07s, 1h05m. */
export function formatSweepDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line: `name [#####.....] 12/40 (cached 8, errors 0, diverged 1) 3.1 runs/s ETA 9s`. */
export function formatProgress(name: string, p: SweepProgress, width = 24): string {
  const filled = p.total === 0 ? width : Math.round((width * p.done) / p.total);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const rate = p.elapsedSeconds > 0 ? p.computed / p.elapsedSeconds : 0;
  return (
    `${name} [${bar}] ${p.done}/${p.total} (cached ${p.cached}, errors ${p.errors}, diverged ${p.diverged}) ` +
    `${rate.toFixed(2)} runs/s ETA ${p.done === p.total ? '0s' : formatSweepDuration(p.etaSeconds)}` +
    (p.slurm ? ` | SLURM ${p.slurm.jobs.join(',')}: ${p.slurm.running} running, ${p.slurm.pending} pending, ${p.slurm.failed} failed` : '')
  );
}

/** How progress reaches stderr: a redrawn bar (terminals), whole lines (anything else), or not at all. */
export type ProgressOutput = 'bar' | 'lines' | 'none';

/**
 * The stderr output for a sweep's `progress` option: true → a bar on a terminal, lines otherwise; false → none;
 * 'auto' (the default) → a bar on a terminal, none otherwise (notebooks get their own line, see defaultOnProgress).
 */
export function progressOutput(progress: boolean | 'auto' | undefined, terminal: boolean = !!process.stderr.isTTY): ProgressOutput {
  if (progress === false) return 'none';
  if (progress === true) return terminal ? 'bar' : 'lines';
  return terminal ? 'bar' : 'none';
}

/** Seconds between progress lines when stderr is not a terminal (a line is also written every 10 % of runs). */
export const progressLineSeconds = 10;

/**
 * Keeps the counts; `report()` calls the callback and draws the bar (at most every 100 ms, and at the end) or writes
 * a line (the first report, every 10 % of the runs or 10 s, and the end).
 */
export class ProgressTracker {
  readonly state: SweepProgress;
  private readonly start = process.hrtime.bigint();
  private readonly output: ProgressOutput;
  private lastDraw = -1;
  private lastTenth = -1;
  private lastDone = -1;

  constructor(
    readonly name: string,
    total: number,
    output: ProgressOutput | boolean,
    private readonly callback?: (p: SweepProgress) => void,
  ) {
    this.output = output === true ? 'bar' : output === false ? 'none' : output;
    this.state = { total, done: 0, cached: 0, computed: 0, errors: 0, diverged: 0, elapsedSeconds: 0, etaSeconds: NaN };
  }

  add(kind: 'cached' | 'computed', status: 'ok' | 'diverged' | 'error'): void {
    this.state.done++;
    this.state[kind]++;
    if (status === 'error') this.state.errors++;
    if (status === 'diverged') this.state.diverged++;
  }

  report(final = false): void {
    const s = this.state;
    s.elapsedSeconds = Number(process.hrtime.bigint() - this.start) / 1e9;
    const left = s.total - s.done;
    s.etaSeconds = left === 0 ? 0 : s.computed > 0 ? (left * s.elapsedSeconds) / s.computed : NaN;
    if (this.callback) this.callback({ ...s });
    if (this.output === 'none') return;
    if (this.output === 'lines') {
      const tenth = s.total === 0 ? 10 : Math.floor((10 * s.done) / s.total);
      const written = this.lastDraw >= 0;
      const due = !written || tenth > this.lastTenth || s.elapsedSeconds - this.lastDraw >= progressLineSeconds;
      if (final ? written && this.lastDone === s.done : !due) return;
      this.lastDraw = s.elapsedSeconds;
      this.lastTenth = tenth;
      this.lastDone = s.done;
      process.stderr.write(`${formatProgress(this.name, s)}\n`);
      return;
    }
    if (!final && this.lastDraw >= 0 && s.elapsedSeconds - this.lastDraw < 0.1) return;
    this.lastDraw = s.elapsedSeconds;
    process.stderr.write(`\r${formatProgress(this.name, s)}\x1b[K${final ? '\n' : ''}`);
  }
}

/** Anything that can show and overwrite one text entry (tslab's `newDisplay()` qualifies). */
export interface TextDisplay {
  text(s: string): void;
}

/**
 * An onProgress callback that keeps one notebook output line up to date (at most every 200 ms, and at the end).
 * Pass a display (e.g. `tslab.newDisplay()` in a notebook); without one it tries tslab's own, and returns a no-op
 * outside a tslab kernel.
 */
export function notebookProgress(name: string, display?: TextDisplay): (p: SweepProgress) => void {
  let target = display;
  if (!target) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tslab = require('tslab') as { newDisplay(): TextDisplay };
      target = tslab.newDisplay();
    } catch {
      return () => undefined;
    }
  }
  let last = -Infinity;
  return (p) => {
    if (p.done < p.total && p.elapsedSeconds - last < 0.2) return;
    last = p.elapsedSeconds;
    try {
      target!.text(formatProgress(name, p));
    } catch {
      /* outside a kernel ("Not ready"): stay silent */
    }
  };
}

/**
 * The onProgress a sweep uses when none is given: inside a notebook kernel, a live line in the cell's output
 * (notebookProgress); elsewhere none.
 */
export function defaultOnProgress(name: string): ((p: SweepProgress) => void) | undefined {
  return insideNotebook() ? notebookProgress(name) : undefined;
}
