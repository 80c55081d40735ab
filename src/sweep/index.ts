/** Sweeps: grids and spec grids, typed runs, worker pools, the per-run cache, progress, SLURM job arrays. (reached as tl.sweeps.…; the researcher's vocabulary is also at the package root). */
export * from './cache';
export * from './cli-sweep';
export * from './grid';
export * from './pool';
export * from './progress';
export * from './records';
export * from './slurm-commands';
export * from './slurm-executor';
export * from './slurm-settings';
export * from './slurm-submit';
export * from './slurm-task';
export * from './spec-grid';
export * from './spec-run';
export * from './sweep';
export * from './cost';
