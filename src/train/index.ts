/** Training: the loop, optimizers with per-parameter rates, schedules. (reached as tl.train.…; the researcher's vocabulary is also at the package root). */
export * from './loop';
export * from './optimizers';
export * from './schedule';
