/**
 * A pool of worker threads that run one job at a time each. Functions cannot cross threads, so a run is named by a
 * reference {module: absolute path, name: export name, version}: each worker requires the module (registering tsx
 * first for a .ts path, so the same reference works from vitest on sources and from built JS in dist/).
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { holdOneBlasThread } from '../backend/native-ops';

/** A run function in a module: `(config, context) => result`, exported as `name` from `module`. */
export interface RunReference {
  /** Absolute path of the module (.js/.cjs compiled, or .ts/.mts through tsx). */
  module: string;
  /** The export's name. */
  name: string;
  /** Bump when the function's results change: the version is part of the cache key. */
  version: string;
}

/** What a run receives besides its config. */
export interface RunContext {
  /** The sweep's scale label (smoke | quick | paper | …), part of the cache key. */
  scale: string;
  /** The run's cache key. */
  key: string;
  /** Position in the grid. */
  index: number;
}

export type RunFunction = (config: Record<string, unknown>, context: RunContext) => unknown;

export interface JobOutcome {
  ok: boolean;
  value?: unknown;
  error?: string;
  seconds: number;
}

const workerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
async function load() {
  const file = workerData.module;
  const req = createRequire(file);
  if (/\.(c|m)?tsx?$/.test(file)) {
    let tsx;
    try { tsx = req.resolve('tsx/cjs'); } catch (e) {
      throw new Error('cannot load ' + file + ': a TypeScript run module needs the tsx package (a devDependency); run from built JS in dist/ instead');
    }
    req(tsx);
  }
  const mod = /\.mjs$/.test(file) ? await import(pathToFileURL(file).href) : req(file);
  const fn = mod[workerData.name] ?? (mod.default && mod.default[workerData.name]);
  if (typeof fn !== 'function') {
    throw new Error('module ' + file + ' has no exported function ' + JSON.stringify(workerData.name) +
      ' (exports: ' + Object.keys(mod).join(', ') + ')');
  }
  return fn;
}
load().then((fn) => {
  parentPort.on('message', async (job) => {
    const t0 = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
    try {
      const value = await fn(job.config, job.context);
      parentPort.postMessage({ id: job.id, ok: true, value, seconds: seconds() });
    } catch (e) {
      const message = e && e.message ? String(e.message) : String(e);
      parentPort.postMessage({ id: job.id, ok: false, error: message, seconds: seconds() });
    }
  });
  parentPort.postMessage({ ready: true });
}, (e) => parentPort.postMessage({ loadError: e && e.message ? String(e.message) : String(e) }));
`;

interface Job {
  id: number;
  config: Record<string, unknown>;
  context: RunContext;
  resolve: (o: JobOutcome) => void;
  /** The per-run time limit's timer, while the job runs. */
  timer?: ReturnType<typeof setTimeout>;
}

/** The error recorded for a run stopped by the per-run time limit (starts with 'timeout'). */
export function timeoutMessage(seconds: number): string {
  return `timeout: no result after ${seconds} s (the sweep's timeoutSeconds); the run was stopped`;
}

/** Throws unless `value` is undefined or a number > 0 (Infinity allowed: no limit). */
export function checkTimeoutSeconds(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    throw new Error(`timeoutSeconds: expected a number of seconds > 0 per run (Infinity: no limit), got ${shown}`);
  }
  return value;
}

/**
 * Runs jobs on `size` worker threads; `run` resolves when the job finishes (a throw becomes ok: false). With
 * `timeoutSeconds`, a job still running after that long resolves as an error (timeoutMessage) and its worker is
 * terminated and replaced, so a run that never returns costs one time limit, not the sweep.
 */
export class WorkerPool {
  private all = new Set<Worker>();
  private idle: Worker[] = [];
  private queue: Job[] = [];
  private busy = new Map<Worker, Job>();
  private nextId = 0;
  private closed = false;
  private readyCount = 0;
  private failure: Error | null = null;
  private failWaiters: ((e: Error) => void)[] = [];
  /** One OpenBLAS thread per process while the workers run (each worker is one core). */
  private releaseBlasThreads = holdOneBlasThread();

  constructor(
    readonly reference: RunReference,
    readonly size: number,
    readonly timeoutSeconds?: number,
  ) {
    try {
      checkTimeoutSeconds(timeoutSeconds);
      if (!reference || typeof reference.module !== 'string' || !isAbsolute(reference.module)) {
        throw new Error(`run.module: expected an absolute path, got ${JSON.stringify(reference?.module)}`);
      }
      if (!existsSync(reference.module)) throw new Error(`run.module: ${reference.module} does not exist`);
      if (typeof reference.name !== 'string' || reference.name === '') throw new Error(`run.name: expected an export name, got ${JSON.stringify(reference.name)}`);
      if (!Number.isInteger(size) || size < 1) throw new Error(`workers: expected a positive integer, got ${size}`);
    } catch (e) {
      this.releaseBlasThreads(); // the field initialiser took the hold; a refused pool gives it back
      throw e;
    }
    for (let i = 0; i < size; i++) this.spawn();
  }

  /** Rejects when a worker cannot load the run module (a caller mistake, so the sweep stops). */
  failed(): Promise<never> {
    return new Promise((_, reject) => {
      if (this.failure) reject(this.failure);
      else this.failWaiters.push(reject);
    });
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const w of this.failWaiters) w(e);
  }

  private spawn(): void {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { module: this.reference.module, name: this.reference.name },
      stderr: false,
      stdout: false,
    });
    this.all.add(worker);
    worker.on('message', (m: { ready?: boolean; loadError?: string; id?: number; ok?: boolean; value?: unknown; error?: string; seconds?: number }) => {
      if (m.loadError !== undefined) {
        this.fail(new Error(`run: ${m.loadError}`));
        return;
      }
      if (m.ready) {
        this.readyCount++;
        this.idle.push(worker);
        this.pump();
        return;
      }
      const job = this.busy.get(worker);
      if (!job || job.id !== m.id) return;
      clearTimeout(job.timer);
      this.busy.delete(worker);
      this.idle.push(worker);
      job.resolve({ ok: !!m.ok, value: m.value, error: m.error, seconds: m.seconds ?? 0 });
      this.pump();
    });
    worker.on('error', (e: Error) => this.lost(worker, `worker crashed: ${e.message}`));
    worker.on('exit', (code) => this.lost(worker, `worker exited with code ${code}`));
  }

  /** A worker died (crash, process.exit, out of memory): its job is an error, a fresh worker takes its place. */
  private lost(worker: Worker, message: string): void {
    if (!this.all.delete(worker)) return;
    const job = this.busy.get(worker);
    if (job) clearTimeout(job.timer);
    this.busy.delete(worker);
    this.idle = this.idle.filter((w) => w !== worker);
    if (this.closed) return;
    if (job) job.resolve({ ok: false, error: message, seconds: 0 });
    if (this.readyCount === 0 && !job) {
      this.fail(new Error(`run: ${message} while loading ${this.reference.module}`));
      return;
    }
    this.spawn();
  }

  run(config: Record<string, unknown>, context: RunContext): Promise<JobOutcome> {
    if (this.closed) throw new Error('WorkerPool: closed');
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, config, context, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      const limit = this.timeoutSeconds;
      if (limit !== undefined && Number.isFinite(limit)) job.timer = setTimeout(() => this.expire(worker, job, limit), limit * 1000);
      worker.postMessage({ id: job.id, config: job.config, context: job.context });
    }
  }

  /** The time limit of `job` ran out: record the timeout, terminate the worker (it may be stuck) and replace it. */
  private expire(worker: Worker, job: Job, limit: number): void {
    if (this.busy.get(worker) !== job || this.closed) return;
    this.busy.delete(worker);
    this.all.delete(worker);
    this.idle = this.idle.filter((w) => w !== worker);
    job.resolve({ ok: false, error: timeoutMessage(limit), seconds: limit });
    void worker.terminate();
    this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.releaseBlasThreads();
    for (const job of this.busy.values()) clearTimeout(job.timer);
    const all = [...this.all];
    this.all.clear();
    this.idle = [];
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}
