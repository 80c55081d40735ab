/**
 * Settings of the SLURM executor: from the sweep's options, else from the environment (TL_SLURM_*), else SLURM's own
 * defaults (nothing is passed, so the cluster's defaults and the user's ~/.slurm settings apply). Validated here,
 * and turned into sbatch's command-line options.
 */

/** What a sweep passes to `sbatch` (every field optional; environment variable in brackets). */
export interface SlurmSettings {
  /** `--partition` [TL_SLURM_PARTITION]. */
  partition?: string;
  /** `--time` per array task, in SLURM's forms: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS [TL_SLURM_TIME]. */
  time?: string;
  /** `--cpus-per-task`: also the number of worker threads each task runs its chunk on [TL_SLURM_CPUS_PER_TASK]. */
  cpusPerTask?: number;
  /** `--mem` per task, e.g. '4G', '2000M' [TL_SLURM_MEMORY]. */
  memory?: string;
  /** At most this many array tasks run at once (`--array=0-N%limit`) [TL_SLURM_ARRAY_LIMIT]. */
  arrayLimit?: number;
  /** Runs per array task (default: 1, or more so that the array has at most 1000 tasks) [TL_SLURM_RUNS_PER_TASK]. */
  runsPerTask?: number;
  /** `--account` [TL_SLURM_ACCOUNT]. */
  account?: string;
  /** More sbatch options, passed as they are, e.g. ['--qos=short', '--constraint=avx2'] [TL_SLURM_EXTRA, space-separated]. */
  extra?: string[];
  /** The Node binary on the compute nodes (default: the submitting process's own, process.execPath) [TL_SLURM_NODE]. */
  node?: string;
  /** Seconds between looks at the cache and `squeue` while waiting (default 5) [TL_SLURM_POLL]. */
  pollSeconds?: number;
}

const timePattern = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/;
const memoryPattern = /^\d+(\.\d+)?[KMGT]?$/i;
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function shown(value: unknown): string {
  return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : JSON.stringify(value);
}

function positiveInteger(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new Error(`slurm.${field}: expected a positive integer, got ${shown(value)}`);
  return n;
}

function matching(field: string, value: unknown, pattern: RegExp, allowed: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw new Error(`slurm.${field}: expected ${allowed}, got ${shown(value)}`);
  return value;
}

/** A setting given in the environment (empty counts as unset). */
function fromEnv(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

const known = ['partition', 'time', 'cpusPerTask', 'memory', 'arrayLimit', 'runsPerTask', 'account', 'extra', 'node', 'pollSeconds'];

/** Options first, then TL_SLURM_* from the environment; every value checked (a bad one names the field and value). */
export function resolveSlurmSettings(options: SlurmSettings = {}): SlurmSettings {
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw new Error(`slurm: expected an object of settings, got ${shown(options)}`);
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new Error(`slurm.${k}: unknown setting; allowed: ${known.join(', ')}`);
  }
  const pick = <K extends keyof SlurmSettings>(k: K, env: string): SlurmSettings[K] | string | undefined => options[k] ?? fromEnv(env);
  const extraRaw = options.extra ?? fromEnv('TL_SLURM_EXTRA')?.split(/\s+/);
  if (extraRaw !== undefined && (!Array.isArray(extraRaw) || extraRaw.some((x) => typeof x !== 'string' || !x.startsWith('-')))) {
    throw new Error(`slurm.extra: expected a list of sbatch options each starting with '-', got ${shown(extraRaw)}`);
  }
  const poll = pick('pollSeconds', 'TL_SLURM_POLL');
  const pollSeconds = poll === undefined ? undefined : Number(poll);
  if (pollSeconds !== undefined && !(Number.isFinite(pollSeconds) && pollSeconds > 0)) {
    throw new Error(`slurm.pollSeconds: expected a positive number of seconds, got ${shown(poll)}`);
  }
  const node = pick('node', 'TL_SLURM_NODE');
  if (node !== undefined && (typeof node !== 'string' || node === '')) throw new Error(`slurm.node: expected a path to node, got ${shown(node)}`);
  return {
    partition: matching('partition', pick('partition', 'TL_SLURM_PARTITION'), namePattern, 'a partition name'),
    time: matching('time', pick('time', 'TL_SLURM_TIME'), timePattern, 'minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS'),
    cpusPerTask: positiveInteger('cpusPerTask', pick('cpusPerTask', 'TL_SLURM_CPUS_PER_TASK')),
    memory: matching('memory', pick('memory', 'TL_SLURM_MEMORY'), memoryPattern, "a size such as '4G' or '2000M'"),
    arrayLimit: positiveInteger('arrayLimit', pick('arrayLimit', 'TL_SLURM_ARRAY_LIMIT')),
    runsPerTask: positiveInteger('runsPerTask', pick('runsPerTask', 'TL_SLURM_RUNS_PER_TASK')),
    account: matching('account', pick('account', 'TL_SLURM_ACCOUNT'), namePattern, 'an account name'),
    extra: extraRaw as string[] | undefined,
    node: node as string | undefined,
    pollSeconds,
  };
}

/** Largest array SLURM accepts by default (MaxArraySize = 1001 → indexes 0…1000); larger sweeps get more runs per task. */
export const defaultMaxArrayTasks = 1000;

/**
 * Split runs 0…n−1 into tasks of at most `runsPerTask` runs (default max(1, ⌈n/1000⌉)), strided: task k gets runs
 * k, k + T, k + 2T, … (T tasks), so that grids ordered by size spread their big runs over all tasks.
 */
export function chunkRuns(n: number, runsPerTask?: number): number[][] {
  const per = runsPerTask ?? Math.max(1, Math.ceil(n / defaultMaxArrayTasks));
  const tasks = Math.ceil(n / per);
  const chunks: number[][] = Array.from({ length: tasks }, () => []);
  for (let i = 0; i < n; i++) chunks[i % tasks].push(i);
  return chunks;
}

/** sbatch's options for an array of `tasks` tasks (logs: <folder>/task-<k>.out, stdout and stderr, appended). */
export function sbatchArguments(settings: SlurmSettings, tasks: number, jobName: string, folder: string): string[] {
  const args = [
    '--parsable',
    `--array=0-${tasks - 1}${settings.arrayLimit ? `%${settings.arrayLimit}` : ''}`,
    `--job-name=${jobName}`,
    `--output=${folder}/task-%a.out`,
    '--open-mode=append',
  ];
  if (settings.partition) args.push(`--partition=${settings.partition}`);
  if (settings.time) args.push(`--time=${settings.time}`);
  if (settings.cpusPerTask) args.push(`--cpus-per-task=${settings.cpusPerTask}`);
  if (settings.memory) args.push(`--mem=${settings.memory}`);
  if (settings.account) args.push(`--account=${settings.account}`);
  if (settings.extra) args.push(...settings.extra);
  return args;
}
